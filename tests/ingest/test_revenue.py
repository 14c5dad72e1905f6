"""歲入來源別預算表 and 歲入項目說明提要表 read into records that add up, pinned to the printed figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.amounts import Amount
from ingest.book import ParsedBook
from ingest.document import Block, Page
from ingest.parsers.base import BookContext
from ingest.parsers.revenue_by_source import RevenueBySourceParser
from ingest.parsers.revenue_explanation import RevenueExplanationParser
from ingest.records import CrossTabCell, Record, RevenueExplanation, RevenueItem, records_of
from ingest.sections import Section, split_sections

K = Decimal(1000)  # the tables print 千元


def _items(book: ParsedBook) -> dict[str, RevenueItem]:
    return {item.code: item for item in records_of(book.records, RevenueItem)}


def _explanations(book: ParsedBook) -> dict[str, RevenueExplanation]:
    return {e.code: e for e in records_of(book.records, RevenueExplanation)}


def _thousands(amount: Amount | None) -> Decimal:
    assert amount is not None
    return amount.value_ntd / K


def _k(value: Decimal | None) -> Decimal:
    assert value is not None
    return value / K


# ------------------------------------------------------------------ 歲入來源別預算表 (pp.25–26)


def test_every_coded_row_of_the_revenue_table_is_one_item(sample_book: ParsedBook) -> None:
    items = records_of(sample_book.records, RevenueItem)
    # 17 coded rows on p.25 and 6 on p.26
    assert len(items) == 23
    assert len({item.code for item in items}) == 23
    assert [item.code for item in items][:3] == ["0400000000", "0426100000", "0426100300"]
    assert {item.provenance.page for item in items} == {25, 26}
    assert _items(sample_book)["0400000000"].provenance.page == 25
    assert _items(sample_book)["1226100210"].provenance.page == 26


def test_printed_figures_of_named_rows(sample_book: ParsedBook) -> None:
    items = _items(sample_book)
    review = items["0526100101"]
    assert (review.name, review.level, review.number, review.parent_code) == (
        "審查費",
        "節",
        "1",
        "0526100100",
    )
    assert [
        _thousands(a) for a in (review.amount, review.previous_year_amount, review.prior_year_actual)
    ] == [
        2024,
        1744,
        1719,
    ]
    assert _thousands(review.change) == 280
    assert review.note.startswith("本年度預算數係辦理事業廢棄物再利用許可")

    other = items["1226100210"]
    assert other.name == "其他雜項收入"
    assert [_thousands(other.amount), _thousands(other.previous_year_amount)] == [19039, 15032]
    assert [_thousands(other.prior_year_actual), _thousands(other.change)] == [23315, 4007]
    assert "回饋金收入18,000千元" in other.note

    rent = items["0726100103"]
    assert rent.name == "租金收入"
    assert _thousands(rent.amount) == 245
    assert rent.change is not None and rent.change.printed == "-147" and _thousands(rent.change) == -147


def test_levels_and_parents_follow_the_code_pattern(sample_book: ParsedBook) -> None:
    items = _items(sample_book)
    assert {code: items[code].level for code in ("0500000000", "0526100000", "0526100100", "0526100101")} == {
        "0500000000": "款",
        "0526100000": "項",
        "0526100100": "目",
        "0526100101": "節",
    }
    assert items["0500000000"].parent_code == ""
    assert items["0526100000"].parent_code == "0500000000"
    assert items["0726100500"].parent_code == "0726100000"  # a 目 with no 節 under it
    assert all(item.parent_code in items for item in items.values() if item.level != "款")


def test_page_26_shifted_columns_are_read_right(sample_book: ParsedBook) -> None:
    """p.26 prints the 說明 inside the 比較 cell ("- 本年度預算數係…") and moves 款 7 / 項 145 up a row."""
    items = _items(sample_book)
    scrap = items["0726100500"]
    assert scrap.name == "廢舊物資售價"
    assert [_thousands(scrap.amount), _thousands(scrap.prior_year_actual), _thousands(scrap.change)] == [
        211,
        354,
        0,
    ]
    assert scrap.note == "本年度預算數係出售報廢財產等收入。"
    assert scrap.number == "2"
    # the 歲入項目說明提要表 prints these numbers in place: 其他收入 is 款 7, 產業發展署 項 145
    assert items["1200000000"].number == "7"
    assert items["1226100000"].number == "145"
    recovered = items["1226100201"]
    assert _thousands(recovered.amount) == 77000
    assert recovered.change is not None and recovered.change.value_ntd == 0
    assert recovered.note.startswith("本年度預算數係收回以前年度")


def test_total_row_is_kept_as_printed_cells_not_as_an_item(sample_book: ParsedBook) -> None:
    totals = {
        cell.column: _thousands(cell.amount)
        for cell in records_of(sample_book.records, CrossTabCell)
        if cell.table == "歲入來源別預算表" and cell.is_total
    }
    assert totals == {"本年度預算數": 110636, "上年度預算數": 103812, "前年度決算數": 142990, "比較": 6824}
    assert all(item.name != "合計" for item in records_of(sample_book.records, RevenueItem))


def test_revenue_checks_pass_except_the_two_rounded_prior_year_subtotals(sample_book: ParsedBook) -> None:
    checks = [c for c in sample_book.report.checks if c.family == "revenue"]
    assert not [c for c in checks if c.status == "fail"]
    rounded = {
        (c.location.split()[1], _k(c.printed), _k(c.computed)) for c in checks if c.status == "rounding"
    }
    # printed 7,542 vs 7,189 + 354; printed 125,264 vs 101,950 + 23,315
    assert rounded == {("0726100000", 7542, 7543), ("1226100200", 125264, 125265)}
    total = next(c for c in checks if c.location.endswith("合計") and "本年度預算數" in c.name)
    assert (_k(total.printed), total.status, total.page) == (110636, "pass", 25)
    assert any(
        c.name.startswith("比較") and "0726100103" in c.location and c.status == "pass" for c in checks
    )
    # every explanation is reconciled against its row
    assert sum(1 for c in checks if c.name.startswith("歲入項目說明")) == 10


def test_a_wrong_total_fails_the_check(sample_book: ParsedBook) -> None:
    from dataclasses import replace

    from ingest.reconcile import reconcile

    records = [
        replace(r, amount=Amount.of(110637))
        if isinstance(r, CrossTabCell) and r.table == "歲入來源別預算表" and r.column == "本年度預算數"
        else r
        for r in sample_book.records
    ]
    failures = [c for c in reconcile("x", records).checks if c.family == "revenue" and c.status == "fail"]
    # the 合計 no longer adds up, and its 比較 6,824 is no longer 本年度 − 上年度 (110,637 − 103,812)
    assert [(c.location, _k(c.printed), _k(c.computed)) for c in failures] == [
        ("歲入來源別預算表 合計", 110637, 110636),
        ("歲入來源別預算表 合計", 6824, 6825),
    ]


# ------------------------------------------------------------------ 歲入項目說明提要表 (pp.29–38)


def test_one_explanation_per_item_page(sample_book: ParsedBook) -> None:
    explanations = records_of(sample_book.records, RevenueExplanation)
    assert [e.code for e in explanations] == [
        "0426100301",
        "0526100101",
        "0526100102",
        "0526100103",
        "0526100303",
        "0726100101",
        "0726100103",
        "0726100500",
        "1226100201",
        "1226100210",
    ]
    assert [e.provenance.page for e in explanations] == list(range(29, 39))


def test_review_fee_explanation(sample_book: ParsedBook) -> None:
    review = _explanations(sample_book)["0526100101"]
    assert (review.name, review.parent_code, _thousands(review.amount)) == ("審查費", "0526100100", 2024)
    assert review.responsible_units == ("永續發展組", "知識經濟產業組")
    assert "冷凍空調業管理條例第24條" in review.legal_basis_text
    assert review.legal_basis_text.split("\n") == [
        "1. 經濟部事業廢棄物再利用許可審查規費收費標準。",
        "2. 冷凍空調業管理條例第24條及冷凍空調業規費收費標準。",
        "3. 綠色工廠標章收費標準。",
        "4. 臺灣製產品MIT微笑標章審查及發證收費標準。",
    ]
    assert review.content.startswith("1. 辦理事業廢棄物再利用許可審查收入。")
    assert "二、法令依據" not in review.content
    assert review.calculation.startswith("1. 辦理事業廢棄物再利用許可審查收入109件，每件收8千元，計872千元。")


def test_item_without_a_section_level_code(sample_book: ParsedBook) -> None:
    scrap = _explanations(sample_book)["0726100500"]
    assert (scrap.name, scrap.parent_code, _thousands(scrap.amount)) == ("廢舊物資售價", "0726100000", 211)
    assert scrap.responsible_units == ("秘書室", "各組室")
    assert scrap.legal_basis_text == "國有財產法。"
    assert scrap.calculation == "國有財產報廢變賣繳庫數。"


# ------------------------------------------------------------------ other table shapes (as a PDF reader gives them)


def _section(kind: str, *tables: list[list[str]]) -> Section:
    pages = [
        Page(index=i + 1, number=40 + i, title="", unit="千元", blocks=[Block(kind="table", rows=rows)])
        for i, rows in enumerate(tables)
    ]
    return Section(kind=kind, title=kind, pages=pages)


CONTEXT = BookContext(document="t.pdf", agency="內政部", roc_year=114)


def test_code_on_its_own_line_wrapped_names_and_a_headerless_continuation_page() -> None:
    header = [
        "科目",
        "",
        "",
        "",
        "",
        "本年度預算數",
        "上年度預算數",
        "前年度決算數",
        "本年度與上年度比較",
        "說明",
    ]
    first = [
        header,
        ["款", "項", "目", "節", "名稱及編號", "", "", "", "", ""],
        ["", "", "", "", "合計", "1,500", "1,000", "900", "500", ""],
        ["3", "", "", "", "0500000000\n規費收入", "1,500", "1,000", "900", "500", ""],
        ["", "5", "", "", "0508010000\n內政部", "1,500", "1,000", "900", "500", ""],
        ["", "", "1", "", "0508010100\n行政規費", "1,500", "1,000", "900", "500", ""],
        ["", "", "", "", "收入", "", "", "", "", ""],
    ]
    second = [  # no header on the next page
        ["", "", "", "1", "0508010101\n審查費", "1,500", "1,000", "901", "500", "本年度預算數係"],
        ["", "", "", "", "", "", "", "", "", "審查費收入。"],
    ]
    records = RevenueBySourceParser().parse(_section("revenue_by_source", first, second), CONTEXT)
    items = {r.code: r for r in records if isinstance(r, RevenueItem)}
    assert list(items) == ["0500000000", "0508010000", "0508010100", "0508010101"]
    assert items["0508010100"].name == "行政規費收入"
    assert (items["0508010101"].level, items["0508010101"].parent_code) == ("節", "0508010100")
    assert items["0508010101"].note == "本年度預算數係審查費收入。"  # a wrapped 說明 re-joined
    assert _thousands(items["0508010101"].prior_year_actual) == 901
    assert items["0508010101"].provenance.page == 41
    totals = [r for r in records if isinstance(r, CrossTabCell)]
    assert [(c.column, _thousands(c.amount)) for c in totals] == [
        ("本年度預算數", 1500),
        ("上年度預算數", 1000),
        ("前年度決算數", 900),
        ("比較", 500),
    ]


def test_explanation_header_with_both_codes_first_takes_names_from_the_amount_table() -> None:
    page = Page(
        index=1,
        number=50,
        unit="千元",
        blocks=[
            Block(
                kind="table",
                rows=[
                    [
                        "來源子目及細目與編號",
                        "0508010100 -0508010101",
                        "預算金額",
                        "1,500",
                        "承辦單位",
                        "民政司、地政司",
                    ]
                ],
            ),
            Block(
                kind="paragraph",
                text="一、項目內容\n審查收入。\n二、法令依據\n1. 規費法第7條。\n2. 內政部收費標準。",
            ),
            Block(
                kind="table",
                rows=[
                    ["款", "項", "目", "節", "名 稱", "金 額", "說 明"],
                    ["", "", "", "1", "0508010101 審查費", "1,500", "審查300件，每件5千元。"],
                ],
            ),
        ],
    )
    (explanation,) = RevenueExplanationParser().parse(Section("revenue_explanation", "x", [page]), CONTEXT)
    assert isinstance(explanation, RevenueExplanation)
    assert (explanation.code, explanation.parent_code, explanation.name) == (
        "0508010101",
        "0508010100",
        "審查費",
    )
    assert explanation.responsible_units == ("民政司", "地政司")
    assert explanation.content == "審查收入。"
    assert explanation.legal_basis_text == "1. 規費法第7條。\n2. 內政部收費標準。"
    assert explanation.calculation == "審查300件，每件5千元。"


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            ["211", "211", "354", "- 本年度預算數係出售報廢財產等收入。"],
            (["211", "211", "354", "-"], "本年度預算數係"),
        ),
        (
            ["3,000", "3,000", "-", "-", "-仍照上年度預算數編列。"],
            (["3,000", "3,000", "-", "-"], "仍照上年度"),
        ),
        (
            ["77,000", "77,000", "101,950", "", "- 本年度預算數係收回"],
            (["77,000", "77,000", "101,950", "-"], "本年度"),
        ),
    ],
)
def test_dashes_merged_into_notes(cells: list[str], expected: tuple[list[str], str]) -> None:
    from ingest.parsers._hierarchy import _split_values

    values, note = _split_values(cells)
    assert values == expected[0]
    assert note.startswith(expected[1])


def test_wrapped_legal_basis_lines_are_rejoined() -> None:
    from ingest.parsers._wrapped import reflow

    text = "1. 內政部中華民國10\n\u30003年1月29日函。\n2. 規費法第7條及\n\u3000內政部收費標準。\n預算法。"
    assert reflow(text) == "1. 內政部中華民國103年1月29日函。\n2. 規費法第7條及內政部收費標準。\n預算法。"


# ------------------------------------------------------------------ the 內政部 PDF (read by the PDF reader)


@pytest.fixture(scope="module")
def moi_revenue(moi_pdf: Path) -> list[Record]:
    """歲入來源別預算表 (printed pp.39–40) and 歲入項目說明提要表 (pp.53–61) of the 內政部 book."""
    from ingest.readers.pdf import assemble, read_range

    reads = read_range(str(moi_pdf), 45, 47) + read_range(str(moi_pdf), 61, 70)
    document = assemble(reads, source=moi_pdf.name)
    context = BookContext(document=moi_pdf.name, agency="內政部", roc_year=114)
    records: list[Record] = []
    for section in split_sections(document):
        for parser in (RevenueBySourceParser(), RevenueExplanationParser()):
            if parser.matches(section):
                records.extend(parser.parse(section, context))
    return records


def test_pdf_revenue_table_codes_on_their_own_line(moi_revenue: list[Record]) -> None:
    items = {r.code: r for r in moi_revenue if isinstance(r, RevenueItem)}
    assert len(items) == 26  # 14 coded rows on p.39, 12 on p.40
    review = items["0508010101"]
    assert (review.name, review.level, review.number, review.provenance.page) == ("審查費", "節", "1", 39)
    assert [_thousands(review.amount), _thousands(review.previous_year_amount)] == [11415, 11371]
    assert [_thousands(review.prior_year_actual), _thousands(review.change)] == [12254, 44]
    assert _thousands(items["0508010102"].change) == -12
    rent = items["0708010103"]
    assert (_thousands(rent.amount), _thousands(rent.previous_year_amount), rent.provenance.page) == (
        456,
        0,
        40,
    )
    # the 說明 of 0508010307 服務費 runs from the foot of p.39 into the first row of p.40
    assert items["0508010307"].note.endswith("電子化全球衛星即時動態定位系統服務等收入。")
    assert items["0700000000"].note == ""
    totals = {c.column: _thousands(c.amount) for c in moi_revenue if isinstance(c, CrossTabCell)}
    assert totals == {"本年度預算數": 278856, "上年度預算數": 217739, "前年度決算數": 440635, "比較": 61117}


def test_pdf_revenue_checks_only_round(moi_revenue: list[Record]) -> None:
    from ingest.reconcile import reconcile

    checks = [c for c in reconcile("moi", moi_revenue).checks if c.family == "revenue"]
    total = next(c for c in checks if c.location.endswith("合計") and "本年度預算數" in c.name)
    assert (_k(total.printed), total.status) == (278856, "pass")
    assert sum(1 for c in checks if c.name.startswith("歲入項目說明") and c.status == "pass") == 7
    assert {c.status for c in checks} == {"pass", "rounding"}
    assert all("前年度決算數" in c.name for c in checks if c.status == "rounding")


def test_pdf_revenue_explanations(moi_revenue: list[Record]) -> None:
    explanations = {r.code: r for r in moi_revenue if isinstance(r, RevenueExplanation)}
    assert list(explanations) == [
        "0408010301",
        "0508010101",
        "0508010102",
        "0508010303",
        "0508010307",
        "0708010101",
        "0708010102",
    ]
    # 承辦單位 wrapped over three header rows
    assert explanations["0408010301"].responsible_units == (
        "秘書處",
        "民政司",
        "地政司",
        "宗教及禮制司",
        "國土測繪中心",
    )
    review = explanations["0508010101"]  # pp.54–55: one item, the header repeated on its second page
    assert (review.name, review.parent_code, _thousands(review.amount)) == ("審查費", "0508010100", 11415)
    assert review.responsible_units == ("地政司", "國土測繪中心")
    assert (
        review.legal_basis_text.split("\n")[0]
        == "1.在中華民國大陸礁層舖設維護變更海底電纜或管道審查收費標準。"
    )
    assert review.legal_basis_text.split("\n")[-1] == "5.規費法第7條。"
    assert review.content.startswith(
        "1.申請舖設維護變更海底電纜或管道之路線劃定許可審查費。\n2.測繪業申請許可之收費。"
    )
    assert review.calculation.startswith("1.地政司:")
    assert "共計2,385千元。" in review.calculation  # the calculation's last lines are on p.55
    data = explanations["0508010303"]
    assert data.legal_basis_text.split("\n") == [
        "1.戶籍法第69條。",
        "2.不動產成交案件實際資訊申報登錄及查詢收費辦法第16條、內政部及所屬機關提供政府資訊收費標準第3條。",
        "3.內政部國土測繪中心規費收費標準。",
        "4.內政部國土測繪中心測繪成果電子資料流通作業要點。",
        "5.國土測繪成果資料收費標準。",
        "6.測繪成果申請使用辦法。",
        "7.規費法第8條。",
    ]
    royalty = explanations["0708010102"]
    assert (royalty.content, royalty.legal_basis_text) == ("電子航行圖售圖之收入。", "國有財產法第7條。")
