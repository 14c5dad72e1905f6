"""歲出機關別預算表 (pp.27–28) read into ExpenditureItems that add up, pinned to the printed figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.book import ParsedBook
from ingest.document import Block, Page
from ingest.parsers.base import BookContext
from ingest.parsers.expenditure_by_agency import ExpenditureByAgencyParser
from ingest.records import Agency, ExpenditureItem, Record, records_of
from ingest.sections import Section, split_sections

K = Decimal(1000)


HEADER = [
    "款",
    "項",
    "目",
    "節",
    "名稱及編號",
    "本年度預算數",
    "上年度預算數",
    "前年度決算數",
    "本年度與上年度比較",
    "說明",
]
# Some pages print the last amount column's heading as just 比較.
HEADER_SHORT = [*HEADER[:8], "比較", "說明"]


def _items(book: ParsedBook) -> dict[str, ExpenditureItem]:
    return {item.code: item for item in records_of(book.records, ExpenditureItem)}


def _thousands(item: ExpenditureItem) -> Decimal:
    assert item.amount is not None
    return item.amount.value_ntd / K


def test_rows_levels_and_printed_amounts(sample_book: ParsedBook) -> None:
    items = _items(sample_book)
    assert list(items) == [
        "0026000000",
        "0026100000",
        "5226100000",
        "5226102200",
        "5726100000",
        "5726100100",
        "5726102000",
        "5726108100",
        "5726108110",
        "5726109800",
    ]
    assert items["0026000000"].name == "經濟部主管"
    assert items["0026000000"].amount is None  # the 主管 heading prints no figures
    assert (items["0026000000"].level, items["0026000000"].number) == ("款", "13")
    agency = items["0026100000"]
    assert (agency.name, agency.level, agency.parent_code, _thousands(agency)) == (
        "產業發展署",
        "項",
        "0026000000",
        13539071,
    )
    assert agency.change is not None and agency.change.value_ntd / K == 1657287
    assert {code: items[code].level for code in ("5226100000", "5726100000")} == {
        "5226100000": "政事別",
        "5726100000": "政事別",
    }
    assert items["5226100000"].name == "科學支出" and items["5226100000"].parent_code == "0026100000"
    printed = {
        "5226102200": ("工業技術升級輔導", 12111581),
        "5726100100": ("一般行政", 383155),
        "5726102000": ("工業管理", 363335),
        "5726108100": ("非營業特種基金", 678000),
        "5726108110": ("經濟特別收入基金", 678000),
        "5726109800": ("第一預備金", 3000),
    }
    assert {code: (items[code].name, _thousands(items[code])) for code in printed} == printed
    assert items["5726108110"].level == "節" and items["5726108110"].parent_code == "5726108100"
    assert items["5726102000"].parent_code == "5726100000"
    reserve = items["5726109800"]
    assert reserve.prior_year_actual is not None and reserve.prior_year_actual.value_ntd == 0  # printed "-"
    assert reserve.note == "仍照上年度預算數編列。"


def test_rows_carry_their_pages(sample_book: ParsedBook) -> None:
    items = _items(sample_book)
    assert items["5726100100"].provenance.page == 27
    assert items["5726102000"].provenance.page == 28
    assert items["5726109800"].provenance.page == 28


def test_note_spilled_onto_the_next_page_goes_back_to_its_row(sample_book: ParsedBook) -> None:
    """p.28's first 說明 cell starts with 一般行政's (2)(3) before 工業管理's own "1.本年度預算數"."""
    items = _items(sample_book)
    general = items["5726100100"].note
    assert general.startswith("1. 本年度預算數383,155千元")
    assert "(2)基本行政工作維持費26,700千元" in general
    assert general.endswith("資安聯防與設備監控強化服務等經費6,432千元。")
    management = items["5726102000"].note
    assert management.startswith("1.本年度預算數363,335千元")
    assert "基本行政工作維持費" not in management
    assert items["5726108110"].note.startswith("本年度預算數678,000千元")


def test_agency_gets_its_code_and_parent_from_this_table(sample_book: ParsedBook) -> None:
    (agency,) = records_of(sample_book.records, Agency)
    assert (agency.name, agency.code, agency.parent_name, agency.parent_code) == (
        "經濟部產業發展署",
        "0026100000",
        "經濟部主管",
        "0026000000",
    )


def test_expenditure_checks_all_pass(sample_book: ParsedBook) -> None:
    checks = [c for c in sample_book.report.checks if c.family == "expenditure"]
    assert checks and all(c.status == "pass" for c in checks)
    agency = [c for c in checks if "0026100000" in c.location and "本年度預算數" in c.name]
    # 13,539,071 = 12,111,581 + 1,427,490 (政事別) = 12,111,581 + 383,155 + 363,335 + 678,000 + 3,000 (work plans)
    assert sorted(c.name for c in agency) == ["項 本年度預算數 = Σ 工作計畫", "項 本年度預算數 = Σ 政事別"]
    assert all(c.printed == c.computed == 13539071 * K for c in agency)
    located = {c.location.split()[1] for c in checks}
    assert {"5226100000", "5726100000", "5726108100"} <= located  # 政事別 and 目 = Σ 節
    assert any(c.name.startswith("比較") and "5726102000" in c.location for c in checks)


