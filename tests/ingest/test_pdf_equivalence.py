"""A book read from PDF gives what its Markdown conversion gives.

Pages of the bundled sample (歲入來源別預算表, 各項費用彙計表) are printed to PDF with reportlab as
ruled tables under their running headers and page labels, read back with the PDF reader, and
compared with the Markdown reader's pages: the same titles, units, numbers and table rows, and the
same RevenueItem / CrossTabCell records (code, column and amount).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from ingest.book import ParsedBook, parse_document
from ingest.document import Document, Page
from ingest.readers.pdf import PdfReader
from ingest.records import CrossTabCell, RevenueItem

FONT_FILE = Path("/usr/share/fonts/truetype/arphic/uming.ttc")  # Debian fonts-arphic-uming (TrueType)
SECTIONS = ("歲入來源別預算表", "各項費用彙計表")
SIZE = 6.0
LEADING = 7.5


def _font() -> str:
    if not FONT_FILE.exists():
        pytest.skip("needs a TrueType CJK font: apt-get install fonts-arphic-uming")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("UMing", str(FONT_FILE), subfontIndex=0))
    return "UMing"


def _width(text: str) -> float:
    return sum(SIZE if unicodedata.east_asian_width(c) in "WF" else SIZE * 0.55 for c in text)


def _render(pages: list[Page], agency: str, path: Path) -> None:
    """Each page as printed: label, agency, header lines, then the table ruled round every row."""
    from reportlab.pdfgen import canvas

    font = _font()
    pdf = canvas.Canvas(str(path))
    for page in pages:
        rows = [row for block in page.tables for row in block.rows]
        columns = max(len(row) for row in rows)
        rows = [row + [""] * (columns - len(row)) for row in rows]
        widths = [
            max(12.0, *(_width(line) + 6 for row in rows for line in row[c].split("\n")))
            for c in range(columns)
        ]
        page_width = max(595.0, sum(widths) + 60)
        heights = [max(1, *(len(cell.split("\n")) for cell in row)) * LEADING + 4 for row in rows]
        page_height = max(842.0, sum(heights) + 200)
        pdf.setPageSize((page_width, page_height))
        pdf.setFont(font, 9)
        y = page_height - 20
        pdf.drawRightString(page_width - 30, y, f"(0000)-{page.number:03d}")
        for line in [agency, *page.header]:
            y -= 14
            pdf.drawCentredString(page_width / 2, y, line)
        pdf.setFont(font, SIZE)
        top = y - 12
        xs = [30.0]
        for width in widths:
            xs.append(xs[-1] + width)
        y = top
        pdf.setLineWidth(0.5)
        pdf.line(xs[0], top, xs[-1], top)
        for row, height in zip(rows, heights, strict=True):
            for c, cell in enumerate(row):
                for k, line in enumerate(cell.split("\n")):
                    pdf.drawString(xs[c] + 3, y - LEADING * (k + 1), line)
            y -= height
            pdf.line(xs[0], y, xs[-1], y)
        for x in xs:
            pdf.line(x, top, x, y)
        pdf.setFont(font, 9)
        pdf.drawCentredString(page_width / 2, 15, str(page.number))
        pdf.showPage()
    pdf.save()


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("—", "-")


def _table_rows(page: Page) -> list[list[str]]:
    rows = [[_flat(cell) for cell in row] for block in page.tables for row in block.rows]
    trimmed = [row[: max((i + 1 for i, c in enumerate(row) if c), default=0)] for row in rows]
    return [row for row in trimmed if row]  # a row with nothing in it prints nothing to read back


@pytest.fixture(scope="module")
def printed(sample_book: ParsedBook, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Page], Document]:
    pages = [p for p in sample_book.document.pages if p.title in SECTIONS and p.tables and not p.blank]
    path = tmp_path_factory.mktemp("pdf_equivalence") / "sample-excerpt.pdf"
    _render(pages, sample_book.document.agency, path)
    return pages, PdfReader(workers=1).read(path)


def test_pages_keep_title_unit_and_printed_number(printed: tuple[list[Page], Document]) -> None:
    markdown, pdf = printed
    assert [(p.title, p.unit, p.number) for p in pdf.pages] == [(p.title, p.unit, p.number) for p in markdown]
    assert pdf.agency == "經濟部產業發展署" and pdf.roc_year == 114


def test_table_rows_are_the_markdown_rows(printed: tuple[list[Page], Document]) -> None:
    markdown, pdf = printed
    for md_page, pdf_page in zip(markdown, pdf.pages, strict=True):
        assert _table_rows(pdf_page) == _table_rows(md_page), md_page.number


def test_revenue_items_are_the_same(sample_book: ParsedBook, printed: tuple[list[Page], Document]) -> None:
    parsed = parse_document(printed[1])

    def items(records: list[object]) -> set[tuple[str, str, object]]:
        return {(r.code, r.level, r.amount.value_ntd) for r in records if isinstance(r, RevenueItem)}

    expected = items(list(sample_book.records))
    assert expected, "the Markdown path reads RevenueItems from the sample"
    assert items(list(parsed.records)) == expected
    # 合計 of the sample's 歲入來源別預算表: 110,636 / 103,812 / 142,990 / 6,824 千元
    total = next(row for row in _table_rows(printed[1].pages[0]) if "合計" in row)
    assert total[-4:] == ["110,636", "103,812", "142,990", "6,824"]


def test_cross_table_cells_are_the_same(
    sample_book: ParsedBook, printed: tuple[list[Page], Document]
) -> None:
    parsed = parse_document(printed[1])

    def cells(records: list[object]) -> set[tuple[str, str, str, object]]:
        return {
            (r.table, r.row_code, r.column_code or r.column, r.amount.value_ntd)
            for r in records
            if isinstance(r, CrossTabCell) and r.table.startswith("各項費用")
        }

    expected = cells(list(sample_book.records))
    assert expected, "the Markdown path reads the 各項費用彙計表 cells"
    assert cells(list(parsed.records)) == expected
