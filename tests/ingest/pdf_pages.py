"""Reading a range of the 內政部 PDF's pages through one parser: what the page-range tests share."""

from __future__ import annotations

from pathlib import Path

from ingest.parsers.base import BookContext, SectionParser
from ingest.records import Record
from ingest.sections import split_sections


def records_from_pages(pdf: Path, first: int, stop: int, parser: SectionParser) -> list[Record]:
    """The records `parser` reads from PDF pages first+1 … stop (0-based start, as `read_range` takes)."""
    from ingest.readers.pdf import assemble, read_range

    document = assemble(read_range(str(pdf), first, stop), source=pdf.name)
    context = BookContext(document=pdf.name, agency="內政部", roc_year=114)
    found: list[Record] = []
    for section in split_sections(document):
        if parser.matches(section):
            found.extend(parser.parse(section, context.in_section(section, pdf=True)))
    return found
