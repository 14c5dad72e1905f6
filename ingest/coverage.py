"""What of a book was read, per section: records found, or why not — never a silent empty result.

A section is `read` when its parsers gave records, `empty` when a parser ran and found nothing (a layout
the parser does not know), and `not supported` when no parser reads its kind. Titled pages whose title
names no known table (a local book's 歲入預算表, a fund's 基金來源明細表) form sections of their own that
`split_sections` leaves out; they are reported too, run by run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ingest.document import Document
from ingest.layout import section_kind, squeeze

Status = Literal["read", "empty", "not supported"]
_PER_PAGE_SUFFIX = re.compile(r"(?:經常門|資本門|\(續\)|\d.*)$")


@dataclass(frozen=True)
class SectionRead:
    """One section of the book and what became of it."""

    title: str
    first_page: int | None
    last_page: int | None
    status: Status
    records: int = 0
    kind: str = ""  # the section kind (ingest/layout.py); "" for a title no kind names

    @property
    def pages(self) -> str:
        if self.first_page is None:
            return "unnumbered pages"
        if self.last_page in (None, self.first_page):
            return f"p.{self.first_page}"
        return f"pp.{self.first_page}–{self.last_page}"

    def describe(self) -> str:
        """One line: `read 12 records  歲入來源別預算表 (p.5)` / `NOT SUPPORTED  歲入預算表 (pp.17–21)`."""
        if self.status == "read":
            return f"read {self.records:>5} records  {self.title} ({self.pages})"
        if self.status == "empty":
            return f"EMPTY (0 records, layout not read)  {self.title} ({self.pages})"
        return f"NOT SUPPORTED  {self.title} ({self.pages})"

    def to_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "kind": self.kind,
            "first_page": self.first_page,
            "last_page": self.last_page,
            "status": self.status,
            "records": self.records,
        }


def untitled_kinds(document: Document) -> list[SectionRead]:
    """Runs of consecutive numbered pages whose title names no known table, as `not supported`."""
    runs: list[SectionRead] = []
    previous: SectionRead | None = None
    for page in document.pages:
        title = _stem(squeeze(page.title))
        if page.number is None or not title or section_kind(page.title) is not None:
            if page.number is not None:
                previous = None  # a known table or an untitled page ends the run
            continue
        if previous is not None and previous.title == title:
            previous = SectionRead(title, previous.first_page, page.number, "not supported")
            runs[-1] = previous
        else:
            previous = SectionRead(title, page.number, page.number, "not supported")
            runs.append(previous)
    return runs


def _stem(title: str) -> str:
    """The table's name without what a header line appends to it per page: 人事費分析表0132010100-行政支出-…,
    歲入項目說明提要與預算明細表經常門 → 人事費分析表, 歲入項目說明提要與預算明細表."""
    return _PER_PAGE_SUFFIX.sub("", title) or title


def unread(coverage: list[SectionRead]) -> list[SectionRead]:
    return [s for s in coverage if s.status != "read"]


def summary(coverage: list[SectionRead]) -> str:
    """`12 of 20 sections read; not read: 歲入預算表 (pp.17–21), …` — for one-line answers."""
    missing = unread(coverage)
    head = f"{len(coverage) - len(missing)} of {len(coverage)} sections read"
    if not missing:
        return head
    return head + "; not read: " + ", ".join(f"{s.title} ({s.pages})" for s in missing)
