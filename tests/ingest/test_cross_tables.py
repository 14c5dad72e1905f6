"""Wide analytical tables: 歲出一級用途別科目分析表, 資本支出分析表, 歲出按職能及經濟性綜合分類表."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from ingest.book import ParsedBook
from ingest.checks.cross_tables import cross_tables_add_up
from ingest.document import Block, Page
from ingest.parsers._plan_wide import spread_rows
from ingest.records import CrossTabCell, Record, records_of
from ingest.sections import Section

OBJECT_CLASSES = "歲出一級用途別科目分析表"
CAPITAL = "資本支出分析表"
FUNCTIONAL = "歲出按職能及經濟性綜合分類表"


def thousands(value: int) -> Decimal:
    return Decimal(value) * 1000


@pytest.fixture(scope="module")
def cells(sample_book: ParsedBook) -> dict[tuple[str, str, str], CrossTabCell]:
    return {(c.table, c.row_name, c.column): c for c in records_of(sample_book.records, CrossTabCell)}


def test_object_class_analysis_pairs_the_two_halves(cells: dict[tuple[str, str, str], CrossTabCell]) -> None:
    agency = (OBJECT_CLASSES, "產業發展署")
    assert cells[(*agency, "經常支出/人事費")].amount.value_ntd == thousands(312_982)  # left half, p.66
    assert cells[(*agency, "經常支出/小計")].amount.value_ntd == thousands(13_290_541)  # right half, p.67
    assert cells[(*agency, "資本支出/獎補助費")].amount.value_ntd == thousands(246_600)
    assert cells[(*agency, "合計")].amount.value_ntd == thousands(13_539_071)
    assert cells[(*agency, "合計")].is_total and not cells[(*agency, "經常支出/業務費")].is_total
    plan = (OBJECT_CLASSES, "工業技術升級輔導")
    assert cells[(*plan, "合計")].amount.value_ntd == thousands(12_111_581)
    assert cells[(*plan, "經常支出/業務費")].amount.value_ntd == thousands(6_477_607)
    assert cells[(*plan, "合計")].provenance.page == 66
    # The heading row 經濟部主管 prints no figures and yields no cells.
    assert not [key for key in cells if key[:2] == (OBJECT_CLASSES, "經濟部主管")]


def test_capital_expenditure_is_its_own_table(cells: dict[tuple[str, str, str], CrossTabCell]) -> None:
    # Its running header is missing in the conversion; the table signature makes it a section (pp.68–69).
    total = cells[(CAPITAL, "產業發展署", "合計")]
    assert total.amount.value_ntd == thousands(248_530)
    assert total.row_code == "002610000"
    assert total.provenance.page == 68
    assert cells[(CAPITAL, "一般行政", "雜項設備")].amount.value_ntd == thousands(430)
    assert cells[(CAPITAL, "工業技術升級輔導", "其他資本支出")].amount.value_ntd == thousands(248_100)
    assert not [key for key in cells if key[0] == OBJECT_CLASSES and key[2] in {"土地", "雜項設備"}]


def test_functional_economic_groups_run_across_three_spreads(
    cells: dict[tuple[str, str, str], CrossTabCell],
) -> None:
    total = (FUNCTIONAL, "總計")
    assert cells[(*total, "經常支出/受僱人員報酬")].amount.value_ntd == thousands(315_666)
    assert cells[(*total, "經常支出/對企業")].amount.value_ntd == thousands(5_113_380)
    assert cells[(*total, "經常支出合計")].amount.value_ntd == thousands(13_290_541)
    assert cells[(*total, "資本支出/對企業")].amount.value_ntd == thousands(93_100)
    assert cells[(*total, "資本支出/對家庭及民間非營利機構")].amount.value_ntd == thousands(153_500)
    assert cells[(*total, "資本支出合計")].amount.value_ntd == thousands(248_530)
    assert cells[(*total, "總計")].amount.value_ntd == thousands(13_539_071)
    assert cells[(*total, "總計")].provenance.page == 108
    row = cells[(FUNCTIONAL, "礦業、製造業及營造業", "資本支出/機器及其他設備")]
    assert (row.row_code, row.amount.value_ntd) == ("11", thousands(1_930))


def test_wide_tables_add_up_on_the_sample(sample_book: ParsedBook) -> None:
    checks = [c for c in sample_book.report.checks if c.family == "cross_tables"]
    for table in (OBJECT_CLASSES, CAPITAL, FUNCTIONAL):
        assert [c for c in checks if c.location.startswith(table)], table
    assert [c for c in checks if c.status != "pass"] == []
    plan_rows = [c for c in checks if c.name == "work-plan row total = the WorkPlan amount"]
    assert len(plan_rows) == 5


def test_a_wrong_subtotal_is_caught(sample_book: ParsedBook) -> None:
    def tampered(record: Record) -> Record:
        if isinstance(record, CrossTabCell) and (record.table, record.row_name, record.column) == (
            FUNCTIONAL,
            "總計",
            "資本支出合計",
        ):
            return replace(record, amount=replace(record.amount, value_ntd=thousands(248_531)))
        return record

    failures = [
        c for c in cross_tables_add_up([tampered(r) for r in sample_book.records]) if c.status == "fail"
    ]
    assert {c.name for c in failures} == {
        "資本支出 columns = 資本支出合計",
        "經常支出合計 + 資本支出合計 = 總計",
        "top row = sum of the rows below it",
    }


def test_headings_off_their_column_are_matched_to_the_filled_columns() -> None:
    """資本支出分析表's right half in the conversion: two headings sit two columns right of their numbers."""
    left = Page(
        index=1,
        number=1,
        half="left",
        unit="千元",
        blocks=[
            Block(
                "table",
                rows=[
                    ["科 目", "", "設 備"],
                    ["名 稱", "土地", "機械設備"],
                    ["經濟部主管", "", ""],
                    ["產業發展署", "-", "5"],
                ],
            )
        ],
    )
    right = Page(
        index=2,
        number=2,
        half="right",
        unit="千元",
        blocks=[
            Block(
                "table",
                rows=[
                    ["及", "", "資", "其他資本支出", "合 計"],
                    ["雜項設備", "投 資", "", "", ""],
                    ["1", "-", "2", "8", "", ""],
                ],
            )
        ],
    )
    (spread,) = spread_rows(Section(kind="capital_expenditure", title=CAPITAL, pages=[left, right]))
    assert spread.headings == ["土地", "機械設備", "雜項設備", "投資", "其他資本支出", "合計"]
    (row,) = spread.rows
    assert [(c.heading, c.text) for c in row.values] == [
        ("土地", "-"),
        ("機械設備", "5"),
        ("雜項設備", "1"),
        ("投資", "-"),
        ("其他資本支出", "2"),
        ("合計", "8"),
    ]
