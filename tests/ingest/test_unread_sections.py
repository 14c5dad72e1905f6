"""A book or section budgetkg cannot read is said so, per section — never a silent empty result
(issue 14): a 臺北市 book's 約聘僱人員費用分析表 (a title no parser knows) and 人事費彙計表 (a known title
whose local layout yields nothing), a 高雄市 book section by section, and a fund book whose every
page is of an unknown layout (one clear line, non-zero exit)."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.cli import main
from api.pipeline import ingest_books
from ingest.book import parse_document
from ingest.readers.base import BookError
from ingest.readers.pdf import assemble, read_range


@pytest.fixture(scope="module")
def corpus(shared_dir: Path) -> Path:
    return shared_dir / "corpus" / "pdf"


def test_titled_pages_no_parser_reads_are_reported_with_their_pages(corpus: Path) -> None:
    pdf = corpus / "taipei-social-116.pdf"
    # the cover and 目次, the first page of 歲入預算表 (p.17), 人事費彙計表 (printed p.141; its layout yields
    # nothing), 約聘僱人員費用分析表 (no parser)
    reads = [*read_range(str(pdf), 0, 6), *read_range(str(pdf), 24, 25), *read_range(str(pdf), 152, 156)]
    parsed = parse_document(assemble(reads, source=pdf.name))
    by_title = {s.title: s for s in parsed.coverage}
    assert by_title["歲入來源別預算表"].status == "read"
    personnel = by_title["人事費彙計表"]
    assert (personnel.status, personnel.records, personnel.first_page) == ("empty", 0, 141)
    contracts = by_title["約聘僱人員費用分析表"]
    assert (contracts.status, contracts.first_page, contracts.last_page) == ("not supported", 142, 144)
    assert "約聘僱人員費用分析表" in parsed.unsupported and "人事費彙計表 (0 records)" in parsed.unsupported
    assert [s.first_page for s in parsed.coverage] == sorted(s.first_page or 0 for s in parsed.coverage)


def test_parse_and_check_print_each_section_not_read(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = corpus / "kaohsiung-115.pdf"
    assert main(["parse", str(book)]) == 0
    out = capsys.readouterr().out
    assert "book kind: 高雄市 (直轄市) 單位預算 (layout: local 單位預算)" in out
    assert "  EMPTY (0 records, layout not read)  人事費彙計表 (p.24)" in out.splitlines()
    assert "  read    10 records  歲出機關別預算表 (p.6)" in out.splitlines()
    assert "  NOT SUPPORTED  約聘僱人員費用分析表 (p.25)" in out.splitlines()
    assert "  read     5 records  公務車輛明細表 (p.26)" in out.splitlines()
    assert out.splitlines()[-1].startswith(
        "8 of 11 sections read; not read: 歲出計畫說明提要與各項費用明細表 (pp.7–19)"
    )
    main(["check", str(book)])
    out = capsys.readouterr().out
    assert "unchecked: EMPTY (0 records, layout not read)  人事費彙計表 (p.24)" in out
    assert out.splitlines()[-1].startswith("summary: ")


def test_ingest_answers_with_the_sections_not_read(corpus: Path, tmp_path: Path) -> None:
    (result,) = ingest_books([corpus / "kaohsiung-115.pdf"], tmp_path / "data", index_search=False)
    assert result.ok, result.error
    assert result.kind == "高雄市 (直轄市) 單位預算"
    assert result.sections_read == 8
    assert "人事費彙計表 (p.24): empty" in result.not_read
    assert "歲出計畫說明提要與各項費用明細表 (pp.7–19): not supported" in result.not_read


@pytest.mark.parametrize("command", ["parse", "check"])
def test_a_book_of_an_unknown_layout_gets_one_clear_line(
    corpus: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main([command, str(corpus / "moa-fund-detail-114.pdf")])
    err = [line for line in capsys.readouterr().err.splitlines() if line and not line.startswith("…")]
    assert status != 0
    assert len(err) == 1
    assert "附屬單位預算 農業發展基金" in err[0] and "基金用途明細表說明" in err[0]
    assert "fund layout is not supported" in err[0]


def test_a_fund_book_whose_known_titles_give_nothing_is_one_clear_error(corpus: Path) -> None:
    """The fund's 媒體政策及業務宣導費彙計表 / 各項費用彙計表 / 公務車輛明細表 carry unit-budget titles but a fund's
    layout: every section is read and gives nothing, so the book is refused in one line, not stored empty."""
    pdf = corpus / "moa-fund-115.pdf"
    reads = [*read_range(str(pdf), 0, 4), *read_range(str(pdf), 72, 81)]  # printed pp.67–75
    document = assemble(reads, source=pdf.name)
    assert document.kind.layout == "fund"
    with pytest.raises(BookError) as error:
        parse_document(document)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith("moa-fund-115.pdf: a 中央政府 附屬單位預算 農業特別收入基金 book")
    assert "媒體政策及業務宣導費彙計表" in message and "the fund layout is not supported yet" in message
