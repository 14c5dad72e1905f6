"""人事費彙計表 → CrossTabCells, one per 人事費別 row (一、民意代表待遇 … 合計) with its 說明 in `note`.

Conversions give a table; a PDF without rulings gives lines ("二、政務人員待遇 7,194"), read by pattern.
"""

from __future__ import annotations

import re
from typing import ClassVar

from ingest.document import Page
from ingest.layout import squeeze
from ingest.parsers._annex_table import (
    amount,
    cell,
    find,
    first_table,
    headings,
    split_header,
    strip_number,
    unit_of,
)
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import CrossTabCell, Record
from ingest.sections import Section

TABLE = "人事費彙計表"
_LINE = re.compile(
    r"(?P<label>[一二三四五六七八九十]+、\S+?|合\s*計)\s+(?P<amount>-|\(?-?\d[\d,]*\)?)(?:[ \t]+(?P<note>[^\n]*))?(?=\n|$)"
)


class PersonnelCostParser(SectionParser):
    kinds: ClassVar[tuple[str, ...]] = ("personnel_cost",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        records: list[Record] = []
        for page in section.pages:
            if page.blank:
                continue
            table = first_table(page)
            rows = self._table_rows(table.rows) if table is not None else self._line_rows(page)
            for label, printed, note in rows:
                value = amount(printed, unit_of(page))
                if not label or value is None:
                    continue
                number, name = strip_number(label)
                total = squeeze(label) in ("合計", "總計")
                records.append(
                    CrossTabCell(
                        provenance=context.provenance(page, f"{label} | {printed} | {note}", TABLE),
                        table=TABLE,
                        row_code=number,
                        row_name=squeeze(name) if total else name,
                        column="金額",
                        amount=value,
                        is_total=total,
                        note=note,
                    )
                )
        return records

    @staticmethod
    def _table_rows(rows: list[list[str]]) -> list[tuple[str, str, str]]:
        header, data = split_header(rows)
        columns = headings(header)
        name_at = find(columns, "人事費") or 0
        amount_at, note_at = find(columns, "金額"), find(columns, "說明")
        return [(cell(row, name_at), cell(row, amount_at), cell(row, note_at)) for row in data]

    @staticmethod
    def _line_rows(page: Page) -> list[tuple[str, str, str]]:
        text = "\n".join(b.text for b in page.blocks if b.kind == "paragraph")
        return [(m["label"], m["amount"], (m["note"] or "").strip()) for m in _LINE.finditer(text)]
