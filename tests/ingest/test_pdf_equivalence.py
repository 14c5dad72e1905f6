"""A book read from PDF gives what its Markdown conversion gives.

Every table page of the bundled sample is printed to PDF with reportlab the way budget books print
(page label, running header, ruled tables; a wide table's two pages each carrying the whole
double-width content stream), read back with the PDF reader, and compared with the Markdown reader:
the same titles, units, printed numbers and spread halves, the same table rows, and the same records.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ingest.book import ParsedBook, parse_document
from ingest.document import Document, Page
from ingest.layout import section_kind
from ingest.readers.pdf import PdfReader
from ingest.records import Record, RevenueItem, record_key, to_json

FONT_FILE = Path("/usr/share/fonts/truetype/arphic/uming.ttc")  # Debian fonts-arphic-uming (TrueType)
SIZE = 6.0
LEADING = 7.5
# Where printing loses what the Markdown holds, by printed page number.
NOT_ROUND_TRIPPED = {
    39: "a 計畫內容 cell of a dozen lines in one ruled row reads back as one row per numbered item",
    109: "a column empty on every row of a spread half prints nothing, so it is not read back",
}
# Records read from the text pages, which are not printed here.
FROM_TEXT_PAGES = {"Agency", "OrgUnit", "BudgetNarrative", "BudgetBook"}
_DASHES = str.maketrans(dict.fromkeys("\u2014\u2500\u2013\u2212", "-"))


def _font() -> str:
    if not FONT_FILE.exists():
        pytest.skip("needs a TrueType CJK font: apt-get install fonts-arphic-uming")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("UMing", str(FONT_FILE), subfontIndex=0))
    return "UMing"


def _width(text: str) -> float:
    return sum(SIZE if unicodedata.east_asian_width(c) in "WF" else SIZE * 0.55 for c in text)


def _rows(page: Page) -> list[list[str]]:
    rows = [row for block in page.tables for row in block.rows]
    columns = max(len(row) for row in rows)
    return [row + [""] * (columns - len(row)) for row in rows]


def _widths(rows: list[list[str]], room: float) -> list[float]:
    """Column widths that fit every line, stretched to fill the page like a printed table."""
    natural = [
        max(12.0, *(_width(line) + 6 for row in rows for line in row[c].split("\n")))
        for c in range(len(rows[0]))
    ]
    scale = max(1.0, room / sum(natural))
    return [w * scale for w in natural]


@dataclass
class _Half:
    """What one printed page shows: its rows, column widths and running-header lines."""

    page: Page
    rows: list[list[str]]
    widths: list[float]
    header: list[str]


def _halves(pages: list[Page], agency: str) -> list[list[_Half]]:
    """Pages grouped as printed: a wide table's left and right halves form one spread."""
    sheets: list[list[_Half]] = []
    i = 0
    while i < len(pages):
        page = pages[i]
        pair = pages[i + 1] if page.half == "left" and i + 1 < len(pages) else None
        if pair is not None and pair.half == "right":
            # the running header is cut at the fold: 歲出一級用途 | 別科目分析表, 中華民國 | 114年度
            cut, name_cut = len(page.title) // 2, len(agency) // 2
            unit = next((h for h in pair.header if "單位" in h), "單位：新臺幣千元")
            left = [agency[:name_cut], page.title[:cut], "中華民國"]
            right = [agency[name_cut:], page.title[cut:], f"{sample_year}年度", unit]
            sheets.append([_Half(page, _rows(page), [], left), _Half(pair, _rows(pair), [], right)])
            i += 2
        else:
            sheets.append([_Half(page, _rows(page), [], [agency, *page.header])])
            i += 1
    return sheets


sample_year = 114


def _render(pages: list[Page], agency: str, path: Path) -> None:
    """Pages as a budget book prints them: label, running header, a table ruled round every row.

    A spread is printed the way real books are: BOTH of its PDF pages carry the whole double-width
    content stream, the right page shifted left by a page width, so each shows only its own half.
    """
    from reportlab.pdfgen import canvas

    font = _font()
    pdf = canvas.Canvas(str(path))
    for sheet in _halves(pages, agency):
        if len(sheet) == 1:
            _draw_page(pdf, font, sheet[0])
            continue
        needed = max(sum(_widths(h.rows, 0)) for h in sheet) + 60
        page_width = max(595.0, needed)
        for half in sheet:
            half.widths = _widths(half.rows, page_width - 60)
        count = max(len(h.rows) for h in sheet)
        heights = [
            max(1, *(len(cell.split("\n")) for h in sheet if i < len(h.rows) for cell in h.rows[i])) * LEADING
            + 4
            for i in range(count)
        ]
        lines = max(len(h.header) for h in sheet)
        page_height = max(842.0, sum(heights) + 14 * lines + 120)
        for shown in range(len(sheet)):
            pdf.setPageSize((page_width, page_height))
            for side, half in enumerate(sheet):
                offset = (side - shown) * page_width
                _draw_half(
                    pdf, font, half, offset, page_width, page_height, heights, len(sheet) == 2 and side == 0
                )
            pdf.showPage()
    pdf.save()


