"""各項費用彙計表: the object classes (rows) of every work plan (columns), with 合計 row and column.

The header names each work plan as "code name" (the name may wrap: "工業技術升級 輔導"); the
header repeats on each page, so columns are read from the header of the table they head.
"""

from __future__ import annotations

import re

from ingest.amounts import AmountError, parse_cell
from ingest.document import Page
from ingest.layout import squeeze
from ingest.parsers._plan_text import tidy
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import CrossTabCell, Record
from ingest.sections import Section

TABLE = "各項費用彙計表"
TOTAL = "合計"
_PLAN_COLUMN = re.compile(r"^(?P<code>\d{10})\s*(?P<name>.*)$", re.S)
_CLASS_ROW = re.compile(r"^(?P<code>\d{4})\s*(?P<name>[^\d\s].*)$", re.S)


class _Column:
    def __init__(self, index: int, name: str, code: str = "", is_total: bool = False) -> None:
        self.index, self.name, self.code, self.is_total = index, name, code, is_total


def header_columns(row: list[str]) -> list[_Column]:
    """The amount columns a header row names: "code name" work plans and the 合計 column."""
    columns = []
    for index, cell in enumerate(row):
        match = _PLAN_COLUMN.match(tidy(cell))
        if match:
            columns.append(_Column(index, tidy(match.group("name")), match.group("code")))
        elif squeeze(cell) in {TOTAL, "總計"}:
            columns.append(_Column(index, TOTAL, is_total=True))
    return columns


def _names_row(row: list[str], columns: list[_Column]) -> bool:
    """Fill in work-plan names printed on the header row below the codes (a PDF layout); True if so."""
    nameless = [c for c in columns if not c.name]
    if (
        not nameless
        or _CLASS_ROW.match(tidy(row[0]) if row else "")
        or squeeze(row[0] if row else "") == TOTAL
    ):
        return False
    names = [tidy(row[c.index]) if c.index < len(row) else "" for c in nameless]
    if not all(names) or any(re.fullmatch(r"[-\d,]+", n) for n in names):
        return False
    for column, name in zip(nameless, names, strict=True):
        column.name = tidy(name)
    return True


class ExpenseSummaryParser(SectionParser):
    kinds = ("expense_summary",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        records: list[Record] = []
        columns: list[_Column] = []
        for page, block in section.blocks():
            for row in block.rows:
                found = header_columns(row)
                if len(found) >= 2:
                    columns = found
                    continue
                if columns and _names_row(row, columns):
                    continue
                if columns:
                    records.extend(self._row(page, row, columns, context, section.title))
        return records

    def _row(
        self, page: Page, row: list[str], columns: list[_Column], context: BookContext, title: str
    ) -> list[Record]:
        label = tidy(row[0]) if row else ""
        match = _CLASS_ROW.match(label)
        if match:
            code, name, total_row = match.group("code"), tidy(match.group("name")), False
        elif squeeze(label) in {TOTAL, "總計"}:
            code, name, total_row = "", TOTAL, True
        else:
            return []
        cells: list[Record] = []
        source = " | ".join(c.strip() for c in row)
        for column in columns:
            try:
                amount = (
                    parse_cell(row[column.index], page.unit or "千元") if column.index < len(row) else None
                )
            except AmountError:
                amount = None
            if amount is None:
                continue
            cells.append(
                CrossTabCell(
                    provenance=context.provenance(page, source, title),
                    table=TABLE,
                    row_code=code,
                    row_name=name,
                    column=column.name,
                    column_code=column.code,
                    amount=amount,
                    is_total=total_row or column.is_total,
                )
            )
        return cells
