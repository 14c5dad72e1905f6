"""各項費用彙計表 (pp.64–65): object class × work plan cells, 合計 row and column, checked against the plans."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from ingest.book import ParsedBook
from ingest.checks.cross_tables import cross_tables_add_up
from ingest.document import Block, Page
from ingest.parsers.base import BookContext
from ingest.parsers.expense_summary import ExpenseSummaryParser
from ingest.records import CrossTabCell, Record, records_of
from ingest.sections import Section

TABLE = "各項費用彙計表"


def thousands(value: int) -> Decimal:
    return Decimal(value) * 1000


@pytest.fixture(scope="module")
def cells(sample_book: ParsedBook) -> dict[tuple[str, str], CrossTabCell]:
    return {
        (c.row_code or c.row_name, c.column_code or c.column): c
        for c in records_of(sample_book.records, CrossTabCell)
        if c.table == TABLE
    }


def test_grand_total_and_printed_rows(cells: dict[tuple[str, str], CrossTabCell]) -> None:
    grand = cells[("合計", "合計")]
    assert grand.amount.value_ntd == thousands(13_539_071) and grand.is_total
    assert cells[("2039", "合計")].amount.value_ntd == thousands(6_646_052)
    assert cells[("4040", "合計")].amount.value_ntd == thousands(5_576_668)
    assert cells[("4040", "合計")].row_name == "對國內團體之捐助"
    assert cells[("4040", "合計")].provenance.page == 65
    assert cells[("2039", "合計")].provenance.page == 64


def test_work_plan_columns_carry_code_and_name(cells: dict[tuple[str, str], CrossTabCell]) -> None:
    commission = cells[("2039", "5226102200")]
    assert (commission.row_name, commission.column) == (
        "委辦費",
        "工業技術升級輔導",
    )  # printed "工業技術升級 輔導"
    assert commission.amount.value_ntd == thousands(6_392_194)
    assert not commission.is_total
    assert cells[("合計", "5726108110")].column == "經濟特別收入基金"
    assert cells[("合計", "5726108110")].is_total
    assert cells[("1000", "5726102000")].amount.value_ntd == 0  # printed "-"
    assert {code for (_row, code) in cells} == {
        "5726100100",
        "5726102000",
        "5226102200",
        "5726108110",
        "5726109800",
        "合計",
    }


def test_expense_summary_agrees_with_the_plan_tables(sample_book: ParsedBook) -> None:
    checks = [c for c in sample_book.report.checks if c.location.startswith(TABLE)]
    assert len(checks) > 100
    assert [c for c in checks if c.status != "pass"] == []
    names = {c.name for c in checks}
    assert "work-plan column total = the WorkPlan amount" in names
    assert "cell = the work plan's LineItems of that object class" in names


def test_a_misread_cell_is_caught(sample_book: ParsedBook) -> None:
    def tampered(record: Record) -> Record:
        key = ("2039", "5226102200")
        if (
            isinstance(record, CrossTabCell)
            and record.table == TABLE
            and (record.row_code, record.column_code) == key
        ):
            return replace(record, amount=replace(record.amount, value_ntd=thousands(6_392_195)))
        return record

    failures = [
        c for c in cross_tables_add_up([tampered(r) for r in sample_book.records]) if c.status == "fail"
    ]
    assert {c.name for c in failures} == {
        "first-level object class = sum of its second-level classes",
        "合計 column = sum of the work-plan columns",
        "cell = the work plan's LineItems of that object class",
    }


def test_work_plan_names_on_the_row_below_their_codes() -> None:
    """A PDF layout: codes on the first header row, names on the second."""
    rows = [
        ["工作計畫名稱及編號", "0000000001", "0000000002", "合 計"],
        ["第一、二級用途別科目名稱及編號", "一般行政", "示範 計畫", ""],
        ["合 計", "30", "12", "42"],
        ["2000 業務費", "30", "12", "42"],
    ]
    page = Page(index=1, number=7, title=TABLE, unit="千元", blocks=[Block("table", rows=rows)])
    section = Section(kind="expense_summary", title=TABLE, pages=[page])
    records = ExpenseSummaryParser().parse(section, BookContext("synthetic", "示範機關", 114))
    found = {
        (c.row_code or c.row_name, c.column_code or c.column, c.column): c.amount.value_ntd
        for c in records_of(records, CrossTabCell)
    }
    assert found[("2000", "0000000002", "示範計畫")] == thousands(12)
    assert found[("合計", "合計", "合計")] == thousands(42)
    assert len(found) == 6
