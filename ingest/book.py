"""Reading a whole book: file → Document → Sections → records → reconciliation report.

This is the one place the reading pipeline is assembled; the CLI, the ingest command and the upload
route all call `parse_book`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.document import Document
from ingest.parsers import BookContext, load_parsers
from ingest.readers import BookError, read_book
from ingest.reconcile import Report, reconcile
from ingest.records import BudgetBook, Record
from ingest.sections import Section, split_sections

Progress = Callable[[str], None]


@dataclass
class ParsedBook:
    """A book as records, with the document read, its sections, and the reconciliation report."""

    document: Document
    sections: list[Section]
    records: list[Record]
    report: Report
    unsupported: list[str] = field(default_factory=list)  # section titles no parser handles

    @property
    def book(self) -> BudgetBook:
        return next(r for r in self.records if isinstance(r, BudgetBook))


def parse_book(path: Path, progress: Progress | None = None) -> ParsedBook:
    """Read, parse and reconcile one book. Raises BookError with a clear message on bad input."""
    say = progress or (lambda _message: None)
    say(f"reading {path.name}")
    document = read_book(path)
    return parse_document(document, progress=say)


def parse_document(document: Document, progress: Progress | None = None) -> ParsedBook:
    say = progress or (lambda _message: None)
    if document.roc_year is None:
        raise BookError(
            f"{document.source}: no fiscal year (中華民國 NNN 年度) found; is this a budget book?"
        )
    context = BookContext(document=document.source, agency=document.agency, roc_year=document.roc_year)
    sections = split_sections(document)
    if not sections:
        raise BookError(
            f"{document.source}: no budget sections recognised; this does not look like a unit budget book."
        )
    parsers = load_parsers()
    records: list[Record] = [_book_record(document, context)]
    unsupported: list[str] = []
    for section in sections:
        handlers = [p for p in parsers if p.matches(section)]
        if not handlers:
            unsupported.append(section.title)
            continue
        say(f"parsing {section.title} (pages {section.first_page}–{section.last_page})")
        in_section = context.in_section(section, pdf=document.reader == "pdf")
        for parser in handlers:
            records.extend(parser.parse(section, in_section))
            unsupported.extend(parser.unread(section))
    for parser in parsers:
        records = parser.complete(records)
    say("reconciling printed totals")
    report = reconcile(document.source, records)
    return ParsedBook(
        document=document, sections=sections, records=records, report=report, unsupported=unsupported
    )


def _book_record(document: Document, context: BookContext) -> BudgetBook:
    contents = tuple(
        (entry.title, f"{entry.first_page}~{entry.last_page}" if entry.first_page else "")
        for entry in document.toc
    )
    return BudgetBook(
        provenance=context.provenance(None, document.title or document.source, "封面"),
        title=document.title or f"{document.agency}單位預算",
        agency=document.agency,
        roc_year=context.roc_year,
        document=document.source,
        contents=contents,
    )
