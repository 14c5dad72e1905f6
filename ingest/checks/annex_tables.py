"""附屬表 totals: 人事費彙計表, 媒體政策及業務宣導費彙計表, 預算員額明細表, 公務車輛明細表, 現有辦公房舍明細表,
派員出國計畫預算總表/類別表 and 跨年期計畫概況表 — every printed 合計 re-added from the rows it sums.
Head counts are compared in 人 and areas in 平方公尺 (the Check's unit); money in 元.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from ingest.amounts import Amount
from ingest.reconcile import Check, check, compare
from ingest.records import (
    CrossTabCell,
    MultiYearPlan,
    Office,
    Personnel,
    Record,
    TravelPlan,
    Vehicle,
    records_of,
)

TOTAL = "合計"
PEOPLE = "人"
SQUARE_METRES = "平方公尺"


def _value(amount: Amount | None) -> Decimal:
    return amount.value_ntd if amount is not None else Decimal(0)


def _cells(records: list[Record], table: str) -> list[CrossTabCell]:
    return [c for c in records_of(records, CrossTabCell) if c.table == table]


def _personnel_cost(records: list[Record]) -> Iterable[Check]:
    cells = _cells(records, "人事費彙計表")
    total = next((c for c in cells if c.is_total), None)
    if total is not None:
        parts = sum((c.amount.value_ntd for c in cells if not c.is_total), Decimal(0))
        yield compare(
            "人事費彙計表 合計 = its rows",
            "人事費彙計表 合計",
            total.amount.value_ntd,
            parts,
            page=total.provenance.page,
        )


def _media(records: list[Record]) -> Iterable[Check]:
    """The agency row (the first total) = all work plans; each 政事別 row = the work plans under it."""
    cells = _cells(records, "媒體政策及業務宣導費彙計表")
    first = next((i for i, c in enumerate(cells) if c.is_total), None)
    for index, total in enumerate(cells):
        if not total.is_total:
            continue
        following = cells[index + 1 :]
        if index != first:
            cut = next((i for i, c in enumerate(following) if c.is_total), len(following))
            following = following[:cut]
        computed = sum((c.amount.value_ntd for c in following if not c.is_total), Decimal(0))
        yield compare(
            "媒體政策及業務宣導費 total = its work plans",
            f"媒體政策及業務宣導費彙計表 {total.row_code} {total.row_name}",
            total.amount.value_ntd,
            computed,
            page=total.provenance.page,
        )


STAFFING_TABLE = "預算員額明細表"


def _staffing(records: list[Record]) -> Iterable[Check]:
    staff = records_of(records, Personnel)
    detail = [p for p in staff if p.provenance.section == STAFFING_TABLE]
    yield from _staffing_against_statement(
        detail, [p for p in staff if p.provenance.section != STAFFING_TABLE]
    )
    by_unit: dict[str, list[Personnel]] = defaultdict(list)
    for person in detail:
        by_unit[person.unit_code or person.unit_name].append(person)
    for unit, people in by_unit.items():
        total = next((p for p in people if p.category == TOTAL), None)
        if total is None:
            continue
        rest = [p for p in people if p.category != TOTAL]
        where = f"預算員額明細表 {unit} {total.unit_name}"
        yield compare(
            "預算員額 合計 = its categories (本年度)",
            where,
            Decimal(total.count),
            Decimal(sum(p.count for p in rest)),
            page=total.provenance.page,
            unit=PEOPLE,
        )
        if total.previous_count is not None:
            previous = Decimal(sum(p.previous_count or 0 for p in rest))
            yield compare(
                "預算員額 合計 = its categories (上年度)",
                where,
                Decimal(total.previous_count),
                previous,
                page=total.provenance.page,
                unit=PEOPLE,
            )


def _staffing_against_statement(detail: list[Personnel], stated: list[Personnel]) -> Iterable[Check]:
    """預算員額明細表 per category (all units) = the same category stated elsewhere (預算總說明 …)."""
    totals: dict[str, int] = defaultdict(int)
    for person in detail:
        if person.category != TOTAL:
            totals[person.category] += person.count
    for person in stated:
        if person.category in totals:
            yield compare(
                f"預算員額 {person.category} = {STAFFING_TABLE}",
                f"{person.provenance.section} p.{person.provenance.page} {person.category}",
                Decimal(person.count),
                Decimal(totals[person.category]),
                page=person.provenance.page,
                unit=PEOPLE,
            )


VEHICLE_COLUMNS = {"油料費": "fuel_cost", "養護費": "maintenance_cost", "其他": "other_cost"}


def _vehicles(records: list[Record]) -> Iterable[Check]:
    vehicles = records_of(records, Vehicle)
    for cell in _cells(records, "公務車輛明細表"):
        field = VEHICLE_COLUMNS.get(cell.column)
        if cell.is_total and field:
            computed = sum((_value(getattr(v, field)) for v in vehicles), Decimal(0))
            # Each row's 油料費 is litres × price rounded to 千元 on its own, as is the total's: the
            # sum of rounded rows may drift by up to half a 千元 per vehicle.
            yield compare(
                f"公務車輛 {cell.column} 合計 = its vehicles",
                f"公務車輛明細表 合計 {cell.column}",
                cell.amount.value_ntd,
                computed,
                page=cell.provenance.page,
                tolerance=Decimal(500) * len(vehicles),
                rounding_note="rows and total rounded to 千元 separately",
            )


def _offices(records: list[Record]) -> Iterable[Check]:
    # A book can print one table per organisation (a spread each): totals add up within their page.
    by_page: dict[int | None, list[Office]] = defaultdict(list)
    for office in records_of(records, Office):
        by_page[office.provenance.page].append(office)
    for page, offices in by_page.items():
        for total in (o for o in offices if o.category == TOTAL):
            parts = [
                o
                for o in offices
                if o.tenure == total.tenure and o.category != TOTAL and "：" not in o.category
            ]
            yield from _office_sums(
                f"現有辦公房舍明細表 p.{page} 合計 {total.tenure}", "its categories", total, parts
            )
        for parent in (o for o in offices if "：" not in o.category and o.category != TOTAL):
            kinds = [
                o
                for o in offices
                if o.category.startswith(parent.category + "：") and o.tenure == parent.tenure
            ]
            if kinds:
                yield from _office_sums(
                    f"現有辦公房舍明細表 p.{page} {parent.category} {parent.tenure}",
                    "its kinds",
                    parent,
                    kinds,
                )
        for category in dict.fromkeys(o.category for o in offices):
            row = [o for o in offices if o.category == category]
            row_total = next((o for o in row if o.tenure == TOTAL), None)
            if row_total is not None:
                parts = [o for o in row if o.tenure != TOTAL]
                yield from _office_sums(
                    f"現有辦公房舍明細表 p.{page} {category}", "its tenures", row_total, parts
                )


def _office_sums(where: str, what: str, total: Office, parts: list[Office]) -> Iterable[Check]:
    page = total.provenance.page
    if total.area_m2 is not None:
        area = sum((o.area_m2 or Decimal(0) for o in parts), Decimal(0))
        yield compare(
            f"辦公房舍 面積 合計 = {what}", where, total.area_m2, area, page=page, unit=SQUARE_METRES
        )
    for field, label in (
        ("acquisition_cost", "取得成本"),
        ("maintenance_cost", "年需養護費"),
        ("rent", "租金"),
    ):
        printed = getattr(total, field)
        if printed is not None and (printed.value_ntd or any(getattr(o, field) for o in parts)):
            computed = sum((_value(getattr(o, field)) for o in parts), Decimal(0))
            yield compare(f"辦公房舍 {label} 合計 = {what}", where, printed.value_ntd, computed, page=page)


def _travel(records: list[Record]) -> Iterable[Check]:
    plans = records_of(records, TravelPlan)
    for plan in plans:
        if plan.amount is not None and plan.components:
            yield compare(
                "派員出國/赴大陸 合計 = 交通費+生活費+辦公費",
                f"{plan.provenance.section} {plan.number} {plan.name[:20]}",
                plan.amount.value_ntd,
                sum((a.value_ntd for _, a in plan.components), Decimal(0)),
                page=plan.provenance.page,
            )
    cells = [c for c in _cells(records, "派員出國計畫預算總表") if c.column.startswith("本年度")]
    total = next((c for c in cells if c.is_total), None)
    if total is None:
        return
    categories = sum((c.amount.value_ntd for c in cells if not c.is_total), Decimal(0))
    yield compare(
        "派員出國計畫預算總表 合計 = its 類別",
        "派員出國計畫預算總表 合計 本年度預算數",
        total.amount.value_ntd,
        categories,
        page=total.provenance.page,
    )
    abroad = [p for p in plans if p.category == "出國"]
    if abroad:
        computed = sum((_value(p.amount) for p in abroad), Decimal(0))
        unread = [p.number for p in abroad if p.amount is None]
        yield compare(
            "派員出國計畫預算總表 合計 = 出國 plans",
            "派員出國計畫預算總表 合計 vs 類別表",
            total.amount.value_ntd,
            computed,
            page=total.provenance.page,
            note=f"plans whose 合計 was not read: {', '.join(unread)}" if unread else "",
        )


def _multi_year(records: list[Record]) -> Iterable[Check]:
    for plan in records_of(records, MultiYearPlan):
        if plan.yearly_amounts:
            computed = sum((a.value_ntd for _, a in plan.yearly_amounts), Decimal(0))
            yield compare(
                "跨年期計畫 總額 = 分年經費",
                f"跨年期計畫概況表 {plan.name}",
                plan.total_amount.value_ntd,
                computed,
                page=plan.provenance.page,
            )


@check("annex")
def annex_tables(records: list[Record]) -> Iterable[Check]:
    for family in (_personnel_cost, _media, _staffing, _vehicles, _offices, _travel, _multi_year):
        yield from family(records)
