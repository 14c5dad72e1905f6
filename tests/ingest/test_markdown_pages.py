"""The Markdown reader splits the sample book into pages and restores printed page numbers."""

from pathlib import Path

import pytest

from ingest.document import Document
from ingest.readers import read_book
from ingest.readers.markdown import clean_cell
from ingest.sections import split_sections


@pytest.fixture(scope="module")
def document(sample_path: Path) -> Document:
    return read_book(sample_path)


def test_book_identity_comes_from_the_cover(document: Document) -> None:
    assert document.agency == "經濟部產業發展署"
    assert document.roc_year == 114
    assert document.title == "經濟部產業發展署單位預算"


def test_every_section_spans_exactly_the_pages_its_table_of_contents_entry_lists(document: Document) -> None:
    sections = {s.title: s for s in split_sections(document)}
    checked = 0
    for entry in document.toc:
        if entry.first_page is None:
            continue
        section = next((s for title, s in sections.items() if entry.title.startswith(title)), None)
        if section is None:
            continue
        assert section.first_page == entry.first_page, entry.title
        assert (section.last_page or 0) >= (entry.last_page or 0) - 1, entry.title
        checked += 1
    assert checked >= 19


def test_spread_halves_are_marked_and_numbered_in_sequence(document: Document) -> None:
    donations = next(s for s in split_sections(document) if s.kind == "donations")
    spreads = donations.spreads()
    assert len(spreads) == 9  # pages 80–97 of the book
    for left, right in spreads:
        assert right is not None
        assert left.half == "left" and right.half == "right"
        assert right.number == (left.number or 0) + 1


def test_units_come_from_the_unit_line(document: Document) -> None:
    multi_year = next(s for s in split_sections(document) if s.kind == "multi_year_plans")
    assert multi_year.pages[0].unit == "億元"
    revenue = next(s for s in split_sections(document) if s.kind == "revenue_by_source")
    assert {p.unit for p in revenue.pages} == {"千元"}


def test_cell_html_becomes_lines() -> None:
    cell = '<p>計畫內容：</p> <ol style="list-style-type: none"> 1. 太空產業 2. 關鍵產業</ol>'
    assert clean_cell(cell) == "計畫內容：\n1. 太空產業 2. 關鍵產業"
