"""補助/捐助/委辦經費分析表: every subtotal re-added from its rows, every row's 合計 from its columns, and
the grants of each object class against the 各項費用彙計表 cell of that class (per work plan and in total).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from ingest.layout import squeeze
from ingest.reconcile import Check, check, compare
from ingest.records import CrossTabCell, Grant, Record, records_of

GRANT_TABLES = ("補助經費分析表", "捐助經費分析表", "委辦經費分析表")
EXPENSE_TABLE = "各項費用彙計表"
TOTAL = "合計"


def _parent(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _table_checks(table: str, cells: list[CrossTabCell]) -> Iterable[Check]:
    if not any(c.column == TOTAL for c in cells):
        page = cells[0].provenance.page if cells else None
        note = "no 合計 column was read: is the right half of the spread missing?"
        yield Check(f"{table} 合計 read", table, None, None, "fail", page, note)
        return
    by_row: dict[str, dict[str, CrossTabCell]] = defaultdict(dict)
    for cell in cells:
        by_row[cell.row_code][cell.column] = cell
    children: dict[str, list[str]] = defaultdict(list)
    for path in by_row:
        if path:
            children[_parent(path)].append(path)
    for path, columns in by_row.items():
        kids = children.get(path)
        if not kids:
            continue
        first = next(iter(columns.values()))
        label = f"{table} {path} {first.row_name}" if path else f"{table} {TOTAL}"
        for column, cell in columns.items():
            computed = sum(
                (by_row[k][column].amount.value_ntd for k in kids if column in by_row[k]), Decimal(0)
            )
            result = compare(
                f"{table} subtotal = its rows",
                f"{label} [{column}]",
                cell.amount.value_ntd,
                computed,
                page=cell.provenance.page,
            )
            if column == TOTAL or result.status == "fail":
                yield result
    printed = Decimal(0)
    computed = Decimal(0)
    broken: list[str] = []
    for path, columns in by_row.items():
        if TOTAL not in columns:
            continue
        row_total = columns[TOTAL].amount.value_ntd
        row_sum = sum((c.amount.value_ntd for name, c in columns.items() if name != TOTAL), Decimal(0))
        printed += row_total
        computed += row_sum
        if row_total != row_sum:
            broken.append(path or TOTAL)
    yield compare(
        f"{table} each row's 合計 = its columns",
        f"{table} ({len(by_row)} rows)",
        printed,
        computed,
        note=f"rows that do not add up: {', '.join(broken)}" if broken else "",
    )


def _expense_cells(records: list[Record]) -> dict[str, list[CrossTabCell]]:
    found: dict[str, list[CrossTabCell]] = defaultdict(list)
    for cell in records_of(records, CrossTabCell):
        if cell.table == EXPENSE_TABLE:
            found[cell.row_code].append(cell)
    return found


def _is_total_column(cell: CrossTabCell) -> bool:
    return TOTAL in squeeze(cell.column) or (cell.is_total and not cell.column_code)


def _against_expense_table(records: list[Record]) -> Iterable[Check]:
    expense = _expense_cells(records)
    if not expense:
        return
    by_class: dict[str, Decimal] = defaultdict(Decimal)
    by_plan: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for grant in records_of(records, Grant):
        if grant.object_class_code:
            by_class[grant.object_class_code] += grant.amount.value_ntd
            by_plan[(grant.object_class_code, grant.work_plan_code)] += grant.amount.value_ntd
    for code, total in sorted(by_class.items()):
        cells = expense.get(code, [])
        total_cell = next((c for c in cells if _is_total_column(c)), None)
        if total_cell is not None:
            yield compare(
                f"grants of {code} = {EXPENSE_TABLE}",
                f"{EXPENSE_TABLE} {code} {total_cell.row_name} 合計",
                total_cell.amount.value_ntd,
                total,
                page=total_cell.provenance.page,
            )
        for (plan_class, plan), amount in sorted(by_plan.items()):
            if plan_class != code:
                continue
            cell = next((c for c in cells if c.column_code == plan), None)
            if cell is not None:
                yield compare(
                    f"grants of {code} in {plan} = {EXPENSE_TABLE}",
                    f"{EXPENSE_TABLE} {code} × {plan}",
                    cell.amount.value_ntd,
                    amount,
                    page=cell.provenance.page,
                )


@check("grants")
def grant_tables(records: list[Record]) -> Iterable[Check]:
    cells: dict[str, list[CrossTabCell]] = defaultdict(list)
    for cell in records_of(records, CrossTabCell):
        if cell.table in GRANT_TABLES:
            cells[cell.table].append(cell)
    for table, table_cells in cells.items():
        yield from _table_checks(table, table_cells)
    yield from _against_expense_table(records)
