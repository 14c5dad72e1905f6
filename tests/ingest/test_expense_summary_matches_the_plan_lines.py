"""Every total of 各項費用彙計表 (pp.64–65), as printed, against the table read and the plans' 用途別 lines."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from ingest.book import ParsedBook
from ingest.records import CrossTabCell, LineItem, records_of

# The 合計 column of 各項費用彙計表, printed on pp.64–65 of the sample book (千元).
PRINTED_TOTALS = {
    "1000": 312_982, "1015": 196_830, "1020": 17_653, "1025": 2_500, "1030": 44_062, "1035": 3_980,
    "1040": 10_995, "1050": 18_825, "1055": 18_137,
    "2000": 6_811_925, "2003": 139, "2006": 4_627, "2009": 9_787, "2018": 66_653, "2021": 2_331, "2024": 49,
    "2027": 134, "2036": 2_604, "2039": 6_646_052, "2042": 18_463, "2045": 20, "2051": 4_720, "2054": 42_959,
    "2063": 280, "2066": 476, "2069": 2_848, "2072": 6_763, "2075": 70, "2078": 1_914, "2081": 29, "2084": 789,
    "2093": 218,
    "3000": 430, "3035": 430,
    "4000": 6_410_734, "4005": 60_000, "4010": 41_500, "4030": 678_000, "4035": 50_000, "4040": 5_576_668,
    "4085": 4_566,
    "6000": 3_000, "6005": 3_000,
}  # fmt: skip
PRINTED_GRAND_TOTAL = 13_539_071
PRINTED_PLAN_COLUMNS = {
    "5726100100": 383_155,
    "5726102000": 363_335,
    "5226102200": 12_111_581,
    "5726108110": 678_000,
    "5726109800": 3_000,
}


def _thousands(value: Decimal) -> int:
    return int(value / 1000)


@pytest.fixture(scope="module")
def summary_cells(sample_book: ParsedBook) -> list[CrossTabCell]:
    return [c for c in records_of(sample_book.records, CrossTabCell) if c.table == "各項費用彙計表"]


def test_the_total_column_is_read_as_printed(summary_cells: list[CrossTabCell]) -> None:
    totals = {
        c.row_code: _thousands(c.amount.value_ntd) for c in summary_cells if c.column == "合計" and c.row_code
    }
    assert totals == PRINTED_TOTALS
    grand = [c for c in summary_cells if c.column == "合計" and not c.row_code]
    assert [_thousands(c.amount.value_ntd) for c in grand] == [PRINTED_GRAND_TOTAL]


def test_each_plan_column_total_is_read_as_printed(summary_cells: list[CrossTabCell]) -> None:
    columns = {
        c.column_code: _thousands(c.amount.value_ntd)
        for c in summary_cells
        if c.row_name.replace(" ", "") == "合計" and c.column_code
    }
    assert columns == PRINTED_PLAN_COLUMNS


def test_the_plans_object_class_lines_add_up_to_every_printed_total(sample_book: ParsedBook) -> None:
    by_code: dict[str, Decimal] = defaultdict(Decimal)
    for line in records_of(sample_book.records, LineItem):
        by_code[line.object_class_code] += line.amount.value_ntd
    # First-level classes (x000) are printed both as a line and as the sum of their second-level lines.
    assert {code: _thousands(by_code[code]) for code in PRINTED_TOTALS} == PRINTED_TOTALS
    first_level = sum(v for code, v in by_code.items() if code.endswith("000"))
    assert _thousands(first_level) == PRINTED_GRAND_TOTAL
