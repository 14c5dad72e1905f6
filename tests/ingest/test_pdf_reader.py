"""The PDF reader on the real 內政部 114 unit budget book: figures pinned are the ones the book prints.

Page-range tests read a few physical pages (fast); the whole-book tests are marked slow.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.document import Document, Page
from ingest.layout import section_kind
from ingest.readers.pdf import PdfReader, assemble, read_range
from ingest.sections import split_sections


def _pages(moi_pdf: Path, *physical: int) -> dict[int, Page]:
    out = {}
    for number in physical:
        out[number] = read_range(str(moi_pdf), number - 1, number)[0].page
    return out


def _rows(page: Page) -> list[list[str]]:
    return [row for block in page.tables for row in block.rows]


def _row_with(page: Page, text: str) -> list[str]:
    return next(row for row in _rows(page) if any(text in cell for cell in row))


@pytest.fixture(scope="module")
def pages(moi_pdf: Path) -> dict[int, Page]:
    # physical page → Page: covers, a statement page, the two main tables, a spread, the appendix
    return _pages(moi_pdf, 1, 2, 6, 46, 48, 59, 131, 132, 155, 156, 304)


def test_printed_page_numbers_are_read_from_the_labels(pages: dict[int, Page]) -> None:
    # (0801)-001 on PDF page 6, -039 on 46, -052 (本頁空白) on 59, -289 in the 附錄 on 304
    assert {n: pages[n].number for n in (6, 46, 48, 59, 131, 132, 304)} == {
        6: 1,
        46: 39,
        48: 41,
        59: 52,
        131: 122,
        132: 123,
        304: 289,
    }
    assert pages[1].number is None and pages[2].number is None  # cover image, 目次
    assert pages[59].blank


def test_running_header_gives_title_unit_and_year(pages: dict[int, Page]) -> None:
    page = pages[46]
    assert page.title == "歲入來源別預算表"
    assert page.unit == "千元"
    assert "中華民國114年度" in page.header
    assert pages[6].title == "預算總說明" and section_kind(pages[6].title) == "general_statement"


def test_revenue_total_row_reads_the_printed_figures(pages: dict[int, Page]) -> None:
    # 歲入來源別預算表 合計: 278,856 / 217,739 / 440,635 / 61,117 千元
    row = _row_with(pages[46], "合 計")
    assert [cell for cell in row if cell and cell[0].isdigit()] == ["278,856", "217,739", "440,635", "61,117"]


def test_doubly_drawn_glyphs_are_read_once(pages: dict[int, Page]) -> None:
    # 罰款及賠償收入 1,786 is drawn twice (pdfplumber alone returns 11,,778866)
    row = _row_with(pages[46], "罰款及賠償收入")
    assert row[4] == "0400000000\n罰款及賠償收入"
    assert row[5:8] == ["1,786", "1,786", "9,785"]
    assert "民民" not in pages[48].text and "11,,77" not in pages[46].text


def test_expenditure_by_agency_code_line_joins_its_row(pages: dict[int, Page]) -> None:
    # 歲出機關別預算表: 0008010000 內政部 13,424,378 / 12,431,027 / 8,983,330 / 993,351
    row = _row_with(pages[48], "0008010000")
    assert "0008010000\n內政部" in row
    assert [c for c in row if "," in c][:4] == ["13,424,378", "12,431,027", "8,983,330", "993,351"]
    group = _row_with(pages[48], "內政部主管")
    assert group[0] == "7" and not any("," in cell for cell in group)  # a group row: code, no amounts


def test_spread_halves_are_cropped_titled_and_pair_row_for_row(pages: dict[int, Page]) -> None:
    left, right = pages[131], pages[132]
    assert (left.half, right.half) == ("left", "right")
    assert left.title == right.title == "歲出一級用途別科目分析表"
    assert len(_rows(left)) == len(_rows(right))
    # the right page's stream also holds the left half: none of its figures may leak in
    assert "3,607,996" in left.text and "3,607,996" not in right.text
    # 一般行政: 人事費 1,640,215 on the left; 合計 1,771,975 (as in 歲出機關別預算表) on the right
    index = next(i for i, row in enumerate(_rows(left)) if "一般行政" in row)
    assert "1,640,215" in _rows(left)[index]
    assert _rows(right)[index][-1] == "1,771,975"


def test_subsidy_spread_pairs_and_keeps_recipient_lines(pages: dict[int, Page]) -> None:
    left, right = pages[155], pages[156]
    assert left.title == right.title == "補助經費分析表"
    assert len(_rows(left)) == len(_rows(right))
    recipient = _row_with(left, "[1]補助直轄市政府")
    assert recipient[-1] == "316,470"  # 補助地方政府春節期間加發村里長事務補助費, 直轄市


def test_appendix_pages_are_marked_with_their_organisation(moi_pdf: Path) -> None:
    # PDF pages 298–304: the 附錄 divider, its back, the 附錄(一) 內政部 cover, its 目次, the first plan page
    document = assemble(read_range(str(moi_pdf), 297, 304), source=moi_pdf.name)
    page = document.pages[-1]
    assert page.number == 289
    assert page.title.startswith("附錄:") and page.title.endswith("歲出計畫提要及分支計畫概況表")
    assert page.header[0] == "附錄(一) 內政部"
    assert section_kind(page.title) == "appendix"


@pytest.fixture(scope="module")
def book(moi_pdf: Path) -> Document:
    return PdfReader(workers=2).read(moi_pdf)


@pytest.mark.slow
def test_whole_book_identity_and_toc(book: Document) -> None:
    assert (book.agency, book.roc_year, book.title, book.reader) == ("內政部", 114, "內政部單位預算", "pdf")
    assert len(book.pages) == 392
    toc = {entry.title: (entry.first_page, entry.last_page) for entry in book.toc}
    assert toc["歲入來源別預算表"] == (39, 40)
    assert toc["歲出機關別預算表"] == (41, 51)
    assert toc["立法院審議中央政府總預算案所提決議、附帶決議及注意事項辦理情形報告表"] == (199, 287)


@pytest.mark.slow
def test_whole_book_sections_match_the_toc_ranges(book: Document) -> None:
    sections = {s.kind: s for s in split_sections(book) if s.kind != "appendix"}
    toc = {section_kind(e.title): (e.first_page, e.last_page) for e in book.toc if section_kind(e.title)}
    for kind in ("revenue_by_source", "expenditure_by_agency", "expense_summary", "subsidies", "donations"):
        first, last = toc[kind]
        assert sections[kind].first_page == first, kind
        # a section may close with its blank back page (本頁空白), one past the 目次's range
        assert sections[kind].last_page in (last, (last or 0) + 1), kind


@pytest.mark.slow
def test_whole_book_appendix_never_merges_into_the_main_body(book: Document) -> None:
    plan_sections = [s for s in split_sections(book) if s.kind == "plan_summary"]
    assert len(plan_sections) == 1
    assert (plan_sections[0].first_page, plan_sections[0].last_page) == (65, 114)
    appendix = [p for p in book.pages if p.title.startswith("附錄:")]
    assert {p.header[0] for p in appendix} == {
        "附錄(一) 內政部",
        "附錄(二) 內政部國土測繪中心",
        "附錄(三) 內政部土地重劃工程處",
    }
    assert min(p.number or 0 for p in appendix) == 289 and max(p.number or 0 for p in appendix) == 369