def _draw_page(pdf: Any, font: str, half: _Half) -> None:
    """A page that is not half of a spread: its blocks top to bottom, paragraphs as printed lines."""
    page = half.page
    tables = [[row + [""] * (max(map(len, b.rows)) - len(row)) for row in b.rows] for b in page.tables]
    lines = [line for b in page.blocks if b.kind != "table" for line in b.text.split("\n")]
    width = max(595.0, *(sum(_widths(rows, 0)) + 60 for rows in tables), *(_width(t) + 60 for t in lines))
    heights = [[max(1, *(len(c.split("\n")) for c in row)) * LEADING + 4 for row in rows] for rows in tables]
    height = max(842.0, sum(map(sum, heights)) + LEADING * (len(lines) + 2 * len(page.blocks)) + 200)
    pdf.setPageSize((width, height))
    pdf.setFont(font, 9)
    y = height - 20
    pdf.drawRightString(width - 30, y, f"(0000)-{page.number:03d}")
    for line in half.header:
        y -= 14
        pdf.drawCentredString(width / 2, y, line)
    y -= 12
    pdf.setFont(font, SIZE)
    pdf.setLineWidth(0.5)
    next_table = iter(zip(tables, heights, strict=True))
    for block in page.blocks:
        if block.kind != "table":
            for line in block.text.split("\n"):
                y -= LEADING
                pdf.drawString(30, y, line)
            y -= 2 * LEADING  # a blank line parts two paragraphs
            continue
        rows, row_heights = next(next_table)
        xs = [30.0]
        for w in _widths(rows, 0):
            xs.append(xs[-1] + w)
        top = y
        pdf.line(xs[0], top, xs[-1], top)
        for row, row_height in zip(rows, row_heights, strict=True):
            for c, cell in enumerate(row):
                for k, line in enumerate(cell.split("\n")):
                    pdf.drawString(xs[c] + 3, y - LEADING * (k + 1), line)
            y -= row_height
            pdf.line(xs[0], y, xs[-1], y)
        for x in xs:
            pdf.line(x, top, x, y)
        y -= 2 * LEADING
    pdf.setFont(font, 9)
    pdf.drawCentredString(width / 2, 15, str(page.number))
    pdf.showPage()


def _draw_half(
    pdf: Any,
    font: str,
    half: _Half,
    offset: float,
    width: float,
    height: float,
    heights: list[float],
    left: bool,
) -> None:
    pdf.setFont(font, 9)
    y = height - 20
    pdf.drawRightString(offset + width - 30, y, f"(0000)-{half.page.number:03d}")
    for line in half.header:
        y -= 14
        if half.page.half is None:
            pdf.drawCentredString(offset + width / 2, y, line)
        elif left:  # ends at the fold
            pdf.drawRightString(offset + width - 2, y, line)
        else:  # starts at the fold
            pdf.drawString(offset + 2, y, line)
    pdf.setFont(font, SIZE)
    top = height - 20 - 14 * 5 - 12
    xs = [offset + 30.0]
    for w in half.widths:
        xs.append(xs[-1] + w)
    y = top
    pdf.setLineWidth(0.5)
    pdf.line(xs[0], top, xs[-1], top)
    for i, row_height in enumerate(heights):
        for c, cell in enumerate(half.rows[i] if i < len(half.rows) else []):
            for k, line in enumerate(cell.split("\n")):
                pdf.drawString(xs[c] + 3, y - LEADING * (k + 1), line)
        y -= row_height
        pdf.line(xs[0], y, xs[-1], y)
    for x in xs:
        pdf.line(x, top, x, y)
    pdf.setFont(font, 9)
    pdf.drawCentredString(offset + width / 2, 15, str(half.page.number))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).translate(_DASHES)


