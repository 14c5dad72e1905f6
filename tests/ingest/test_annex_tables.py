"""附屬表 of the sample book: 人事費彙計表 p.71, 預算員額明細表 pp.72–73, 公務車輛明細表 p.75,
現有辦公房舍明細表 pp.76–77, 派員出國/赴大陸 pp.99–103, 媒體政策及業務宣導費彙計表 p.142 — printed figures.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.amounts import Amount
from ingest.book import ParsedBook
from ingest.checks.annex_tables import annex_tables
from ingest.parsers.base import BookContext
from ingest.parsers.media_publicity import MediaPublicityParser
from ingest.parsers.offices import OfficeParser
from ingest.parsers.personnel_cost import PersonnelCostParser
from ingest.parsers.staffing import StaffingParser
from ingest.parsers.travel import TravelPlanParser, TravelSummaryParser
from ingest.parsers.vehicles import VehicleParser
from ingest.readers import read_book
from ingest.records import CrossTabCell, Office, Personnel, Record, TravelPlan, Vehicle, records_of
from ingest.resources import SAMPLE_BOOK
from ingest.sections import split_sections

K = Decimal(1000)
PARSERS = (
    MediaPublicityParser(),
    OfficeParser(),
    PersonnelCostParser(),
    StaffingParser(),
    TravelPlanParser(),
    TravelSummaryParser(),
    VehicleParser(),
)


@pytest.fixture(scope="module")
def annex() -> list[Record]:
    document = read_book(SAMPLE_BOOK)
    context = BookContext(document=document.source, agency=document.agency, roc_year=114)
    return [r for s in split_sections(document) for p in PARSERS if p.matches(s) for r in p.parse(s, context)]


def _cells(records: list[Record], table: str) -> list[CrossTabCell]:
    return [c for c in records_of(records, CrossTabCell) if c.table == table]


def test_personnel_cost_rows_and_total(annex: list[Record]) -> None:
    cells = {c.row_name: c for c in _cells(annex, "人事費彙計表")}
    assert cells["合計"].amount.value_ntd == 312_982 * K and cells["合計"].is_total
    assert cells["法定編制人員待遇"].amount.value_ntd == 196_830 * K
    assert cells["法定編制人員待遇"].note == "職員246人。"
    assert cells["民意代表待遇"].row_code == "一"
    assert len(cells) == 13


def test_staffing_counts_per_category(annex: list[Record]) -> None:
    people = {p.category: p for p in records_of(annex, Personnel)}
    expected = {
        "職員": (246, 235),
        "工友": (5, 6),
        "技工": (3, 3),
        "聘用": (15, 16),
        "約僱": (14, 15),
        "合計": (283, 275),
    }
    assert {k: (p.count, p.previous_count) for k, p in people.items()} == expected
    assert {(p.unit_code, p.unit_name) for p in people.values()} == {("5726100100", "一般行政")}
    assert people["合計"].annual_cost is not None and people["合計"].annual_cost.value_ntd == 301_987 * K


def test_vehicles(annex: list[Record]) -> None:
    vehicles = records_of(annex, Vehicle)
    assert len(vehicles) == 4
    assert [v.plate for v in vehicles] == ["BBJ-3329", "AGK-7287", "ARF-5770", "ARG-0593"]
    chief = vehicles[0]
    assert (chief.vehicle_type, chief.seats, chief.acquired, chief.engine_cc) == (
        "首長專用車",
        4,
        "108.09",
        1795,
    )
    assert chief.fuel_litres == Decimal(1140)
    assert chief.fuel_cost is not None and chief.fuel_cost.value_ntd == 35 * K
    assert vehicles[1].vehicle_type == "小客車及小客貨兩用車"
    totals = {c.column: c.amount.value_ntd for c in _cells(annex, "公務車輛明細表")}
    assert totals == {"油料費": 190 * K, "養護費": 187 * K, "其他": 79 * K}


def test_offices(annex: list[Record]) -> None:
    offices = {(o.category, o.tenure): o for o in records_of(annex, Office)}
    total = offices[("合計", "自有")]
    assert total.area_m2 == Decimal("8630.51")
    assert total.acquisition_cost is not None and total.acquisition_cost.value_ntd == 181_961 * K
    building = offices[("辦公房屋", "自有")]
    assert (building.units, building.area_m2) == ("9層", Decimal("8503.75"))
    assert offices[("機關宿舍：多房間職務宿舍", "自有")].area_m2 == Decimal("126.76")
    # one organisation's table: the book's agency owns every row
    assert {o.organisation for o in offices.values()} == {"經濟部產業發展署"}


def test_travel_plans_and_summary(annex: list[Record]) -> None:
    plans = records_of(annex, TravelPlan)
    abroad = [p for p in plans if p.category == "出國"]
    assert [p.number for p in abroad] == ["01", "02", "03"]
    first = abroad[0]
    assert first.name == "參與WTO、APEC、OECD及UNFCCC COP等雙邊、多邊或複邊會議"
    assert (first.field_code, first.destination, first.days, first.persons) == ("85", "歐美亞太等地區", 27, 4)
    assert first.amount is not None and first.amount.value_ntd == 235 * K
    assert [(h, a.value_ntd) for h, a in first.components] == [
        ("交通費", 89 * K),
        ("生活費", 141 * K),
        ("辦公費", 5 * K),
    ]
    assert (first.budget_item, first.purpose_type) == ("工業管理", "定期會議")
    assert abroad[2].purpose_type == "不定期會議"
    assert abroad[2].amount == Amount(printed="1,596", unit="千元", value_ntd=1_596 * K)
    (mainland,) = [p for p in plans if p.category == "赴大陸"]
    assert (mainland.name, mainland.field_code, mainland.days, mainland.persons) == (
        "參與臺商服務團",
        "91",
        5,
        2,
    )
    assert mainland.amount is not None and mainland.amount.value_ntd == 70 * K
    summary = {(c.row_name, c.column): c.amount.value_ntd for c in _cells(annex, "派員出國計畫預算總表")}
    assert summary[("合計", "本年度預算數")] == 1_914 * K
    assert summary[("開會", "本年度預算數")] == 1_914 * K


def test_media_publicity(annex: list[Record]) -> None:
    cells = {c.row_code: c for c in _cells(annex, "媒體政策及業務宣導費彙計表")}
    plan = cells["5226102200"]
    assert plan.amount.value_ntd == 18_971 * K and not plan.is_total
    assert plan.note.startswith("宣導產業發展政策") and "策進產業躍升與永續發展環境9,892千元" in plan.note
    assert cells["0026100000"].is_total and cells["0026100000"].amount.value_ntd == 18_971 * K


def test_annex_totals_reconcile(annex: list[Record]) -> None:
    checks = list(annex_tables(annex))
    assert [c for c in checks if c.status == "fail"] == []
    names = {c.name for c in checks}
    assert "派員出國計畫預算總表 合計 = 出國 plans" in names
    assert "預算員額 合計 = its categories (本年度)" in names
    # 油料費: rows print 35+52+52+52 = 191, the 合計 190 (litres × price rounded once): a rounding.
    fuel = next(c for c in checks if c.name.startswith("公務車輛 油料費"))
    assert (fuel.status, fuel.printed, fuel.computed) == ("rounding", 190 * K, 191 * K)


def test_a_wrong_total_fails(annex: list[Record]) -> None:
    staff = [p for p in records_of(annex, Personnel) if p.category != "職員"]
    checks = [c for c in annex_tables(staff) if c.name.startswith("預算員額")]
    assert {c.status for c in checks} == {"fail"}  # 283 printed, 246 職員 missing


def test_parsed_book_has_my_records_and_no_failing_checks(sample_book: ParsedBook) -> None:
    assert len(records_of(sample_book.records, Vehicle)) == 4
    mine = [c for c in sample_book.report.checks if c.family in ("annex", "grants")]
    assert mine and [c for c in mine if c.status == "fail"] == []
    # Cross-table: 預算員額明細表 against 預算總說明 (職員 246), grants against 各項費用彙計表 (4040 5,576,668).
    names = {c.name for c in mine}
    assert "預算員額 職員 = 預算員額明細表" in names
    assert "grants of 4040 = 各項費用彙計表" in names


# ---------------------------------------------------------------- the 內政部 PDF (shared fixture)


@pytest.fixture(scope="module")
def moi_annex(moi_pdf: Path) -> list[Record]:
    from ingest.readers.pdf import assemble, read_range

    # 0-based PDF pages of printed pp.127–146 (人事費 … 房舍), 167–180 (派員出國/赴大陸) and 198 (宣導費).
    reads = (
        read_range(str(moi_pdf), 135, 155)
        + read_range(str(moi_pdf), 175, 189)
        + read_range(str(moi_pdf), 206, 207)
    )
    document = assemble(reads, moi_pdf.name)
    context = BookContext(document=document.source, agency=document.agency, roc_year=114)
    return [r for s in split_sections(document) for p in PARSERS if p.matches(s) for r in p.parse(s, context)]


def test_moi_personnel_cost_read_from_lines(moi_annex: list[Record]) -> None:
    cells = {c.row_name: c.amount.value_ntd for c in _cells(moi_annex, "人事費彙計表")}
    assert cells["合計"] == 3_607_996 * K
    assert cells["政務人員待遇"] == 7_194 * K


def test_moi_staffing_names_split_over_sub_columns(moi_annex: list[Record]) -> None:
    people = {p.category: (p.count, p.previous_count) for p in records_of(moi_annex, Personnel)}
    assert people["職員"] == (942, 942) and people["約僱"] == (73, 63) and people["合計"] == (1_468, 1_464)


def test_moi_vehicle_groups_and_offices_per_organisation(moi_annex: list[Record]) -> None:
    vehicles = records_of(moi_annex, Vehicle)
    group = next(v for v in vehicles if v.acquired == "107.07" and v.vehicle_type == "機車")
    assert group.count == 50 and group.plate.startswith("MUA-3271、MUA-3272")
    totals = {c.column: c.amount.value_ntd for c in _cells(moi_annex, "公務車輛明細表")}
    assert totals == {"油料費": 1_949 * K, "養護費": 790 * K, "其他": 714 * K}
    first = next(o for o in records_of(moi_annex, Office) if o.category == "合計" and o.tenure == "自有")
    assert first.area_m2 == Decimal("150166.70")
    assert first.acquisition_cost is not None and first.acquisition_cost.value_ntd == 1_410_133 * K


def test_moi_offices_of_each_organisation_keep_their_own_totals(moi_annex: list[Record]) -> None:
    # pp.138–145 print one table per organisation, named at the top right of the left page: 內政部彙編
    # (the combined table), 內政 | 部 (split over the spread, the book's own agency), 內政部國土測繪中心,
    # 內政部土地重劃工程處. The 合計 row's 合計 columns print 面積 and 年需養護費:
    totals = {
        o.organisation: (
            o.provenance.page,
            o.area_m2,
            o.maintenance_cost.value_ntd if o.maintenance_cost else None,
        )
        for o in records_of(moi_annex, Office)
        if o.category == "合計" and o.tenure == "合計"
    }
    assert totals == {
        "內政部彙編": (138, Decimal("211361.25"), 14_813 * K),
        "內政部": (140, Decimal("188071.73"), 14_423 * K),
        "內政部國土測繪中心": (142, Decimal("15634.47"), 110 * K),
        "內政部土地重劃工程處": (144, Decimal("7655.05"), 280 * K),
    }
    # the same category of two organisations stays two records: 辦公房屋 自有 101棟 (彙編) vs 52棟 (本部)
    buildings = {
        o.organisation: o.units
        for o in records_of(moi_annex, Office)
        if (o.category, o.tenure) == ("辦公房屋", "自有")
    }
    assert buildings["內政部彙編"] == "101棟" and buildings["內政部"] == "52棟"


def test_moi_media_notes_beside_amounts(moi_annex: list[Record]) -> None:
    cells = {c.row_code: c for c in _cells(moi_annex, "媒體政策及業務宣導費彙計表")}
    assert cells["0008010000"].is_total and cells["0008010000"].amount.value_ntd == 11_925 * K
    assert cells["3708011500"].note.startswith("辦理戶政綜合計畫") and not cells["3708011500"].is_total


def test_moi_travel_with_other_fare_columns(moi_annex: list[Record]) -> None:
    plans = records_of(moi_annex, TravelPlan)
    training = next(p for p in plans if p.purpose_type == "實習")
    assert (training.name, training.field_code, training.days) == (
        "國際海道測量組織(IHO)認證海道測量培訓課程",
        "20",
        54,
    )
    assert [(h, a.value_ntd) for h, a in training.components] == [
        ("生活費", 180 * K),
        ("機票與出國手續費", 55 * K),
        ("書籍學雜等費", 19 * K),
    ]
    isprs = next(p for p in plans if p.purpose_type == "定期會議" and p.number == "01")
    assert (isprs.destination, isprs.field_code, isprs.budget_item) == ("杜拜", "14", "測量及方域")
    assert [(h, a.value_ntd) for h, a in isprs.components] == [
        ("交通費", 30 * K),
        ("生活費", 98 * K),
        ("辦公費", 52 * K),
    ]
    study = next(p for p in plans if p.number == "01" and p.purpose_type == "考察")
    assert study.name == "考察日本地方議員支給相關制度及地方市町村合併經驗" and study.field_code == "83"
    (mainland,) = [p for p in plans if p.category == "赴大陸"]
    assert mainland.amount is not None and mainland.amount.value_ntd == 146 * K


def test_moi_annex_checks(moi_annex: list[Record]) -> None:
    checks = list(annex_tables(moi_annex))
    failing = [c.name for c in checks if c.status == "fail"]
    # The 開會 pages come with their header merged into the first data row; split back, their plans add up.
    assert failing == []
    assert next(c for c in checks if c.name == "派員出國計畫預算總表 合計 = 出國 plans").printed == 1_567 * K
    assert len(checks) > 60
