"""The analytical cross-tables add up, and agree with the plan tables they summarise.

- 各項費用彙計表: first-level rows = their second-level rows, 合計 row = first-level rows, 合計 column
  = the work-plan columns, each work-plan column's 合計 = the WorkPlan amount, and each cell = the
  plan's LineItems of that object class.
- 歲出一級用途別科目分析表, 資本支出分析表, 歲出按職能及經濟性綜合分類表: every row's columns add up to
  their 小計/合計 columns, the agency (or 總計) row = the rows below it, and 一級用途別's rows for
  work plans = the WorkPlan amounts and their LineItems by first-level class.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from ingest.parsers._plan_text import name_key
from ingest.reconcile import Check, check, compare
from ingest.records import CrossTabCell, LineItem, Record, WorkPlan, records_of

EXPENSES = "各項費用彙計表"
OBJECT_CLASSES = "歲出一級用途別科目分析表"
CAPITAL = "資本支出分析表"
FUNCTIONAL = "歲出按職能及經濟性綜合分類表"
TOTAL = "合計"
GRAND_TOTALS = ("合計", "總計")
GROUPS = ("經常支出", "資本支出")


@check("cross_tables")
def cross_tables_add_up(records: list[Record]) -> Iterable[Check]:
    cells: list[CrossTabCell] = records_of(records, CrossTabCell)
    plans: list[WorkPlan] = records_of(records, WorkPlan)
    lines: list[LineItem] = records_of(records, LineItem)
    expenses = [c for c in cells if c.table == EXPENSES]
    if expenses:
        yield from _expense_summary(expenses, plans, lines)
    for table in (OBJECT_CLASSES, CAPITAL, FUNCTIONAL):
        rows = _rows([c for c in cells if c.table == table])
        if not rows:
            continue
        yield from _row_sums(table, rows)
        yield from _column_sums(table, rows, plans)
        if table == OBJECT_CLASSES:
            yield from _object_classes_match_plans(rows, plans, lines)


# ---------------------------------------------------------------- 各項費用彙計表


def _expense_summary(
    cells: list[CrossTabCell], plans: list[WorkPlan], lines: list[LineItem]
) -> Iterable[Check]:
    grid: dict[tuple[str, str], CrossTabCell] = {}
    for cell in cells:
        grid[(cell.row_code or TOTAL, cell.column_code or cell.column)] = cell
    row_codes = list(dict.fromkeys(cell.row_code or TOTAL for cell in cells))
    columns = list(dict.fromkeys(cell.column_code or cell.column for cell in cells))
    plan_columns = [c for c in columns if c != TOTAL]

    def value(row: str, column: str) -> Decimal:
        cell = grid.get((row, column))
        return cell.amount.value_ntd if cell else Decimal(0)

    def where(row: str, column: str) -> tuple[str, int | None]:
        cell = grid.get((row, column))
        name = f"{cell.row_name} / {cell.column}" if cell else f"{row} / {column}"
        return f"{EXPENSES} {name}", cell.provenance.page if cell else None

    first_level = [r for r in row_codes if r != TOTAL and r.endswith("000")]
    for column in columns:
        location, page = where(TOTAL, column)
        yield compare(
            "合計 row = sum of first-level object classes",
            location,
            value(TOTAL, column) if (TOTAL, column) in grid else None,
            sum((value(r, column) for r in first_level), Decimal(0)),
            page=page,
        )
        for parent in first_level:
            children = [r for r in row_codes if r != TOTAL and r[0] == parent[0] and r != parent]
            if not children or (parent, column) not in grid:
                continue
            location, page = where(parent, column)
            yield compare(
                "first-level object class = sum of its second-level classes",
                location,
                value(parent, column),
                sum((value(r, column) for r in children), Decimal(0)),
                page=page,
            )
    if TOTAL in columns:
        for row in row_codes:
            location, page = where(row, TOTAL)
            yield compare(
                "合計 column = sum of the work-plan columns",
                location,
                value(row, TOTAL) if (row, TOTAL) in grid else None,
                sum((value(row, c) for c in plan_columns), Decimal(0)),
                page=page,
            )
    plan_by_code = {plan.code: plan for plan in plans}
    for column in plan_columns:
        plan = plan_by_code.get(column)
        if plan is None:
            continue
        location, page = where(TOTAL, column)
        yield compare(
            "work-plan column total = the WorkPlan amount",
            location,
            value(TOTAL, column) if (TOTAL, column) in grid else None,
            plan.amount.value_ntd,
            page=page,
            note=f"歲出計畫提要 p.{plan.provenance.page}",
        )
    yield from _cells_match_line_items(grid, plan_columns, lines)


def _cells_match_line_items(
    grid: dict[tuple[str, str], CrossTabCell], plan_columns: list[str], lines: list[LineItem]
) -> Iterable[Check]:
    by_plan_code: dict[tuple[str, str], list[LineItem]] = defaultdict(list)
    for line in lines:
        by_plan_code[(line.work_plan_code, line.object_class_code)].append(line)
    plans_with_lines = {line.work_plan_code for line in lines}
    for (row, column), cell in grid.items():
        if row == TOTAL or column not in plan_columns or column not in plans_with_lines:
            continue
        parts = by_plan_code.get((column, row), [])
        if not parts and cell.amount.value_ntd == 0:
            continue
        yield compare(
            "cell = the work plan's LineItems of that object class",
            f"{EXPENSES} {cell.row_code} {cell.row_name} / {cell.column}",
            cell.amount.value_ntd,
            sum((p.amount.value_ntd for p in parts), Decimal(0)),
            page=cell.provenance.page,
            note=f"branches {', '.join(p.branch_number for p in parts)}"
            if parts
            else "no LineItem of this class",
        )
    for (plan_code, code), parts in by_plan_code.items():
        if plan_code in plan_columns and (code, plan_code) not in grid:
            yield Check(
                "LineItem class appears in 各項費用彙計表",
                f"{EXPENSES} {code} {parts[0].object_class_name} / {plan_code}",
                sum((p.amount.value_ntd for p in parts), Decimal(0)),
                None,
                "fail",
                parts[0].provenance.page,
                "the plan table lists this object class but 各項費用彙計表 has no row for it",
            )


# ---------------------------------------------------------------- wide tables


_Row = dict[str, CrossTabCell]  # column → cell, for one table row


def _rows(cells: list[CrossTabCell]) -> dict[str, _Row]:
    """Rows of one table in book order, keyed by row name (with code where printed)."""
    rows: dict[str, _Row] = {}
    for cell in cells:
        key = f"{cell.row_code} {cell.row_name}".strip()
        rows.setdefault(key, {})[cell.column] = cell
    return rows


def _total(row: _Row, columns: Iterable[str]) -> Decimal:
    return sum((row[c].amount.value_ntd for c in columns if c in row), Decimal(0))


def _row_sums(table: str, rows: dict[str, _Row]) -> Iterable[Check]:
    for key, row in rows.items():
        columns = list(row)
        subtotals = []
        for group in GROUPS:
            members = [c for c in columns if c.startswith(f"{group}/") and not c.endswith("小計")]
            subtotal = next((c for c in columns if c in (f"{group}/小計", f"{group}合計")), None)
            if subtotal is None:
                continue
            subtotals.append(subtotal)
            yield compare(
                f"{group} columns = {subtotal}",
                f"{table} {key} / {subtotal}",
                row[subtotal].amount.value_ntd,
                _total(row, members),
                page=row[subtotal].provenance.page,
            )
        grand = next((c for c in columns if c in GRAND_TOTALS), None)
        if grand is None:
            continue
        parts = subtotals or [c for c in columns if c != grand]
        yield compare(
            f"{' + '.join(parts) if subtotals else 'columns'} = {grand}",
            f"{table} {key} / {grand}",
            row[grand].amount.value_ntd,
            _total(row, parts),
            page=row[grand].provenance.page,
        )


def _column_sums(table: str, rows: dict[str, _Row], plans: list[WorkPlan]) -> Iterable[Check]:
    """The top row (agency, or 總計) = the rows it sums: work-plan rows, else the top-level functions."""
    keys = list(rows)
    top_key = next((k for k in keys if k in GRAND_TOTALS), keys[0])
    top = rows[top_key]
    plan_names = {name_key(plan.name) for plan in plans}
    parts = [k for k in keys if k != top_key and name_key(_row_name(rows[k])) in plan_names]
    if not parts and top_key in GRAND_TOTALS:
        coded = [k for k in keys if k != top_key and _row_code(rows[k])]
        shortest = min((len(_row_code(rows[k])) for k in coded), default=0)
        parts = [k for k in coded if len(_row_code(rows[k])) == shortest]
    if not parts:
        return
    for column, cell in top.items():
        yield compare(
            "top row = sum of the rows below it",
            f"{table} {top_key} / {column}",
            cell.amount.value_ntd,
            _total_column(rows, parts, column),
            page=cell.provenance.page,
            note="rows: " + "、".join(parts),
        )


def _total_column(rows: dict[str, _Row], keys: list[str], column: str) -> Decimal:
    return sum((rows[k][column].amount.value_ntd for k in keys if column in rows[k]), Decimal(0))


def _row_name(row: _Row) -> str:
    return next(iter(row.values())).row_name


def _row_code(row: _Row) -> str:
    return next(iter(row.values())).row_code


def _object_classes_match_plans(
    rows: dict[str, _Row], plans: list[WorkPlan], lines: list[LineItem]
) -> Iterable[Check]:
    """A work plan's 合計 = its WorkPlan amount; its 經常+資本 amount of a class = its LineItems of it."""
    by_name = {name_key(_row_name(row)): row for row in rows.values()}
    for plan in plans:
        row = by_name.get(name_key(plan.name))
        if row is None:
            continue
        grand = next((c for c in row if c in GRAND_TOTALS), None)
        if grand is not None:
            yield compare(
                "work-plan row total = the WorkPlan amount",
                f"{OBJECT_CLASSES} {plan.name} / {grand}",
                row[grand].amount.value_ntd,
                plan.amount.value_ntd,
                page=row[grand].provenance.page,
                note=f"歲出計畫提要 p.{plan.provenance.page}",
            )
        first_level = [line for line in lines if line.work_plan_code == plan.code and line.level == 1]
        if not first_level:
            continue
        by_class: dict[str, Decimal] = defaultdict(Decimal)
        for line in first_level:
            by_class[name_key(line.object_class_name)] += line.amount.value_ntd
        for name, amount in by_class.items():
            columns = [c for c in row if name_key(c.split("/")[-1]) == name]
            if not columns:
                continue
            yield compare(
                "經常 + 資本 of a first-level class = the plan's LineItems of it",
                f"{OBJECT_CLASSES} {plan.name} / {name}",
                _total(row, columns),
                amount,
                page=row[columns[0]].provenance.page,
            )
