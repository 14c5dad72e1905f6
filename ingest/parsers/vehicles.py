"""公務車輛明細表 → one Vehicle per row (a car, or a group of alike motorcycles with their plates in
備註) and the printed 合計 as CrossTabCells.

A long 備註 (a list of plates) runs on into rows of its own, on the same or the next page; those rows
belong to the vehicle row above them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from ingest.document import Page
from ingest.layout import squeeze
from ingest.parsers._annex_table import (
    amount,
    cell,
    count,
    find,
    first_table,
    headings,
    number,
    split_header,
    unit_of,
)
from ingest.parsers._grant_text import repair_name, repair_wrap
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import CrossTabCell, Record, Vehicle
from ingest.sections import Section

TABLE = "公務車輛明細表"
PLATE = re.compile(r"[A-Z]{2,4}-\d{3,4}|\d{3,4}-[A-Z0-9]{2,4}")
# Cost columns of the 合計 row, by heading words; the labels become the CrossTabCell column names.
COST_COLUMNS = (("油料費", ("油料費", "金額")), ("養護費", ("養護費",)), ("其他", ("其他",)))
FIELDS = {
    "count": ("車輛數",),
    "type": ("種類",),
    "seats": ("乘客",),
    "acquired": ("購置",),
    "cc": ("排氣量",),
    "litres": ("油料", "數量"),
    "fuel": ("油料", "金額"),
    "upkeep": ("養護費",),
    "other": ("其他",),
    "note": ("備註",),
}


@dataclass
class _Row:
    page: Page
    unit: str
    values: dict[str, str]
    raw: list[str]


class VehicleParser(SectionParser):
    kinds: ClassVar[tuple[str, ...]] = ("vehicles",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        records: list[Record] = []
        rows: list[_Row] = []
        for page in section.pages:
            table = first_table(page)
            if table is None or page.blank:
                continue
            unit = unit_of(page)
            header, data = split_header(table.rows)
            columns = headings(header)
            at = {key: find(columns, *words) for key, words in FIELDS.items()}
            for raw in data:
                values = {key: cell(raw, index) for key, index in at.items()}
                kind = squeeze(values["type"])
                if kind in ("合計", "總計"):
                    records.extend(self._totals(raw, columns, unit, page, context))
                elif values["count"] or kind:
                    rows.append(_Row(page, unit, values, raw))
                elif rows and values["note"]:
                    rows[-1].values["note"] += "\n" + values["note"]  # 備註 running on
        return [
            *(self._vehicle(row, context) for row in rows if count(row.values["count"]) is not None),
            *records,
        ]

    @staticmethod
    def _totals(
        raw: list[str], columns: list[str], unit: str, page: Page, context: BookContext
    ) -> list[Record]:
        out: list[Record] = []
        for label, words in COST_COLUMNS:
            value = amount(cell(raw, find(columns, *words)), unit)
            if value is not None:
                out.append(
                    CrossTabCell(
                        provenance=context.provenance(page, " | ".join(raw), TABLE),
                        table=TABLE,
                        row_code="",
                        row_name="合計",
                        column=label,
                        amount=value,
                        is_total=True,
                    )
                )
        return out

    @staticmethod
    def _vehicle(row: _Row, context: BookContext) -> Vehicle:
        values, unit = row.values, row.unit
        vehicles = count(values["count"]) or 0
        # 備註 wraps inside plates ("522\n-DSK"): lines join without a space.
        note = repair_wrap(values["note"].replace("\n", ""))
        plates = PLATE.findall(note)
        return Vehicle(
            provenance=context.provenance(row.page, " | ".join(row.raw), TABLE),
            vehicle_type=repair_name(re.sub(r"^.*[：:]", "", values["type"])),
            count=vehicles,
            plate="、".join(plates) if vehicles > 1 else (plates[0] if plates else ""),
            seats=count(values["seats"]),
            acquired=values["acquired"],
            engine_cc=count(values["cc"]),
            fuel_litres=number(values["litres"]),
            fuel_cost=amount(values["fuel"], unit),
            maintenance_cost=amount(values["upkeep"], unit),
            other_cost=amount(values["other"], unit),
            note=note,
        )
