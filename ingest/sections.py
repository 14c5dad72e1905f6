"""Split a Document into Sections: runs of consecutive pages that print one table or statement."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.document import Block, Document, Page
from ingest.layout import section_kind


@dataclass
class Section:
    """A titled part of the book (e.g. kind "plan_summary" for 歲出計畫提要及分支計畫概況表)."""

    kind: str
    title: str
    pages: list[Page] = field(default_factory=list)

    @property
    def first_page(self) -> int | None:
        return next((p.number for p in self.pages if p.number is not None), None)

    @property
    def last_page(self) -> int | None:
        return next((p.number for p in reversed(self.pages) if p.number is not None), None)

    def blocks(self) -> list[tuple[Page, Block]]:
        """Every block with the page it sits on, in reading order (blank pages skipped)."""
        return [(page, block) for page in self.pages if not page.blank for block in page.blocks]

    def spreads(self) -> list[tuple[Page, Page | None]]:
        """Pages paired into (left, right) halves of wide tables; a page with no right half pairs with None."""
        pairs: list[tuple[Page, Page | None]] = []
        pages = [p for p in self.pages if not p.blank]
        i = 0
        while i < len(pages):
            page = pages[i]
            nxt = pages[i + 1] if i + 1 < len(pages) else None
            if page.half == "left" and nxt is not None and nxt.half == "right":
                pairs.append((page, nxt))
                i += 2
            else:
                pairs.append((page, None))
                i += 1
        return pairs


def split_sections(document: Document) -> list[Section]:
    """Consecutive pages with the same section kind form one Section; unknown pages are dropped."""
    sections: list[Section] = []
    for page in document.pages:
        kind = section_kind(page.title)
        if kind is None:
            continue
        if sections and sections[-1].kind == kind:
            sections[-1].pages.append(page)
        else:
            sections.append(Section(kind=kind, title=page.title, pages=[page]))
    return sections
