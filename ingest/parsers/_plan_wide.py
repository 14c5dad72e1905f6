"""Wide analytical tables printed across a spread (一級用途別科目分析表, 資本支出分析表, 職能及經濟性).

A left page carries the row labels and the first column groups, the right page the rest; rows pair
by order. Headers are several rows of spanning group titles broken into fragments ("經 常 支" | "出",
"及" "投" "資"), and in conversions the leaf headings do not always sit above their numbers. So a
column's heading is the lowest header cell of two or more characters above it, and when some
numbers sit under no heading, headings and filled columns are matched up in order instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.amounts import AmountError, is_zero_mark, parse_cell, parse_number
from ingest.document import Block, Page
from ingest.layout import squeeze
from ingest.parsers._plan_text import tidy
from ingest.parsers.base import BookContext
from ingest.records import CrossTabCell, Record
from ingest.sections import Section

_DIGIT = re.compile(r"\d")
# Headings of label columns, which hold row names and 款/項/目/節 numbers rather than amounts.
_LABEL_HEADINGS = {"款", "項", "目", "節", "名稱", "名稱及編號", "科目", "職能別分類", "經濟性分類"}


@dataclass
class WideCell:
    """An amount cell: its column's position in the spread's heading list, the heading, the text."""

    position: int
    heading: str
    text: str


@dataclass
class WideRow:
    """One row of a spread: its label cells (left half) and its amount cells in column order."""

    page: Page
    labels: list[str]
    values: list[WideCell] = field(default_factory=list)
    source: str = ""


@dataclass
class Spread:
    """The rows of one spread and the headings of its amount columns, left to right."""

    headings: list[str]
    rows: list[WideRow]


@dataclass
class _Half:
    rows: list[list[str]]  # data rows
    start: int  # first amount column
    headings: list[str | None]  # per amount column, from `start`


def _is_header_row(row: list[str]) -> bool:
    return not any(_DIGIT.search(cell) or is_zero_mark(cell) for cell in row if cell.strip())


def _is_amount(text: str) -> bool:
    try:
        return parse_number(text) is not None
    except AmountError:
        return False


def heading_text(cell: str) -> str:
    """A header cell as a heading: spaces dropped, and a group word glued before 對… removed."""
    flat = squeeze(cell)
    if "對" in flat and not flat.startswith("對"):
        flat = flat[flat.index("對") :]  # "經常對家庭及民間非營利機構" → the leaf after 經常(移轉)
    return flat


def _read_half(block: Block) -> _Half:
    rows = block.rows
    split = next((i for i, row in enumerate(rows) if not _is_header_row(row)), len(rows))
    header, data = rows[:split], rows[split:]
    width = max((len(row) for row in rows), default=0)
    start = 0
    for column in range(width):
        cells = [row[column] for row in data if column < len(row) and row[column].strip()]
        top = next((squeeze(row[column]) for row in header if column < len(row) and row[column].strip()), "")
        below = [squeeze(row[column]) for row in header if column < len(row) and row[column].strip()]
        if any(not _is_amount(c) for c in cells) or any(b in _LABEL_HEADINGS for b in below) or top == "科目":
            start = column + 1
    headings: list[str | None] = []
    for column in range(start, width):
        heading = None
        for row in reversed(header):
            if column < len(row) and len(squeeze(row[column])) >= 2:
                heading = heading_text(row[column])
                break
        headings.append(heading)
    return _Half(rows=data, start=start, headings=headings)


def _aligned(half: _Half, offset: int) -> tuple[list[str], list[list[WideCell]]]:
    """The half's named columns and each data row's amount cells, repairing headings that sit off
    their column: when numbers sit under no heading, headings and filled columns pair in order."""
    width = len(half.headings)
    cells = [
        [row[half.start + j] if half.start + j < len(row) else "" for j in range(width)] for row in half.rows
    ]
    filled = [j for j in range(width) if any(r[j].strip() for r in cells)]
    mapping: dict[int, str] = {j: h for j, h in enumerate(half.headings) if h}
    if any(j not in mapping for j in filled):
        named = [h for h in half.headings if h]
        if len(named) == len(filled):
            mapping = dict(zip(filled, named, strict=True))
    order = sorted(mapping)
    position = {j: offset + i for i, j in enumerate(order)}
    rows = [[WideCell(position[j], mapping[j], r[j]) for j in order if r[j].strip()] for r in cells]
    return [mapping[j] for j in order], rows


def spread_rows(section: Section) -> list[Spread]:
    """Each spread of a wide-table section, left and right halves joined row by row."""
    spreads: list[Spread] = []
    for left, right in section.spreads():
        right_tables = right.tables if right is not None else []
        for index, table in enumerate(left.tables):
            half = _read_half(table)
            headings, left_values = _aligned(half, 0)
            rows = [
                WideRow(page=left, labels=row[: half.start], values=values, source=" | ".join(row))
                for row, values in zip(half.rows, left_values, strict=True)
            ]
            if index < len(right_tables):
                right_headings, right_values = _aligned(_read_half(right_tables[index]), len(headings))
                headings += right_headings
                right_values = [v for v in right_values if v]
                # A heading row (經濟部主管) has no numbers on either half: pair the rows that have.
                valued = [row for row in rows if row.values] or rows
                if len(valued) != len(right_values) and len(rows) == len(right_values):
                    valued = rows
                for row, values in zip(valued, right_values, strict=False):
                    row.values.extend(values)
                    row.source += " || " + " | ".join(cell.text for cell in values)
            spreads.append(Spread(headings, [row for row in rows if row.values]))
    return spreads


def row_label(labels: list[str], numbered: bool = False) -> tuple[str, str, bool]:
    """(code, name, is_total) of a row from its label cells.

    The name is the last label cell; a printed code (9–10 digits) before it is the code, and with
    `numbered` a number alone in the first label cell (職能別 "11") is. 總計/合計 split over two
    cells ("總" | "計") is a total.
    """
    cells = [c.strip() for c in labels if c.strip()]
    if not cells:
        return "", "", False
    joined = squeeze("".join(cells))
    if joined in {"總計", "合計"}:
        return "", joined, True
    name = cells[-1]
    match = re.match(r"^(\d{6,10})\s*(\S.*)$", name, re.S)
    if match:
        return match.group(1), tidy(match.group(2)), False
    code = cells[0] if numbered and len(cells) > 1 and re.fullmatch(r"\d{1,3}", cells[0]) else ""
    return code, tidy(name), False


def qualified_headings(headings: list[str], groups: tuple[str, ...]) -> list[str]:
    """Column names with their group: "經常支出/業務費" vs "資本支出/業務費".

    Groups follow one another in the order given, each closed by its 小計 or "<group>合計" column;
    columns after the last group (合計, 總計) keep their own heading.
    """
    names = []
    index = 0
    for heading in headings:
        if index >= len(groups):
            names.append(heading)
            continue
        group = groups[index]
        names.append(heading if heading.startswith(group) else f"{group}/{heading}")
        if heading == "小計" or (heading.startswith(group) and heading.endswith("合計")):
            index += 1
    return names


def is_total_heading(name: str) -> bool:
    return name.endswith(("小計", "合計", "總計"))


def wide_cells(
    section: Section,
    context: BookContext,
    table: str,
    groups: tuple[str, ...] = (),
    numbered: bool = False,
) -> list[Record]:
    """Every amount cell of a wide-table section as a CrossTabCell (blank cells skipped)."""
    records: list[Record] = []
    spreads = spread_rows(section)
    # Groups run on from one spread to the next (資本支出 starts on the second spread of 職能及經濟性).
    names = qualified_headings([h for spread in spreads for h in spread.headings], groups)
    offset = 0
    for spread in spreads:
        for row in spread.rows:
            code, name, total_row = row_label(row.labels, numbered)
            if not name:
                continue
            unit = row.page.unit or next((p.unit for p in section.pages if p.unit), "") or "千元"
            for cell in row.values:
                try:
                    amount = parse_cell(cell.text, unit)
                except AmountError:
                    continue
                if amount is None:
                    continue
                column = names[offset + cell.position]
                records.append(
                    CrossTabCell(
                        provenance=context.provenance(row.page, row.source, table),
                        table=table,
                        row_code=code,
                        row_name=name,
                        column=column,
                        amount=amount,
                        is_total=total_row or is_total_heading(column),
                    )
                )
        offset += len(spread.headings)
    return records
