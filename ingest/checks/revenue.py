"""Revenue reconciliation: 歲入來源別預算表 adds up, and 歲入項目說明提要表 agrees with it.

- the printed 合計 equals the sum of the 款 rows, in every amount column;
- every 款/項/目 row equals the sum of its children, in every amount column;
- 本年度與上年度比較 equals 本年度預算數 − 上年度預算數 on every row and on 合計;
- every RevenueExplanation's 預算金額 equals the RevenueItem of the same code.

前年度決算數 subtotals are rounded on their own in the books (±1 千元), reported as rounding.
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.amounts import Amount
from ingest.checks._sums import AMOUNT_FIELDS, ROUNDING_NOTE, sum_of, tolerance, total_cells
from ingest.reconcile import Check, check, compare
from ingest.records import Record, RevenueExplanation, RevenueItem, records_of

TABLE = "歲入來源別預算表"


@check("revenue")
def revenue_table_adds_up(records: list[Record]) -> Iterable[Check]:
    items: list[RevenueItem] = records_of(records, RevenueItem)
    if not items:
        return
    totals = total_cells(records, TABLE)
    top = [item for item in items if item.level == "款"]
    for field, column in AMOUNT_FIELDS:
        if column in totals:
            cell = totals[column]
            yield compare(
                f"合計 {column} = Σ 款",
                f"{TABLE} 合計",
                cell.amount.value_ntd,
                sum_of(top, field),
                page=cell.provenance.page,
                tolerance=tolerance(field),
                rounding_note=ROUNDING_NOTE,
            )
    for parent in items:
        children = [item for item in items if item.parent_code == parent.code]
        if not children:
            continue
        for field, column in AMOUNT_FIELDS:
            printed: Amount | None = getattr(parent, field)
            if printed is None and all(getattr(child, field) is None for child in children):
                continue
            yield compare(
                f"{parent.level} {column} = Σ 下層",
                f"{TABLE} {parent.code} {parent.name}",
                printed.value_ntd if printed else None,
                sum_of(children, field),
                page=parent.provenance.page,
                tolerance=tolerance(field),
                rounding_note=ROUNDING_NOTE,
            )


@check("revenue")
def revenue_change_is_difference(records: list[Record]) -> Iterable[Check]:
    for item in records_of(records, RevenueItem):
        if item.change is None or item.previous_year_amount is None:
            continue
        yield compare(
            "比較 = 本年度 − 上年度",
            f"{TABLE} {item.code} {item.name}",
            item.change.value_ntd,
            item.amount.value_ntd - item.previous_year_amount.value_ntd,
            page=item.provenance.page,
        )
    totals = total_cells(records, TABLE)
    if {"比較", "本年度預算數", "上年度預算數"} <= totals.keys():
        yield compare(
            "比較 = 本年度 − 上年度",
            f"{TABLE} 合計",
            totals["比較"].amount.value_ntd,
            totals["本年度預算數"].amount.value_ntd - totals["上年度預算數"].amount.value_ntd,
            page=totals["比較"].provenance.page,
        )


@check("revenue")
def explanations_match_revenue_items(records: list[Record]) -> Iterable[Check]:
    items = {item.code: item for item in records_of(records, RevenueItem)}
    for explanation in records_of(records, RevenueExplanation):
        item = items.get(explanation.code)
        yield compare(
            "歲入項目說明 預算金額 = 歲入來源別 本年度預算數",
            f"歲入項目說明提要表 {explanation.code} {explanation.name}",
            explanation.amount.value_ntd,
            item.amount.value_ntd if item else None,
            page=explanation.provenance.page,
            note="" if item else f"{explanation.code} is not a row of {TABLE}",
        )


__all__ = ["explanations_match_revenue_items", "revenue_change_is_difference", "revenue_table_adds_up"]
