"""預算員額明細表 → Personnel per category (職員, 工友, 技工, 聘用, 約僱 …) with this and last year's count.

The table is a spread: categories run across both halves, each with 本年度/上年度 sub-columns, and
the right half ends with 合計 and 年需經費. Rows pair by order. Only the deepest budget row (the
一般行政 work plan, under the 款/項 rows that repeat the same figures) is emitted; its printed 合計
becomes a Personnel of category 合計 carrying the 年需經費, which the checks re-add.
"""

from __future__ import annotations

import re
from typing import ClassVar

from ingest.document import Page
from ingest.parsers._annex_table import amount, count, first_table, headings, is_number, split_header, unit_of
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import Personnel, Record
from ingest.sections import Section

TABLE = "預算員額明細表"
TOTAL = "合計"
_CODE_NAME = re.compile(r"^(?P<code>\d{9,10})\s*(?P<name>\S.*)$")
_LEVEL_COLUMNS = 4  # 款, 項, 目, 節


def _rows(left: Page, right: Page | None) -> tuple[list[str], list[list[str]], str]:
    """Column headings and joined data rows of a spread (left rows without numbers are headings only)."""
    left_table, right_table = first_table(left), first_table(right)
    if left_table is None:
        return [], [], unit_of(left, right)
    header, data = split_header(left_table.rows)
    columns = headings(header)
    right_data: list[list[str]] = []
    if right_table is not None:
        right_header, right_data = split_header(right_table.rows)
        columns += headings(right_header)
    joined = []
    cursor = 0
    for row in data:
        named = next((i for i, c in enumerate(row) if _CODE_NAME.match(c.strip())), _LEVEL_COLUMNS - 1)
        numbers = [c for c in row[named + 1 :] if c.strip()]
        if numbers and all(is_number(c) for c in numbers) and cursor < len(right_data):
            joined.append(row + right_data[cursor])
            cursor += 1
        else:
            joined.append(row)
    return columns, joined, unit_of(left, right)


YEARS = ("本年度", "上年度")


def _fragment(heading: str) -> str:
    """The category text of a 本年度/上年度 column heading: "員額 職員 本年度" → "職員", "職本年度" → "職"."""
    words = [w for w in heading.split() if "單位" not in w and "員額(" not in w]
    while words:
        last = words.pop()
        for year in YEARS:
            last = last.removesuffix(year)
        if last:
            return last
    return ""


def categories(columns: list[str]) -> dict[int, tuple[str, str]]:
    """(category, year) of each head-count column.

    A PDF can print a category's name across its two sub-columns ("職" over 本年度, "員" over 上年度).
    """
    found: dict[int, tuple[str, str]] = {}
    for index, heading in enumerate(columns):
        if "經費" in heading or not heading.endswith(YEARS):
            continue
        year = next(y for y in YEARS if heading.endswith(y))
        found[index] = (_fragment(heading), year)
    for index, (fragment, year) in list(found.items()):
        partner = found.get(index + 1)
        if year == "本年度" and partner is not None and partner[1] == "上年度" and partner[0] != fragment:
            whole = fragment + partner[0]
            found[index], found[index + 1] = (whole, year), (whole, partner[1])
    return found


class StaffingParser(SectionParser):
    kinds: ClassVar[tuple[str, ...]] = ("staffing",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        records: list[Record] = []
        for left, right in section.spreads():
            columns, rows, unit = _rows(left, right)
            depth_rows = []
            for row in rows:
                levels = [i for i in range(min(_LEVEL_COLUMNS, len(row))) if row[i].strip().isdigit()]
                if levels and len(row) > len(columns) // 2:
                    depth_rows.append((max(levels), row))
            deepest = max((d for d, _ in depth_rows), default=None)
            for depth, row in depth_rows:
                if depth == deepest:
                    records.extend(self._unit_records(row, columns, unit, left, context))
        return records

    def _unit_records(
        self, row: list[str], columns: list[str], unit: str, page: Page, context: BookContext
    ) -> list[Record]:
        label = next((c.strip() for c in row if _CODE_NAME.match(c.strip())), "")
        match = _CODE_NAME.match(label)
        code, name = (match["code"], match["name"].strip()) if match else ("", label)
        counts: dict[str, dict[str, int]] = {}
        cost_at = next((i for i, h in enumerate(columns) if "經費" in h and "本年度" in h), None)
        cost = amount(row[cost_at], unit) if cost_at is not None and cost_at < len(row) else None
        for index, (category, year) in categories(columns).items():
            value = count(row[index]) if index < len(row) else None
            if category and value is not None:
                counts.setdefault(category, {})[year] = value
        out: list[Record] = []
        provenance = context.provenance(page, " | ".join(row), TABLE)
        for category, years in counts.items():
            if not years.get("本年度") and not years.get("上年度") and category != TOTAL:
                continue  # categories this agency has none of (警察, 法警 …)
            out.append(
                Personnel(
                    provenance=provenance,
                    category=category,
                    count=years.get("本年度", 0),
                    previous_count=years.get("上年度"),
                    unit_name=name,
                    unit_code=code,
                    annual_cost=cost if category == TOTAL else None,
                )
            )
        return out
