"""Sums shared by the revenue and expenditure checks (amount columns, 合計 cells, rounding rule)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ingest.records import CrossTabCell, Record, records_of

# (record field, column title as printed)
AMOUNT_FIELDS: tuple[tuple[str, str], ...] = (
    ("amount", "本年度預算數"),
    ("previous_year_amount", "上年度預算數"),
    ("prior_year_actual", "前年度決算數"),
    ("change", "比較"),
    # issue 14: the 經常門 | 資本門 parts of 本年度預算數 where a local book prints them (blank elsewhere)
    ("current_amount", "經常門"),
    ("capital_amount", "資本門"),
)
ROUNDED_FIELD = "prior_year_actual"
ROUNDING_NOTE = "前年度決算數 subtotals are rounded on their own (±1 千元)"


def sum_of(rows: Sequence[object], field: str) -> Decimal | None:
    """Σ of a field over rows; a blank cell counts as 0, but all-blank is None (nothing to compare)."""
    values = [getattr(row, field) for row in rows]
    if all(value is None for value in values):
        return None
    return sum((value.value_ntd for value in values if value is not None), Decimal(0))


def total_cells(records: list[Record], table: str) -> dict[str, CrossTabCell]:
    """The printed 合計 cells of a table by column title."""
    return {
        cell.column: cell
        for cell in records_of(records, CrossTabCell)
        if cell.table == table and cell.is_total and cell.row_name == "合計"
    }


def tolerance(field: str) -> Decimal:
    return Decimal(1000) if field == ROUNDED_FIELD else Decimal(0)
