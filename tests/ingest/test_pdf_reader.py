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
    # physical page → Page: covers, a statement page, the two main tables, a blank page, two spreads
    return _pages(moi_pdf, 1, 2, 6, 46, 48, 59, 62, 71, 126, 131, 132, 155, 156, 181, 358)


def test_printed_page_numbers_are_read_from_the_labels(pages: dict[int, Page]) -> None:
    # (0801)-001 on PDF page 6, -039 on 46, -052 (本頁空白) on 59, -339 in the 附錄 on 358
    assert {n: pages[n].number for n in (6, 46, 48, 59, 131, 132, 358)} == {
        6: 1,
        46: 39,
        48: 41,
        59: 52,
        131: 122,
        132: 123,
        358: 339,
    }
    assert pages[1].number is None and pages[2].number is None  # cover image, 目次
    assert pages[59].blank


def test_running_header_gives_title_unit_and_year(pages: dict[int, Page]) -> None:
    page = pages[46]
    assert page.title == "歲入來源別預算表"
    assert page.unit == "千元"
    assert "中華民國114年度" in page.header
    assert pages[6].title == "預算總說明" and section_kind(pages[6].title) == "general_statement"


def test_title_is_named_as_the_markdown_reader_names_it(pages: dict[int, Page]) -> None:
    # printed: 各項費用彙計表(續) on p.117, 派員出國計畫預算類別表－開會、談判 across the fold of pp.172–173
    assert pages[126].title == "各項費用彙計表" and "各項費用彙計表(續)" in pages[126].header
    assert pages[181].title == "派員出國計畫預算類別表"
    assert "派員出國計畫預算類別表-開會、談判" in pages[181].header


def test_revenue_total_row_reads_the_printed_figures(pages: dict[int, Page]) -> None:
    # 歲入來源別預算表 合計: 278,856 / 217,739 / 440,635 / 61,117 千元
    row = _row_with(pages[46], "合 計")
    assert [cell for cell in row if cell and cell[0].isdigit()] == ["278,856", "217,739", "440,635", "61,117"]


def test_code_line_and_name_make_one_revenue_row(pages: dict[int, Page]) -> None:
    # 0400000000 罰款及賠償收入: 1,786 / 1,786 / 9,785 / - (款 2)
    row = _row_with(pages[46], "罰款及賠償收入")
    assert row[0] == "2"
    assert row[4] == "0400000000\n罰款及賠償收入"
    assert row[5:9] == ["1,786", "1,786", "9,785", "-"]


def test_doubly_drawn_glyphs_are_read_once(pages: dict[int, Page]) -> None:
    # p.53 prints 1,786 and p.41 民政支出 twice over (pdfplumber alone: 11,,778866, 民民政政支支出出)
    row = _row_with(pages[62], "罰款及賠償收入")
    assert row[4:6] == ["0400000000\n罰款及賠償收入", "1,786"]
    assert "3708010000\n民政支出" in _row_with(pages[48], "民政支出")
    assert "11,,77" not in pages[62].text and "民民" not in pages[48].text


def test_expenditure_by_agency_code_line_joins_its_row(pages: dict[int, Page]) -> None:
    # 歲出機關別預算表: 0008010000 內政部 13,424,378 / 12,431,027 / 8,983,330 / 993,351
    row = _row_with(pages[48], "0008010000")
    assert "0008010000\n內政部" in row
    assert [c for c in row if "," in c][:4] == ["13,424,378", "12,431,027", "8,983,330", "993,351"]
    group = _row_with(pages[48], "內政部主管")
    assert group[0] == "7" and not any("," in cell for cell in group)  # a group row: code, no amounts


def test_side_by_side_columns_are_read_one_after_the_other(pages: dict[int, Page]) -> None:
    # p.62 (租金收入) prints 一、項目內容 and 二、法令依據 side by side, with no ruling between them
    texts = [b.text for b in pages[71].blocks if b.kind == "paragraph"]
    assert (
        "一、項目內容\n代收中央聯合辦公大樓南棟管理小組經管之房地\n,出租予合作社及郵局之場地租金。" in texts
    )
    assert "二、法令依據\n國有財產法第28條及國有公用不動產收益原則。" in texts
    assert "金 額 及 說 明" in texts  # the letter-spaced heading below the columns stays whole


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
    # printed without pages of its own: spans its items, 1.一般行政 065-068 … 13.社會行政業務 113-114
    assert toc["歲出計畫提要及分支計畫概況表"] == (65, 114)
    assert toc["立法院審議中央政府總預算案所提決議、附帶決議及注意事項辦理情形報告表"] == (199, 287)


@pytest.mark.slow
def test_whole_book_sections_match_the_toc_ranges(book: Document) -> None:
    sections = {s.kind: s for s in split_sections(book) if s.kind != "appendix"}
    toc = {section_kind(e.title): (e.first_page, e.last_page) for e in book.toc if section_kind(e.title)}
    kinds = (
        "revenue_by_source",
        "expenditure_by_agency",
        "revenue_explanation",
        "plan_summary",
        "expense_summary",
    )
    for kind in (*kinds, "object_class_analysis", "offices", "subsidies", "donations", "commissions"):
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


@pytest.mark.slow
def test_whole_book_pages_printed_for_other_organisations_name_them(book: Document) -> None:
    # 現有辦公房舍明細表 pp.138–145: 內政部彙編, 內政部, 內政部國土測繪中心, 內政部土地重劃工程處
    offices = {
        p.number: p.header[0] if p.header else "" for p in book.pages if p.title == "現有辦公房舍明細表"
    }
    assert offices[138] == offices[139] == "內政部彙編"
    assert offices[142] == offices[143] == "內政部國土測繪中心"
    assert offices[144] == "內政部土地重劃工程處"
    assert offices[140] != "內政部彙編"  # the book's own agency needs no extra line
