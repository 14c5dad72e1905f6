"""Expenditure reconciliation: 歲出機關別預算表 adds up.

- the agency (項) row equals the sum of its 政事別 rows and, separately, of its work-plan (目) rows;
- every 政事別 row equals the sum of its work plans, every 目 the sum of its 節;
- 本年度與上年度比較 equals 本年度預算數 − 上年度預算數 on every row.

前年度決算數 subtotals are rounded on their own in the books (±1 千元), reported as rounding.
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.checks._sums import AMOUNT_FIELDS, ROUNDING_NOTE, sum_of, tolerance
from ingest.reconcile import Check, check, compare
from ingest.records import ExpenditureItem, Record, records_of

TABLE = "歲出機關別預算表"


@check("expenditure")
def expenditure_table_adds_up(records: list[Record]) -> Iterable[Check]:
    items: list[ExpenditureItem] = records_of(records, ExpenditureItem)
    for parent in items:
        if parent.amount is None:  # a 主管 heading prints no figures to check
            continue
        groups = _child_groups(parent, items)
        for label, children in groups:
            for field, column in AMOUNT_FIELDS:
                printed = getattr(parent, field)
                computed = sum_of(children, field)
                if printed is None and computed is None:
                    continue
                yield compare(
                    f"{parent.level} {column} = Σ {label}",
                    f"{TABLE} {parent.code} {parent.name}",
                    printed.value_ntd if printed is not None else None,
                    computed,
                    page=parent.provenance.page,
                    tolerance=tolerance(field),
                    rounding_note=ROUNDING_NOTE,
                )


def _child_groups(
    parent: ExpenditureItem, items: list[ExpenditureItem]
) -> list[tuple[str, list[ExpenditureItem]]]:
    """The row sets that must add up to `parent`: direct children, and for an agency its work plans too."""
    children = [item for item in items if item.parent_code == parent.code]
    groups = []
    if children:
        groups.append(("政事別" if all(c.level == "政事別" for c in children) else "下層", children))
    if parent.level == "項":
        functions = {c.code for c in children if c.level == "政事別"}
        plans = [item for item in items if item.level == "目" and item.parent_code in functions]
        if plans:
            groups.append(("工作計畫", plans))
    return groups


@check("expenditure")
def expenditure_change_is_difference(records: list[Record]) -> Iterable[Check]:
    for item in records_of(records, ExpenditureItem):
        if item.change is None or item.amount is None or item.previous_year_amount is None:
            continue
        yield compare(
            "比較 = 本年度 − 上年度",
            f"{TABLE} {item.code} {item.name}",
            item.change.value_ntd,
            item.amount.value_ntd - item.previous_year_amount.value_ntd,
            page=item.provenance.page,
        )


__all__ = ["expenditure_change_is_difference", "expenditure_table_adds_up"]
