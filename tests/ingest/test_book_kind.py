"""The kind of book and whose it is, recognised from the first pages of each book of the corpus
(issue 14): the central 內政部 單位預算, six local 單位預算 books of four 直轄市, and two fund books."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.book_kind import BookKind, recognise
from ingest.readers.base import BookError
from ingest.readers.pdf import assemble, read_range

FIRST_PAGES = 6  # the cover, the 目次 and the first running headers; enough for every book here

BOOKS = {
    "kaohsiung-115": ("單位預算", "直轄市", "高雄市", "", "高雄市政府主計處單位預算"),
    "newtaipei-115": ("單位預算", "直轄市", "新北市", "", "新北市政府主計處單位預算"),
    "taichung-115": ("單位預算", "直轄市", "臺中市", "", "臺中市政府主計處單位預算"),
    "taipei-116": ("單位預算", "直轄市", "臺北市", "", "臺北市政府主計處單位預算"),
    "taipei-newworks-116": ("單位預算", "直轄市", "臺北市", "", "臺北市政府工務局新建工程處單位預算"),
    "taipei-social-116": ("單位預算", "直轄市", "臺北市", "", "臺北市政府社會局單位預算"),
    # the cover prints 中央政府總預算案 / 農業部主管 / 農業特別收入基金附屬單位預算: the most specific wins
    "moa-fund-115": (
        "附屬單位預算",
        "central",
        "中央政府",
        "農業特別收入基金",
        "農業部農業特別收入基金附屬單位預算",
    ),
    # an extract without a cover: the fund is named by every running header
    "moa-fund-detail-114": ("附屬單位預算", "central", "中央政府", "農業發展基金", ""),
}


@pytest.mark.parametrize("name", sorted(BOOKS))
def test_the_first_pages_name_the_kind_and_the_government(shared_dir: Path, name: str) -> None:
    kind, level, government, fund, _title = BOOKS[name]
    reads = read_range(str(shared_dir / "corpus" / "pdf" / f"{name}.pdf"), 0, FIRST_PAGES)
    agency = next((r.agency for r in reads if r.agency.endswith(("處", "局", "部"))), "")
    found = recognise([r.lines for r in reads], agency)
    assert found == BookKind(kind=kind, level=level, government=government, fund=fund)
    assert found.local == (level != "central")


def test_the_document_and_its_title_carry_the_kind(shared_dir: Path) -> None:
    kind, level, government, _fund, title = BOOKS["taipei-social-116"]
    pdf = shared_dir / "corpus" / "pdf" / "taipei-social-116.pdf"
    document = assemble(read_range(str(pdf), 0, 12), source=pdf.name)
    assert (document.kind.kind, document.kind.level, document.kind.government) == (kind, level, government)
    assert document.title == title


def test_pages_of_a_fund_book_no_parser_reads_name_the_fund(shared_dir: Path) -> None:
    """The fund book's first 12 pages (cover, 目次, 業務計畫及預算說明) hold no table budgetkg reads."""
    pdf = shared_dir / "corpus" / "pdf" / "moa-fund-115.pdf"
    with pytest.raises(BookError) as error:
        assemble(read_range(str(pdf), 0, 12), source=pdf.name)
    message = str(error.value)
    assert "\n" not in message and len(message) < 300
    assert message.startswith("moa-fund-115.pdf: a 中央政府 附屬單位預算 農業特別收入基金 book")
    assert "its pages print: 農業特別收入基金目次、農業特別收入基金業務計畫及預算說明、" in message
    assert message.endswith("the fund layout is not supported yet.")


def test_a_central_unit_budget_stays_central(moi_pdf: Path) -> None:
    reads = read_range(str(moi_pdf), 0, FIRST_PAGES)
    found = recognise([r.lines for r in reads], "內政部")
    assert found == BookKind(kind="單位預算", level="central", government="中央政府")
    assert found.layout == "central 單位預算"


def test_title_lines_alone() -> None:
    """Cover lines as printed (spaced letters, 台 for 臺, a county)."""
    assert recognise([["中華民國115年度", "宜蘭縣總預算案", "宜蘭縣政府財政處單位預算"]]) == BookKind(
        level="縣市", government="宜蘭縣"
    )
    assert recognise([["台 中 市 政 府 主 計 處", "單 位 預 算"]]).government == "臺中市"
    assert recognise([["中華民國114年度", "中央政府總預算案", "內政部主管預算"]]).kind == "主管預算"
    assert recognise([["中華民國114年度", "中央政府總預算"]]).kind == "總預算"
