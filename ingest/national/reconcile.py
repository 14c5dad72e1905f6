"""Reconciliation of the national tables, per file and per year, with ingest/reconcile's Check machinery.

歲出機關別預算表: 款 = Σ 項, 項 = Σ 目 (its work plans, across its 政事別), 政事別 = Σ 目, 目 = Σ 節, and
比較 = 本年度 − 上年度 on every row; 合計 = Σ 款 against the 合計 printed by 歲出政事別預算表 of the same
year (the agency table prints none). 歲入來源別預算表 and 歲出政事別預算表: 合計 = Σ 款, every row = Σ its
children, 比較. Sums go over all amount columns (前年度決算數 within ±1 千元 is rounding).
These are not registered in ingest/checks: the books' own checks compare every row with every other
row, which is fine for a book and too slow for 2,000 rows × 18 years; here children are grouped once.
Failures are kept and explained where the table shows why (see `_explain`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from ingest.checks._sums import AMOUNT_FIELDS, ROUNDING_NOTE, sum_of, tolerance
from ingest.national.table import DGBAS_EXPENDITURE, DGBAS_FUNCTION, TWBUDGET, NationalTable
from ingest.reconcile import Check, Report, compare
from ingest.records import CrossTabCell, ExpenditureItem, RevenueItem


def reconcile_table(table: NationalTable, function_total: CrossTabCell | None = None) -> Report:
    report = Report(document=table.document)
    if table.table == TWBUDGET:
        return report
    items: list[ExpenditureItem | RevenueItem] = [
        r for r in table.records if isinstance(r, ExpenditureItem | RevenueItem)
    ]
    family = f"national {table.table}"
    for check in _checks(table, items, function_total):
        report.checks.append(_explain(check, family, items))
    return report


def _checks(
    table: NationalTable,
    items: Sequence[ExpenditureItem | RevenueItem],
    function_total: CrossTabCell | None,
) -> Iterable[Check]:
    name = f"{table.roc_year} {table.table}"
    children: dict[str, list[ExpenditureItem | RevenueItem]] = defaultdict(list)
    for item in items:
        if item.parent_code:
            children[item.parent_code].append(item)
    top = [i for i in items if i.level == "款"]
    totals = {
        c.column: c
        for c in table.records
        if isinstance(c, CrossTabCell) and c.is_total and c.table == table.table
    }
    if table.table == DGBAS_EXPENDITURE and function_total is not None:
        totals.setdefault("本年度預算數", function_total)
    for field, column in AMOUNT_FIELDS:
        cell = totals.get(column)
        if cell is None:
            continue
        computed = sum_of(top, field)
        if computed is None:
            continue
        yield compare(
            f"合計 {column} = Σ 款",
            f"{name} 合計" + ("" if cell.table == table.table else f" (printed by {cell.table})"),
            cell.amount.value_ntd,
            computed,
            tolerance=_tolerance(field, len(top)),
            rounding_note=ACTUAL_ROUNDING if field == "prior_year_actual" else ROUNDING_NOTE,
        )
    by_agency: dict[str, list[ExpenditureItem | RevenueItem]] = defaultdict(list)
    if table.table == DGBAS_EXPENDITURE:
        for item in items:
            if item.level == "目":
                by_agency["00" + item.code[2:6] + "0000"].append(item)
    for parent in items:
        groups = []
        if children.get(parent.code):
            groups.append(("下層", children[parent.code]))
        if parent.level == "項" and by_agency.get(parent.code):
            groups.append(("目", by_agency[parent.code]))
        for label, rows in groups:
            for field, column in AMOUNT_FIELDS:
                printed = getattr(parent, field)
                computed = sum_of(rows, field)
                if printed is None and computed is None:
                    continue
                result = compare(
                    f"{parent.level} {column} = Σ {label}",
                    f"{name} {parent.code} {parent.name}",
                    printed.value_ntd if printed is not None else None,
                    computed,
                    tolerance=_tolerance(field, len(rows)),
                    rounding_note=ACTUAL_ROUNDING if field == "prior_year_actual" else ROUNDING_NOTE,
                    page=getattr(parent.provenance, "row", None),
                )
                if result.status == "fail" and field == "change" and printed is not None:
                    result = _blank_changes(result, rows)
                yield result
    for item in items:
        if item.change is None or item.amount is None or item.previous_year_amount is None:
            continue
        yield compare(
            "比較 = 本年度 − 上年度",
            f"{name} {item.code} {item.name}",
            item.change.value_ntd,
            item.amount.value_ntd - item.previous_year_amount.value_ntd,
            page=getattr(item.provenance, "row", None),
        )


ACTUAL_ROUNDING = (
    "前年度決算數 is rounded to the 千元 row by row, so Σ of n rows may differ from the printed subtotal "
    "by up to n/2 千元"
)
FRACTION_NOTE = "a spreadsheet cell holds a fraction of a 千元 (e.g. 152689908.003 in 97 教育部主管)"


def _tolerance(field: str, rows: int) -> Decimal:
    if field == "prior_year_actual":
        return max(tolerance(field), Decimal(500) * rows)
    return tolerance(field)


def _blank_changes(result: Check, rows: Sequence[ExpenditureItem | RevenueItem]) -> Check:
    """Σ 比較 with the changes the rows leave blank ('-' where one side is nil) put back."""
    restored = Decimal(0)
    for row in rows:
        if row.amount is None or row.previous_year_amount is None:
            continue
        restored += row.amount.value_ntd - row.previous_year_amount.value_ntd
    if result.printed is not None and abs(result.printed - restored) < 1000:
        return Check(
            result.name,
            result.location,
            result.printed,
            result.computed,
            "explained",
            result.page,
            f"rows below print 比較 '-' where 本年度 or 上年度 is nil; with those changes put back Σ = {restored}",
        )
    return result


def _explain(check: Check, family: str, items: Sequence[ExpenditureItem | RevenueItem]) -> Check:
    status, note = check.status, check.note
    if status == "fail" and check.name.startswith("比較") and check.printed == 0:
        status = "explained"
        note = "比較 printed as '-' on a row whose 本年度 or 上年度 is nil: the table leaves the change blank"
    if status == "fail" and check.difference is not None and abs(check.difference) < 1000:
        values = (check.printed, check.computed)
        if any(v is not None and v % 1000 for v in values):
            status, note = "rounding", FRACTION_NOTE
    return Check(
        check.name,
        check.location,
        check.printed,
        check.computed,
        status,
        check.page,
        note,
        family,
        check.unit,
    )


def year_counts(tables: Iterable[NationalTable]) -> dict[int, dict[str, int]]:
    """Per year: 主管, agencies and work plans of 歲出機關別預算表, and twbudget's work plans."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for table in tables:
        levels = Counter(getattr(r, "level", "") for r in table.records)
        if table.table == DGBAS_EXPENDITURE:
            counts[table.roc_year].update(
                {
                    "主管": levels["款"],
                    "agencies": levels["項"],
                    "work plans": levels["目"],
                    "節": levels["節"],
                }
            )
        elif table.table == TWBUDGET:
            counts[table.roc_year]["twbudget rows"] = sum(levels.values())
    return dict(counts)


def function_total(table: NationalTable) -> CrossTabCell | None:
    """The 合計 本年度預算數 printed by a 歲出政事別預算表 (the agency table's check)."""
    if table.table != DGBAS_FUNCTION:
        return None
    return next(
        (
            c
            for c in table.records
            if isinstance(c, CrossTabCell) and c.is_total and c.column == "本年度預算數"
        ),
        None,
    )
