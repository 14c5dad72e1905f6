"""The 辦理情形報告表 as rows: find the 項次 / 內容 / 辦理情形 columns by their header text, classify rows.

Layouts seen: the first page merges 項次 and 內容 into one column ("決議、附帶決議及注意事項 項次內 |
辦理情形", with the 項次 glued to the text); later pages print three columns whose headers vary
("內 容", "辦 理 情 形", "決議、附帶決議及注意事項" without 項次). Sub-headings sit in the 內容 column
(PDF) or the 項次 column (Markdown), alone on their row. A row with an empty 項次 continues the
resolution above it, possibly from the previous page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ingest.document import Block, Page
from ingest.parsers._resolution_text import (
    compact,
    heading_rank,
    is_item,
    split_glued_item,
    split_headings,
    tidy,
)
from ingest.sections import Section

RowKind = Literal["heading", "item", "continuation"]


@dataclass(frozen=True)
class Columns:
    """Column indexes of one table; `item == content` when the page merges 項次 and 內容."""

    item: int
    content: int
    response: int

    @property
    def merged(self) -> bool:
        return self.item == self.content


@dataclass(frozen=True)
class ReportRow:
    """One row of the report: a heading, the start of a resolution, or text continuing the one above."""

    kind: RowKind
    page: Page
    item: str = ""
    content: str = ""
    response: str = ""


def _role(cell: str) -> set[str]:
    flat = compact(cell)
    roles: set[str] = set()
    if "辦理情形" in flat:
        roles.add("response")
        return roles
    if "項次" in flat or "決議、附帶決議" in flat or "注意事項" in flat:
        roles.add("item")
        # "項次內" / "項次內容": the first page's merged header cell
        if re.search(r"項次內(?:容)?$", flat):
            roles.add("merged")
    if flat.endswith("內容") and "項次" not in flat:
        roles.add("content")
    return roles


def is_header_row(row: list[str]) -> bool:
    cells = [c for c in row if c.strip()]
    return bool(cells) and all(_role(c) for c in cells)


def find_columns(header_rows: list[list[str]], width: int) -> Columns | None:
    """Columns from the header rows' text; None when the header names no 辦理情形 column, or runs all
    labels into one cell (a PDF header drawn as one text block), so that no column can be told apart."""
    item = content = response = None
    merged = False
    for row in header_rows:
        for index, cell in enumerate(row):
            flat = compact(cell)
            if "辦理情形" in flat and ("項次" in flat or "內容" in flat or "決議、附帶決議" in flat):
                return None
            roles = _role(cell)
            if "response" in roles and response is None:
                response = index
            if "item" in roles and item is None:
                item = index
                merged = "merged" in roles
            if "content" in roles and content is None:
                content = index
    if response is None:
        return None
    if item is None:
        item = content if content is not None else 0
    if content is None:
        # no 內容 header: either the first page's merged column or an unlabelled column between
        content = item if merged or response - item <= 1 else item + 1
    return Columns(item=item, content=content, response=response)


def default_columns(width: int) -> Columns | None:
    """Columns of a table printed without a header (a continuation page), by its width."""
    if width == 2:
        return Columns(item=0, content=0, response=1)
    if width >= 3:
        return Columns(item=0, content=1, response=width - 1)
    return None


def report_rows(section: Section) -> list[ReportRow]:
    """Every row of the report's tables in book order, classified."""
    rows: list[ReportRow] = []
    columns: Columns | None = None
    for page, block in section.blocks():
        if block.kind != "table":
            continue
        body, columns = _body(block, columns)
        if columns is None:
            continue
        for row in body:
            rows.extend(_classify(page, row, columns))
    return rows


def _body(block: Block, previous: Columns | None) -> tuple[list[list[str]], Columns | None]:
    header = []
    for row in block.rows:
        if not is_header_row(row):
            break
        header.append(row)
    width = max((len(r) for r in block.rows), default=0)
    columns = find_columns(header, width) if header else None
    if columns is None:
        fits = previous is not None and max(previous.item, previous.content, previous.response) < width
        columns = previous if fits else default_columns(width)
    return block.rows[len(header) :], columns


def _cell(row: list[str], index: int) -> str:
    return tidy(row[index]) if index < len(row) else ""


def _classify(page: Page, row: list[str], columns: Columns) -> list[ReportRow]:
    item = _cell(row, columns.item)
    content = "" if columns.merged else _cell(row, columns.content)
    response = _cell(row, columns.response)
    others = [
        tidy(c) for i, c in enumerate(row) if i not in (columns.item, columns.content, columns.response)
    ]
    filled = [t for t in (item, content, *others) if t]

    # A heading stands alone on its row, in whichever column the converter put it.
    if not response and len(filled) == 1:
        headings = split_headings(filled[0])
        if all(heading_rank(h) is not None for h in headings):
            return [ReportRow("heading", page, content=h) for h in headings]
    # A numbered heading: "一、" in the 項次 column, "總預算案部分：" in the 內容 column.
    numbered = item.endswith("、") and is_item(item)
    if not response and content and numbered:
        headings = split_headings(content)
        if all(heading_rank(h) is not None for h in headings):
            headings[0] = f"{item}{headings[0]}"
            return [ReportRow("heading", page, content=h) for h in headings]

    # A sub-heading (主計總處部分：) printed while the 辦理情形 of the resolution above still runs on
    # shares its row with that text: a heading has no 辦理情形 of its own, so the text is the one above's.
    if response and not item and content and not columns.merged and not others:
        headings = split_headings(content)
        if all(heading_rank(h) is not None for h in headings):
            return [
                ReportRow("continuation", page, response=response),
                *(ReportRow("heading", page, content=h) for h in headings),
            ]

    if columns.merged:
        glued = split_glued_item(item)
        if glued:
            return [ReportRow("item", page, item=glued[0], content=tidy(glued[1]), response=response)]
        return [ReportRow("continuation", page, content=item, response=response)]
    if item and is_item(item):
        return [ReportRow("item", page, item=item.rstrip("、.．"), content=content, response=response)]
    # Text in the 項次 column that is not a 項次 belongs to the content (a wide cell split by the reader).
    text = "\n".join(t for t in (item, content) if t)
    if not text and not response:
        return []
    return [ReportRow("continuation", page, content=text, response=response)]
