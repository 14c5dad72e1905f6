"""The parser seam: one SectionParser per section kind turns a Section into records.

Adding a table type means adding one module under `ingest/parsers/` that defines a subclass;
the registry finds it, and no other parser changes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import ClassVar

from ingest.document import Page
from ingest.records import Provenance, Record
from ingest.sections import Section


@dataclass(frozen=True)
class BookContext:
    """What every parser may need to know about the book being read."""

    document: str  # the source file name, used in every Provenance
    agency: str
    roc_year: int
    # A PDF section's printed page number → its physical page; None when the book is no PDF (issue 20).
    pdf_pages: Mapping[int, int] | None = field(default=None, compare=False, hash=False)

    def in_section(self, section: Section, pdf: bool) -> BookContext:
        """The context for parsing `section`: for a PDF, its pages' printed numbers with their physical ones.

        Per section, because parsers pass a printed number where they kept no page, and a number printed
        twice in a book (a 附錄 numbering its own pages) is printed once in a section.
        """
        if not pdf:
            return self
        physical: dict[int, int] = {}
        for page in section.pages:
            if page.number is not None:
                physical.setdefault(page.number, page.index)
        return replace(self, pdf_pages=physical)

    def provenance(self, page: Page | int | None, text: str, section: str = "") -> Provenance:
        number = page.number if isinstance(page, Page) else page
        pdf_page = None
        if self.pdf_pages is not None:
            pdf_page = page.index if isinstance(page, Page) else self.pdf_pages.get(number or -1)
        return Provenance(
            document=self.document, page=number, text=text.strip(), section=section, pdf_page=pdf_page
        )


class SectionParser(ABC):
    """Parses one section kind. Set `kinds` (section kinds handled) and implement `parse`."""

    kinds: ClassVar[tuple[str, ...]]

    def matches(self, section: Section) -> bool:
        return section.kind in self.kinds

    @abstractmethod
    def parse(self, section: Section, context: BookContext) -> list[Record]:
        """All records the section states, each with provenance."""

    def complete(self, records: list[Record]) -> list[Record]:
        """The whole book's records, completed with what only this parser's table states (a code, a
        total) about records other parsers made. Runs once after every section is parsed."""
        return records

    def unread(self, section: Section) -> list[str]:
        """Titles of the tables in `section` this parser leaves unread (reported as not supported)."""
        return []
