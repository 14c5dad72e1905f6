"""The plan and cross-table parsers on a real PDF book (內政部 114), read by the PDF reader.

Figures are the printed ones: each plan's 預算金額 header and the 各項費用彙計表 合計 row (p.115–119).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.parsers import BookContext, load_parsers
from ingest.readers import read_book
from ingest.reconcile import Check, reconcile
from ingest.records import BranchPlan, CrossTabCell, Record, WorkPlan, records_of
from ingest.sections import split_sections

MINE = {
    "plan_summary",
    "expense_summary",
    "object_class_analysis",
    "capital_expenditure",
    "functional_economic",
}


@pytest.fixture(scope="module")
def moi(moi_pdf: Path) -> tuple[list[Record], list[Check]]:
    document = read_book(moi_pdf)
    assert document.roc_year is not None
    context = BookContext(document.source, document.agency, document.roc_year)
    parsers = load_parsers()
    records: list[Record] = []
    for section in split_sections(document):
        if section.kind in MINE:
            for parser in parsers:
                if parser.matches(section):
                    records.extend(parser.parse(section, context))
    checks = [c for c in reconcile(document.source, records).checks if c.family in {"plans", "cross_tables"}]
    return records, checks


def test_work_plans_and_expense_summary_totals(moi: tuple[list[Record], list[Check]]) -> None:
    records, _checks = moi
    plans = {p.code: p.amount.value_ntd for p in records_of(records, WorkPlan)}
    assert len(plans) == 13
    assert plans["3708010100"] == Decimal(1_771_975_000)
    assert plans["3708012900"] == Decimal(3_486_601_000)
    assert plans["3708019800"] == Decimal(27_000_000)
    grand = next(
        c
        for c in records_of(records, CrossTabCell)
        if c.table == "各項費用彙計表" and c.row_name == c.column == "合計"
    )
    assert (grand.amount.value_ntd, grand.provenance.page) == (Decimal(13_424_378_000), 119)


def test_a_branch_name_wrapped_onto_the_next_row_is_rejoined(moi: tuple[list[Record], list[Check]]) -> None:
    records, _checks = moi
    branch = next(
        b for b in records_of(records, BranchPlan) if (b.work_plan_code, b.number) == ("3708013000", "05")
    )
    assert branch.name == "服務型智慧政府2.0推動計畫-自然人憑證創新應用服務計畫"
    assert branch.amount.value_ntd == Decimal(58_000_000)


def test_every_plan_and_cross_table_check_passes(moi: tuple[list[Record], list[Check]]) -> None:
    _records, checks = moi
    assert len(checks) > 700
    assert [(c.name, c.location) for c in checks if c.status == "fail"] == []
