"""The lean page reading (`pdf_source`: pdfminer's layout objects, one open document) reads every
kind of page of the 內政部 book exactly as pdfplumber's page objects do: same titles, headers,
numbers, spread halves, table rows and paragraphs."""

from __future__ import annotations

from pathlib import Path

from ingest.readers.pdf_layout import read_page
from ingest.readers.pdf_source import OpenBook

# One page (1-based index) of each table kind, spread half and 附錄 copy in the book, plus a cover,
# a 目次 and a blank back: the whole variety the page reader meets.
PAGES = {
    1: "cover",
    3: "目次",
    6: "總說明",
    46: "歲入來源別預算表",
    48: "歲出機關別預算表",
    62: "歲入項目說明提要表",
    74: "歲出計畫提要及分支計畫概況表",
    124: "各項費用彙計表",
    131: "歲出一級用途別科目分析表, left half",
    132: "歲出一級用途別科目分析表, right half",
    133: "資本支出, left half",
    135: "資本支出",
    136: "人事費彙計表",
    137: "預算員額, left half",
    138: "預算員額, right half",
    139: "車輛",
    147: "辦公房舍, left half",
    148: "辦公房舍, right half",
    155: "補助, left half",
    156: "補助, right half",
    165: "捐助, left half",
    175: "捐助",
    176: "國外旅費彙計",
    177: "出國計畫, left half",
    187: "赴大陸計畫, left half",
    189: "政事別經濟性, left half",
    195: "中長程計畫",
    199: "委辦, left half",
    200: "委辦, right half",
    207: "政策宣導",
    208: "立法院審議決議",
    304: "附錄 歲出計畫提要",
    343: "附錄 各項費用彙計表",
    349: "附錄 預算員額, left half",
    351: "附錄 車輛",
}


def test_every_kind_of_page_reads_as_with_pdfplumber(moi_pdf: Path) -> None:
    import pdfplumber

    with OpenBook(str(moi_pdf)) as book, pdfplumber.open(moi_pdf) as pdf:
        assert len(book.pages) == 392
        for index, what in PAGES.items():
            lean = read_page(book.page(index - 1), index)
            plumber_page = pdf.pages[index - 1]
            reference = read_page(plumber_page, index)
            plumber_page.close()
            assert lean == reference, f"page {index} ({what}) reads differently"
            assert lean.page.blocks or lean.page.blank or lean.page.number is None, what


def test_lean_page_has_the_glyphs_and_rulings_of_the_pdfplumber_page(moi_pdf: Path) -> None:
    import pdfplumber

    with OpenBook(str(moi_pdf)) as book, pdfplumber.open(moi_pdf) as pdf:
        for index in (131, 155):  # a spread half's double-width stream; a ruled grant table
            lean, plumber_page = book.page(index - 1), pdf.pages[index - 1]
            for kind, keys in (
                ("chars", ("text", "x0", "x1", "top", "bottom", "size")),
                ("lines", ("x0", "x1", "top", "bottom")),
                ("rects", ("x0", "x1", "top", "bottom", "stroke", "fill", "non_stroking_color")),
            ):
                expected = [tuple(o[k] for k in keys) for o in getattr(plumber_page, kind)]
                got = [tuple(o[k] for k in keys) for o in getattr(lean, kind)]
                assert got == expected, f"page {index}: {kind} differ"
                assert expected or kind == "lines", f"page {index} has no {kind}"
            assert (lean.width, lean.height, lean.bbox) == (
                plumber_page.width,
                plumber_page.height,
                tuple(plumber_page.bbox),
            )