def test_a_work_plan_that_does_not_add_up_fails() -> None:
    rows = [
        HEADER_SHORT,
        ["", "", "", "", "0026100000 產業發展署", "100", "90", "80", "10", ""],
        ["", "", "", "", "5726100000 工業支出", "100", "90", "80", "10", ""],
        ["", "", "1", "", "5726100100 一般行政", "60", "50", "40", "10", ""],
        ["", "", "2", "", "5726102000 工業管理", "30", "40", "40", "-10", ""],
    ]
    page = Page(index=1, number=27, unit="千元", blocks=[Block(kind="table", rows=rows)])
    records = ExpenditureByAgencyParser().parse(
        Section("expenditure_by_agency", "歲出機關別預算表", [page]), BookContext("t.md", "x", 114)
    )
    from ingest.reconcile import reconcile

    failed = {
        (c.location.split()[1], c.name) for c in reconcile("t", list(records)).checks if c.status == "fail"
    }
    assert ("5726100000", "政事別 本年度預算數 = Σ 下層") in failed  # 100 ≠ 60 + 30
    assert ("0026100000", "項 本年度預算數 = Σ 工作計畫") in failed
    assert ("5726100000", "政事別 上年度預算數 = Σ 下層") not in failed  # 90 = 50 + 40


def test_code_read_as_a_row_of_its_own_joins_the_row_below() -> None:
    """A PDF table can put the 10-digit code on a line above the name and the figures."""
    rows = [
        HEADER,
        ["", "", "", "", "0015000000", "", "", "", "", ""],
        ["15", "", "", "", "內政部主管", "", "", "", "", ""],
        ["", "", "", "", "0015010000", "", "", "", "", ""],
        ["", "1", "", "", "內政部", "1,200", "1,000", "984", "200", ""],
        ["", "", "", "", "5015010000", "", "", "", "", ""],
        ["", "", "", "", "民政支出", "1,200", "1,000", "984", "200", ""],
        ["", "", "", "", "5015010100", "", "", "", "", ""],
        ["", "", "1", "", "一般行政", "1,200", "1,000", "984", "200", "1.本年度預算數1,200千元。"],
    ]
    page = Page(index=1, number=30, unit="千元", blocks=[Block(kind="table", rows=rows)])
    records = ExpenditureByAgencyParser().parse(
        Section("expenditure_by_agency", "歲出機關別預算表", [page]), BookContext("t.pdf", "內政部", 114)
    )
    items = {r.code: r for r in records if isinstance(r, ExpenditureItem)}
    assert {code: (i.name, i.level, i.number) for code, i in items.items()} == {
        "0015000000": ("內政部主管", "款", "15"),
        "0015010000": ("內政部", "項", "1"),
        "5015010000": ("民政支出", "政事別", ""),
        "5015010100": ("一般行政", "目", "1"),
    }
    assert items["0015000000"].amount is None
    assert _thousands(items["5015010100"]) == 1200
    assert items["5015010100"].note == "1.本年度預算數1,200千元。"
    assert items["5015010100"].parent_code == "5015010000"


# ------------------------------------------------------------------ the 內政部 PDF (read by the PDF reader)


@pytest.fixture(scope="module")
def moi_items(moi_pdf: Path) -> list[Record]:
    """歲出機關別預算表 of the 內政部 book, printed pp.41–51 (PDF pages 48–59)."""
    from ingest.readers.pdf import assemble, read_range

    document = assemble(read_range(str(moi_pdf), 47, 59), source=moi_pdf.name)
    context = BookContext(document=moi_pdf.name, agency="內政部", roc_year=114)
    parser = ExpenditureByAgencyParser()
    return [r for s in split_sections(document) if parser.matches(s) for r in parser.parse(s, context)]


def test_pdf_expenditure_rows(moi_items: list[Record]) -> None:
    items = {r.code: r for r in moi_items if isinstance(r, ExpenditureItem)}
    # 主管 and agency codes printed in one cell ("0008000000 內政部主管 0008010000"), the agency's name below
    assert (items["0008000000"].name, items["0008000000"].number, items["0008000000"].amount) == (
        "內政部主管",
        "7",
        None,
    )
    agency = items["0008010000"]
    assert (agency.name, agency.level, _thousands(agency), agency.provenance.page) == (
        "內政部",
        "項",
        13424378,
        41,
    )
    assert {c: items[c].level for c in ("3708010000", "6308010000")} == {
        "3708010000": "政事別",
        "6308010000": "政事別",
    }
    civil = items["3708011000"]  # its code sits on a row of its own at the top of p.42
    assert (civil.name, civil.number, _thousands(civil)) == ("民政及宗教禮制業務", "2", 5669604)
    assert civil.change is not None and civil.change.printed == "-984,152"
    assert civil.note.startswith("1.本年度預算數5,669,604千元")
    # the (4) item beside that lone code is the end of 一般行政's 說明 from p.41
    assert items["3708010100"].note.endswith("(4)綜合規劃業務專案計畫經費3,053千元,與上年度同。")
    assert items["3708012501"].parent_code == "3708012500" and items["3708012501"].level == "節"
    assert _thousands(items["3708019800"]) == 27000 and items["3708019800"].note == "仍照上年度預算數編列。"
    assert _thousands(items["6308013500"]) == 113343


def test_pdf_expenditure_checks_only_round(moi_items: list[Record]) -> None:
    from ingest.reconcile import reconcile

    checks = [c for c in reconcile("moi", moi_items).checks if c.family == "expenditure"]
    assert {c.status for c in checks} == {"pass", "rounding"}
    # 8,983,330 printed for 內政部 前年度決算數 against 8,943,019 + 40,310 = 8,983,329
    rounded = {(c.location.split()[1], c.printed, c.computed) for c in checks if c.status == "rounding"}
    assert rounded == {("0008010000", 8983330 * K, 8983329 * K)}
    agency = [c for c in checks if "0008010000" in c.location and "本年度預算數" in c.name]
    assert len(agency) == 2 and all(c.printed == 13424378 * K for c in agency)
