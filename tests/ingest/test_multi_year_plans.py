"""跨年期計畫概況表 (sample book p.111, 億元) and the approval letter its 備註 cites."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.checks.annex_tables import annex_tables
from ingest.parsers.base import BookContext
from ingest.parsers.multi_year_plans import MultiYearPlanParser
from ingest.readers import read_book
from ingest.records import MultiYearPlan, OfficialLetter, Record, records_of
from ingest.resources import SAMPLE_BOOK
from ingest.sections import split_sections


@pytest.fixture(scope="module")
def plan_records() -> list[Record]:
    document = read_book(SAMPLE_BOOK)
    context = BookContext(document=document.source, agency=document.agency, roc_year=114)
    parser = MultiYearPlanParser()
    return [r for s in split_sections(document) if parser.matches(s) for r in parser.parse(s, context)]


def test_chemical_safety_plan_in_hundred_millions(plan_records: list[Record]) -> None:
    plans = {p.name: p for p in records_of(plan_records, MultiYearPlan)}
    plan = plans["建構國家安全化學與韌性永續計畫"]
    assert plan.total_amount.value_ntd == Decimal(303_000_000)  # 3.03 億元
    assert (plan.total_amount.printed, plan.total_amount.unit) == ("3.03", "億元")
    assert (plan.period, plan.start_roc_year, plan.end_roc_year) == ("114-118", 114, 118)
    assert plan.amount is not None and plan.amount.value_ntd == Decimal(54_000_000)  # 114年度 0.54
    assert dict(plan.yearly_amounts)["115及以後年度預估需求數"].value_ntd == Decimal(249_000_000)
    assert plan.work_plan_name == "工業管理"
    assert "行政院113年1月10日院臺環字第1121047045號函核定" in plan.note
    assert plans["智慧杆產業推動暨城市智慧基建計畫"].total_amount.value_ntd == Decimal(3_185_000_000)  # 31.85


def test_approval_letter_from_note(plan_records: list[Record]) -> None:
    (letter,) = records_of(plan_records, OfficialLetter)
    assert (letter.issuer, letter.roc_date, letter.date, letter.number) == (
        "行政院",
        "113年1月10日",
        "2024-01-10",
        "院臺環字第1121047045號",
    )


def test_yearly_amounts_add_up_to_total(plan_records: list[Record]) -> None:
    checks = [c for c in annex_tables(plan_records) if c.name.startswith("跨年期")]
    assert len(checks) == 2 and all(c.status == "pass" for c in checks)


@pytest.fixture(scope="module")
def moi_plans(moi_pdf: Path) -> list[Record]:
    from ingest.readers.pdf import assemble, read_range

    reads = read_range(str(moi_pdf), 194, 198)  # printed pp.186–189
    document = assemble(reads, moi_pdf.name)
    context = BookContext(document=document.source, agency=document.agency, roc_year=114)
    parser = MultiYearPlanParser()
    return [r for s in split_sections(document) if parser.matches(s) for r in parser.parse(s, context)]


def test_moi_plans_letters_wrapped_in_narrow_notes(moi_plans: list[Record]) -> None:
    plans = {p.name: p for p in records_of(moi_plans, MultiYearPlan)}
    assert len(plans) == 17
    lienchiang = plans["補助連江縣政府聯合辦公大樓興建計畫"]
    assert lienchiang.total_amount.value_ntd == Decimal(1_272_000_000)  # 12.72 億元
    assert lienchiang.amount is not None and lienchiang.amount.value_ntd == Decimal(22_000_000)  # 0.22
    basemap = plans["邁向3D智慧國土-國家底圖空間資料基礎建設計畫"]
    assert basemap.work_plan_name == "測量及方域、地籍及不動產服務業管理、土地測量"
    letters = {(letter.date, letter.number) for letter in records_of(moi_plans, OfficialLetter)}
    assert ("2023-09-22", "院臺綜字第1121035191號") in letters  # printed "第11210351" / "91號" over two lines
    assert len(letters) == 15  # 院臺科會字第1090022013號 approves three plans: one letter
    assert all(c.status == "pass" for c in annex_tables(moi_plans))
