"""現有辦公房舍明細表 → Office per category (辦公房屋, 機關宿舍 and its kinds, 其他, 合計) × tenure.

A spread: 自有 and 無償借用 on the left half, 有償租用或借用 and the 合計 tenure on the right; rows pair
by order. A tenure with nothing in it (all "-") is not emitted, except on the 合計 row.

A ministry's book prints one spread per organisation (內政部彙編 — the combined table —, 內政部,
內政部國土測繪中心 …); the reader names an organisation other than the book's agency as the page's first
header line, so a page without one is the agency's own table.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import ClassVar

from ingest.document import Page
from ingest.layout import squeeze
from ingest.parsers._annex_table import (
    amount,
    first_table,
    headings,
    number,
    split_header,
    strip_number,
    unit_of,
)
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import Office, Record
from ingest.sections import Section

TABLE = "現有辦公房舍明細表"
TENURES = ("自有", "無償借用", "有償租用或借用", "合計")
FIELDS = (
    ("單位數", "units"),
    ("面積", "area"),
    ("取得成本", "cost"),
    ("押金", "deposit"),
    ("租金", "rent"),
    ("養護費", "upkeep"),
)


# An organisation's name, or the combined table of a ministry and its agencies (內政部彙編); header lines
# that are pieces of the table's title (現有辦公房 | 舍明細表) or of its 預算員額 box end otherwise.
_ORGANISATION = re.compile(r"^[\u4e00-\u9fff]{1,20}(?:部|署|局|處|中心|委員會|院|所|館|隊|府)(?:彙編)?$")


def organisation_of(page: Page, agency: str) -> str:
    """Whose table a page prints: the organisation its first header line names, else the book's agency."""
    first = squeeze(page.header[0]) if page.header else ""
    return first if _ORGANISATION.match(first) else agency


def _tenure_columns(columns: list[str]) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for index, heading in enumerate(columns):
        tenure = next((t for t in TENURES if heading.startswith(t)), None)
        field = next((key for word, key in FIELDS if word in heading), None)
        if tenure and field:
            found.setdefault(tenure, {})[field] = index
    return found


class OfficeParser(SectionParser):
    kinds: ClassVar[tuple[str, ...]] = ("offices",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        records: list[Record] = []
        for left, right in section.spreads():
            left_table, right_table = first_table(left), first_table(right)
            if left_table is None:
                continue
            unit = unit_of(left, right)
            header, data = split_header(left_table.rows)
            columns = headings(header)
            right_data: list[list[str]] = []
            if right_table is not None:
                right_header, right_data = split_header(right_table.rows)
                columns += headings(right_header)
            by_tenure = _tenure_columns(columns)
            organisation = organisation_of(left, context.agency)
            parent = ""
            for index, row in enumerate(data):
                full = row + (right_data[index] if index < len(right_data) else [])
                label = full[0].strip() if full else ""
                if not label:
                    continue
                numbering, category = strip_number(label)
                if squeeze(category) in ("合計", "總計"):
                    category = "合計"
                elif numbering.isdigit() and parent:
                    category = f"{parent}：{category}"  # a kind of 機關宿舍 (1 首長宿舍 …)
                else:
                    parent = category
                for tenure, at in by_tenure.items():

                    def text(key: str, at: dict[str, int] = at, full: list[str] = full) -> str:
                        return full[at[key]] if key in at and at[key] < len(full) else ""

                    values = {key: text(key) for key in at}
                    if category != "合計" and all(not (number(v) or Decimal(0)) for v in values.values()):
                        continue
                    records.append(
                        Office(
                            provenance=context.provenance(left, " | ".join(full), TABLE),
                            category=category,
                            tenure=tenure,
                            units=text("units").strip(),
                            area_m2=number(text("area")),
                            acquisition_cost=amount(text("cost"), unit) if "cost" in at else None,
                            deposit=amount(text("deposit"), unit) if "deposit" in at else None,
                            rent=amount(text("rent"), unit) if "rent" in at else None,
                            maintenance_cost=amount(text("upkeep"), unit) if "upkeep" in at else None,
                            organisation=organisation,
                        )
                    )
        return records
