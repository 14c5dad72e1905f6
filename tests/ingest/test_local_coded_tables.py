"""A city's 歲入來源別預算表 and 歲出機關別預算表 (高雄市政府主計處 115, printed pp.5–6): 11-digit codes
(款 主管 機關 目 節 = 2+2+3+2+2 digits) with each name printed on the line below its code, read by the
shared coded-table reader into RevenueItem / ExpenditureItem, amounts in 千元 as printed, and every
printed total reconciled. Golden figures are the printed ones (pdfplumber's plain text of the pages;
pdftotext cannot map this book's CID font)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.book import ParsedBook, parse_document
from ingest.readers.pdf import assemble, read_range
from ingest.records import CrossTabCell, ExpenditureItem, RevenueItem

THOUSAND = Decimal(1000)


@pytest.fixture(scope="module")
def parsed(shared_dir: Path) -> ParsedBook:
    pdf = shared_dir / "corpus" / "pdf" / "kaohsiung-115.pdf"
    # the cover and 目次 (physical pages 1–4), then 歲入來源別預算表 and 歲出機關別預算表 (physical 9–10)
    reads = [*read_range(str(pdf), 0, 4), *read_range(str(pdf), 8, 10)]
    return parse_document(assemble(reads, source=pdf.name))


def _figures(item: RevenueItem | ExpenditureItem) -> tuple[str | None, ...]:
    amounts = (item.amount, item.previous_year_amount, item.prior_year_actual, item.change)
    return tuple(a.printed if a is not None else None for a in amounts)


def test_expenditure_rows_carry_their_printed_figures(parsed: ParsedBook) -> None:
    items = {r.code: r for r in parsed.records if isinstance(r, ExpenditureItem)}
    assert list(items) == [
        "00020000000",
        "00020110000",
        "32020110100",
        "32020110101",
        "32020113000",
        "32020113001",
        "32020113100",
        "32020113101",
        "32020119800",
        "32020119801",
    ]
    head = items["00020000000"]
    assert (head.level, head.number, head.name) == ("款", "02", "高雄市政府主管")
    assert _figures(head) == ("105,066", "105,534", "102,049", "-468")
    assert (
        head.amount is not None and head.amount.unit == "千元" and head.amount.value_ntd == 105066 * THOUSAND
    )
    agency = items["00020110000"]
    assert (agency.level, agency.number, agency.name, agency.parent_code) == (
        "項",
        "002",
        "高雄市政府主計處",
        "00020000000",
    )
    plans = {code: (items[code].name, _figures(items[code])) for code in items if items[code].level == "目"}
    assert plans == {
        "32020110100": ("一般行政", ("94,876", "96,004", "93,100", "-1,128")),
        "32020113000": ("歲計會計業務", ("2,066", "2,066", "1,614", "-")),
        "32020113100": ("統計業務", ("8,068", "7,408", "7,335", "660")),
        "32020119800": ("第一預備金", ("56", "56", "-", "-")),
    }
    branch = items["32020110101"]
    assert (branch.level, branch.name, branch.parent_code) == ("節", "行政管理", "32020110100")
    assert branch.note.startswith("本年度預算數之內容與上年度之比較如下:")
    assert items["32020119801"].note == "仍照上年度預算數編列。"


def test_revenue_rows_take_the_name_printed_below_their_code(parsed: ParsedBook) -> None:
    items = {r.code: r for r in parsed.records if isinstance(r, RevenueItem)}
    named = {code: (r.level, r.number, r.name) for code, r in items.items()}
    assert named == {
        "07000000000": ("款", "04", "財產收入"),
        "07020110000": ("項", "003", "高雄市政府主計處"),  # the number wraps: 00 | 3
        "07020110500": ("目", "01", "廢舊物資售價"),
        "07020110501": ("節", "01", "廢舊物資售價"),
        "12000000000": ("款", "08", "其他收入"),
        "12020110000": ("項", "003", "高雄市政府主計處"),
        "12020110200": ("目", "01", "雜項收入"),
        "12020110210": ("節", "01", "其他雜項收入"),
    }
    assert _figures(items["07000000000"]) == ("-", "-", "54", "-")
    assert _figures(items["12020110210"]) == ("-", "-", "152", "-")
    assert items["12020110210"].parent_code == "12020110200"


def test_every_printed_total_of_the_two_tables_reconciles(parsed: ParsedBook) -> None:
    checks = [c for c in parsed.report.checks if c.family in ("revenue", "expenditure")]
    assert len(checks) >= 40
    assert {c.status for c in checks} == {"pass"}, [c for c in checks if c.status != "pass"]
    grand = [c for c in checks if c.location.endswith("合計") and "前年度決算數" in c.name]
    assert [c.printed for c in grand] == [206 * THOUSAND]
    read = {s.title: s.status for s in parsed.coverage}
    assert read["歲入來源別預算表"] == read["歲出機關別預算表"] == "read"


@pytest.fixture(scope="module")
def taipei(shared_dir: Path) -> ParsedBook:
    pdf = shared_dir / "corpus" / "pdf" / "taipei-social-116.pdf"
    # cover and 目次, then 歲入預算表 (printed pp.17–21) and 歲出預算表 (pp.22–26): physical pages 25–34
    reads = [*read_range(str(pdf), 0, 6), *read_range(str(pdf), 24, 34)]
    return parse_document(assemble(reads, source=pdf.name))


def _six(item: RevenueItem | ExpenditureItem) -> tuple[str | None, ...]:
    amounts = (item.amount, item.current_amount, item.capital_amount)
    return tuple(a.printed if a is not None else None for a in amounts) + _figures(item)[1:]


def test_a_taipei_table_splits_this_years_budget_into_current_and_capital(taipei: ParsedBook) -> None:
    """臺北市 prints 本年度預算數 as 合計 | 經常門 | 資本門, then 上年度, 前年度決算數 and 比較 (pdftotext -layout)."""
    spending = {r.code: r for r in taipei.records if isinstance(r, ExpenditureItem)}
    assert _six(spending["00090000000"]) == (
        "23,425,696",
        "23,141,551",
        "284,145",
        "20,420,758",
        "25,455,125",
        "3,004,938",
    )
    assert spending["00090000000"].name == "臺北市政府社會局主管"
    assert _six(spending["62091900200"]) == (
        "10,343,430",
        "10,343,330",
        "100",
        "9,273,845",
        "8,786,434",
        "1,069,585",
    )
    assert _six(spending["63091909004"]) == ("2,917", "-", "2,917", "4,893", "4,783", "-1,976")
    assert _six(spending["63091909800"]) == ("10,000", "10,000", "-", "10,000", "-", "-")
    assert spending["63091909800"].name == "第一預備金"
    revenue = {r.code: r for r in taipei.records if isinstance(r, RevenueItem)}
    assert _six(revenue["04000000000"]) == ("8,300", "8,300", "-", "8,470", "20,465", "-170")
    assert _six(revenue["05000000000"]) == ("12,662", "12,662", "-", "12,637", "12,314", "25")
    totals = {
        c.column: c.amount.printed
        for c in taipei.records
        if isinstance(c, CrossTabCell) and c.table == "歲入來源別預算表" and c.is_total
    }
    assert totals == {
        "本年度預算數": "115,977",
        "經常門": "115,977",
        "資本門": "-",
        "上年度預算數": "110,240",
        "前年度決算數": "6,683,473",
        "比較": "5,737",
    }


def test_every_printed_total_of_the_taipei_tables_reconciles(taipei: ParsedBook) -> None:
    checks = [c for c in taipei.report.checks if c.family in ("revenue", "expenditure")]
    assert len(checks) > 200
    assert {c.status for c in checks} == {"pass"}, [c for c in checks if c.status != "pass"][:3]
    assert any("經常門" in c.name for c in checks) and any("資本門" in c.name for c in checks)
