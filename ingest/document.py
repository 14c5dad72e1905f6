"""The intermediate document model every reader produces: pages → blocks → (table) rows → cells.

A Markdown conversion and a PDF land in the same shapes, so section splitting and table parsers
never know which reader ran. Page `number` is the printed page number (None for unnumbered pages
such as the cover and 目次); `index` is the physical position (1-based) in the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ingest.book_kind import BookKind

BlockKind = Literal["heading", "paragraph", "table"]


@dataclass
class Block:
    """A heading, a paragraph (one or more lines of text) or a table (rows of cell texts)."""

    kind: BlockKind
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    # x positions of the table's columns (PDF only); lets parsers tell columns apart by geometry.
    column_x: list[float] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n") if self.text else []


@dataclass
class Page:
    """One printed page: its running header (agency, title, year lines), unit line and blocks.

    `half` is "left"/"right" for the two pages of a wide table printed across a spread.
    """

    index: int
    number: int | None = None
    title: str = ""
    header: list[str] = field(default_factory=list)
    unit: str = ""  # e.g. "千元" from 單位：新臺幣千元
    blocks: list[Block] = field(default_factory=list)
    half: Literal["left", "right"] | None = None
    blank: bool = False

    @property
    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]

    @property
    def text(self) -> str:
        parts: list[str] = []
        for block in self.blocks:
            if block.kind == "table":
                parts.extend(" | ".join(row) for row in block.rows)
            else:
                parts.append(block.text)
        return "\n".join(parts)


@dataclass
class TocEntry:
    """A line of the book's 目次: a section title and its printed page range."""

    title: str
    first_page: int | None
    last_page: int | None
    group: str = ""  # 一、預算總說明 / 二、主要表 / 三、附屬表


@dataclass
class Document:
    """A whole book as read: source name, agency, year, 目次 and pages."""

    source: str
    pages: list[Page]
    agency: str = ""
    roc_year: int | None = None
    title: str = ""
    toc: list[TocEntry] = field(default_factory=list)
    reader: str = ""
    kind: BookKind = field(default_factory=BookKind)  # 單位預算/附屬單位預算…, central or local (issue 14)

    def page_numbered(self, number: int) -> Page | None:
        return next((p for p in self.pages if p.number == number), None)
