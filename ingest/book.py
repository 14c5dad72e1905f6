"""Reading a whole book: file → Document → Sections → records → reconciliation report.

This is the one place the reading pipeline is assembled; the CLI, the ingest command and the upload
route all call `parse_book`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.book_kind import unknown_layout
from ingest.coverage import SectionRead, Status, untitled_kinds
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
    # per section, in page order: records read, or why none (ingest/coverage.py; issue 14)
    coverage: list[SectionRead] = field(default_factory=list)
    unread_tables: list[str] = field(default_factory=list)  # tables a parser left unread inside a section

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
        if document.kind.layout != "central 單位預算":
            raise BookError(unknown_layout(document.source, document.kind, (p.title for p in document.pages)))
        raise BookError(
            f"{document.source}: no budget sections recognised; this does not look like a unit budget book."
        )
    parsers = load_parsers()
    records: list[Record] = [_book_record(document, context)]
    unsupported: list[str] = []
    coverage: list[SectionRead] = untitled_kinds(document)
    unread_tables: list[str] = []
    for section in sections:
        handlers = [p for p in parsers if p.matches(section)]
        if not handlers:
            unsupported.append(section.title)
            coverage.append(_section_read(section, "not supported"))
            continue
        say(f"parsing {section.title} (pages {section.first_page}–{section.last_page})")
        in_section = context.in_section(section, pdf=document.reader == "pdf")
        found = 0
        for parser in handlers:
            read = parser.parse(section, in_section)
            found += len(read)
            records.extend(read)
            unread_tables.extend(parser.unread(section))
        if not found:
            unsupported.append(f"{section.title} (0 records)")
        coverage.append(_section_read(section, "read" if found else "empty", found))
    coverage.sort(key=lambda s: (s.first_page is None, s.first_page or 0))
    unsupported.extend(unread_tables)
    unsupported.extend(s.title for s in coverage if s.status == "not supported" and not s.kind)
    if len(records) == 1 and document.kind.layout != "central 單位預算":
        # issue 14: a local or fund book none of whose sections gave a record is a layout not read yet
        raise BookError(unknown_layout(document.source, document.kind, (s.title for s in coverage)))
    for parser in parsers:
        records = parser.complete(records)
    say("reconciling printed totals")
    report = reconcile(document.source, records)
    return ParsedBook(
        document=document,
        sections=sections,
        records=records,
        report=report,
        unsupported=unsupported,
        coverage=coverage,
        unread_tables=unread_tables,
    )


def _section_read(section: Section, status: Status, records: int = 0) -> SectionRead:
    return SectionRead(
        section.title, section.first_page, section.last_page, status, records=records, kind=section.kind
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
        budget_kind=document.kind.kind,
        government_level=document.kind.level,
        government=document.kind.government,
        fund=document.kind.fund,
    )