def _table_rows(page: Page) -> list[list[str]]:
    rows = [[_flat(cell) for cell in row] for block in page.tables for row in block.rows]
    trimmed = [row[: max((i + 1 for i, c in enumerate(row) if c), default=0)] for row in rows]
    return [row for row in trimmed if row]  # a row with nothing in it prints nothing to read back


@pytest.fixture(scope="module")
def printed(sample_book: ParsedBook, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Page], Path]:
    pages = [
        p
        for p in sample_book.document.pages
        if p.tables and not p.blank and p.number and section_kind(p.title)
    ]
    path = tmp_path_factory.mktemp("pdf_equivalence") / "sample-tables.pdf"
    _render(pages, sample_book.document.agency, path)
    return pages, path


PROGRESS: list[str] = []


@pytest.fixture(scope="module")
def read_back(printed: tuple[list[Page], Path]) -> Document:
    return PdfReader(progress=PROGRESS.append, workers=2).read(printed[1])


def test_progress_is_told_as_page_ranges_finish(
    printed: tuple[list[Page], Path], read_back: Document
) -> None:
    count = len(printed[0])
    assert PROGRESS[-1] == f"read {count}/{count} pages"
    done = [int(m.split()[1].split("/")[0]) for m in PROGRESS]
    assert done == sorted(done) and len(done) == -(-count // 24)  # one message per range of 24 pages


def test_pages_keep_title_unit_number_and_half(printed: tuple[list[Page], Path], read_back: Document) -> None:
    markdown = printed[0]
    assert len(markdown) > 100
    assert [(p.title, p.number, p.half) for p in read_back.pages] == [
        (p.title, p.number, p.half) for p in markdown
    ]
    # the Markdown loses the unit line of a spread's left half; the PDF header spans the fold
    assert [p.unit or pdf.unit for p, pdf in zip(markdown, read_back.pages, strict=True)] == [
        pdf.unit for pdf in read_back.pages
    ]
    assert (read_back.agency, read_back.roc_year) == ("經濟部產業發展署", 114)


def test_table_rows_are_the_markdown_rows(printed: tuple[list[Page], Path], read_back: Document) -> None:
    differ = [
        md.number or 0
        for md, pdf in zip(printed[0], read_back.pages, strict=True)
        if _table_rows(pdf) != _table_rows(md)
    ]
    assert sorted(set(differ)) == sorted(NOT_ROUND_TRIPPED)


def test_spread_halves_show_only_their_own_columns(read_back: Document) -> None:
    # 歲出一級用途別科目分析表 pp.66–67: 人事費 312,982 on the left half, 合計 13,539,071 on the right
    left, right = (read_back.page_numbered(n) for n in (66, 67))
    assert left is not None and right is not None
    assert (left.half, right.half) == ("left", "right")
    assert "312,982" in left.text and "312,982" not in right.text
    assert "13,539,071" in right.text and "13,539,071" not in left.text


def test_one_worker_reads_what_two_read(printed: tuple[list[Page], Path], read_back: Document) -> None:
    alone = PdfReader(workers=1).read(printed[1])
    assert [(p.number, p.title, p.half, [b.rows for b in p.tables]) for p in alone.pages] == [
        (p.number, p.title, p.half, [b.rows for b in p.tables]) for p in read_back.pages
    ]


def _comparable(value: Any) -> Any:
    """A record's JSON without provenance; texts NFKC-folded, dashes as "-", without white space."""
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items() if k != "provenance"}
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, str):
        return _flat(value)
    return value


def _records(records: list[Record]) -> Counter[str]:
    """Records comparable across readers: the PDF reader folds 全形 punctuation and dashes, after which
    a parser's line-wrap repair can leave a space after a comma."""
    out: Counter[str] = Counter()
    for record in records:
        if record.type in FROM_TEXT_PAGES or record.provenance.page in NOT_ROUND_TRIPPED:
            continue
        out[json.dumps(_comparable(to_json(record)), ensure_ascii=False, sort_keys=True)] += 1
    return out


def test_records_are_the_markdown_records(sample_book: ParsedBook, read_back: Document) -> None:
    parsed = parse_document(read_back)
    expected = _records(sample_book.records)
    got = _records(parsed.records)
    assert sum(expected.values()) > 1000
    assert got == expected
    keys = {record_key(r) for r in parsed.records if isinstance(r, RevenueItem)}
    assert {"RevenueItem:0400000000", "RevenueItem:1226100210"} <= keys
