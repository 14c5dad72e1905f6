"""補助/捐助/委辦經費分析表 of the sample book: leaf rows, amounts across the fold, hierarchy, legal basis.

Golden figures are the book's printed ones (pp.78–79, 80–97, 112–141 and 各項費用彙計表 p.65).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.amounts import Amount
from ingest.checks.grants import grant_tables
from ingest.document import Block, Page
from ingest.parsers._grant_text import legal_basis, repair_name, split_spill
from ingest.parsers.base import BookContext
from ingest.parsers.grants import GrantAnalysisParser
from ingest.readers import read_book
from ingest.records import Commission, CrossTabCell, Donation, Grant, Record, Subsidy, records_of
from ingest.resources import SAMPLE_BOOK
from ingest.sections import Section, split_sections

K = Decimal(1000)  # the tables print 千元


@pytest.fixture(scope="module")
def grant_records() -> list[Record]:
    document = read_book(Path(SAMPLE_BOOK))
    context = BookContext(document=document.source, agency=document.agency, roc_year=114)
    parser = GrantAnalysisParser()
    records: list[Record] = []
    for section in split_sections(document):
        if parser.matches(section):
            records.extend(parser.parse(section, context))
    return records


def _total(records: list[Record], table: str, path: str = "", column: str = "合計") -> Decimal:
    cell = next(
        c
        for c in records_of(records, CrossTabCell)
        if c.table == table and c.row_code == path and c.column == column
    )
    return cell.amount.value_ntd


def _by_class(records: list[Record], cls: type[Grant], code: str) -> Decimal:
    return sum(
        (g.amount.value_ntd for g in records_of(records, cls) if g.object_class_code == code), Decimal(0)
    )


def test_subsidies_total_and_object_classes(grant_records: list[Record]) -> None:
    assert _total(grant_records, "補助經費分析表") == 779_500 * K
    assert _by_class(grant_records, Subsidy, "4005") == 60_000 * K
    assert _by_class(grant_records, Subsidy, "4010") == 41_500 * K
    assert _by_class(grant_records, Subsidy, "4030") == 678_000 * K
    first = records_of(grant_records, Subsidy)[0]
    assert (first.work_plan_code, first.work_plan_name) == ("5726102000", "工業管理")
    assert (first.plan_name, first.number, first.recipient_type) == (
        "智慧杆產業推動暨城市智慧基建計畫",
        "01",
        "補助直轄市政府",
    )
    assert first.period == "114-117"
    assert first.legal_basis_text == "依據「中央對直轄市及縣(市)政府補助辦法」"
    assert dict(first.components)["經常門 其他"].value_ntd == 60_000 * K


def test_donations_total_read_from_the_right_half(grant_records: list[Record]) -> None:
    # p.81 first row: 人事費 60,945 (left half) + 業務費 128,097 + 其他 5,195,592 + 資本門 其他 246,600 = 5,631,234
    assert _total(grant_records, "捐助經費分析表") == 5_631_234 * K
    assert _total(grant_records, "捐助經費分析表", column="經常門 人事費") == 60_945 * K
    assert _total(grant_records, "捐助經費分析表", column="資本門 其他") == 246_600 * K
    assert _by_class(grant_records, Donation, "4040") == 5_576_668 * K
    assert _by_class(grant_records, Donation, "4035") == 50_000 * K
    assert _by_class(grant_records, Donation, "4085") == 4_566 * K  # 各項費用彙計表 4085 獎勵及慰問


def test_donation_hierarchy_in_one_cell_and_legal_basis(grant_records: list[Record]) -> None:
    # p.96 prints "3.對國外之捐助 4035對外之捐助 (1)5226102200 工業技術升級輔導 [1]驅動國內IC設計業 者…" in one cell.
    foreign = [d for d in records_of(grant_records, Donation) if d.object_class_code == "4035"]
    assert len(foreign) == 1
    item = foreign[0]
    assert item.plan_name == "驅動國內IC設計業者先進發展補助計畫"
    assert (item.number, item.work_plan_code, item.recipient, item.recipient_type) == (
        "44",
        "5226102200",
        "海外學生",
        "對國外之捐助",
    )
    assert item.amount.value_ntd == 50_000 * K
    assert "經濟部協助產業創新活動補助獎勵及輔導辦法" in item.legal_basis_text
    assert item.content.startswith("1.依據")  # the "獎金。" spilled from p.94 went back to item 47
    domestic = next(d for d in records_of(grant_records, Donation) if d.number == "06")
    assert domestic.plan_name == "驅動國內IC設計業者先進發展補助計畫"
    assert domestic.amount.value_ntd == 1_020_500 * K
    assert domestic.legal_basis_text == "依據「經濟部協助產業創新活動補助獎勵及輔導辦法」"


def test_donation_names_and_texts_continued_over_pages(grant_records: list[Record]) -> None:
    donations = {d.number: d for d in records_of(grant_records, Donation)}
    assert donations["07"].plan_name == "異質整合晶片用關鍵材料輔導推動計畫"
    assert donations["07"].recipient == "國內依法登記成立之公司"
    assert (
        donations["02"].legal_basis_text == "依據「經濟部產業發展署補捐助民間團體推動產業發展活動審核要點」"
    )
    assert donations["40"].plan_name == "優質台灣製造傳產價值躍升計畫"
    assert donations["40"].content.endswith("2.辦理全國團結圈活動競賽核發之獎金。")
    assert donations["28"].content.endswith("以促成業者提升產品附加價值之補助。")
    assert not donations["29"].content.startswith("術")
    assert len(donations) == 45  # codes 02–47 as printed; 38 is not used


def test_commissions_total_by_column(grant_records: list[Record]) -> None:
    table = "委辦經費分析表"
    assert _total(grant_records, table, column="經常門 用人費用") == 1_985_410 * K
    assert _total(grant_records, table, column="經常門 業務費用") == 3_732_460 * K
    assert _total(grant_records, table, column="經常門 其他") == 926_682 * K
    assert _total(grant_records, table, column="資本門 其他") == 1_500 * K
    assert _total(grant_records, table) == 6_646_052 * K
    commissions = records_of(grant_records, Commission)
    assert len(commissions) == 62
    assert sum((c.amount.value_ntd for c in commissions), Decimal(0)) == 6_646_052 * K
    assert {c.object_class_code for c in commissions} == {"2039"}
    first = commissions[0]
    assert (first.plan_name, first.period, first.amount.value_ntd) == (
        "建構國家安全化學與韌性永續計畫",
        "114-118",
        53_900 * K,
    )
    cut = next(c for c in commissions if c.plan_name.startswith("關鍵產業國際供應鏈"))
    assert cut.plan_name == "關鍵產業國際供應鏈鏈結計畫"  # "鏈" | "結計畫" across pp.112/114


def test_every_grant_subtotal_reconciles(grant_records: list[Record]) -> None:
    checks = list(grant_tables(grant_records))
    assert len(checks) > 30
    assert [c for c in checks if c.status == "fail"] == []


def test_grants_checked_against_expense_summary_cells(grant_records: list[Record]) -> None:
    def cell(row: str, column_code: str, column: str, value: int) -> CrossTabCell:
        provenance = grant_records[0].provenance
        return CrossTabCell(
            provenance=provenance,
            table="各項費用彙計表",
            row_code=row,
            row_name="",
            column=column,
            column_code=column_code,
            amount=Amount.of(value),
        )

    wrong = [cell("4010", "5726102000", "工業管理", 40_000), cell("4010", "", "合計", 41_000)]
    checks = [c for c in grant_tables([*grant_records, *wrong]) if "各項費用彙計表" in c.location]
    assert [c.status for c in checks] == [
        "fail",
        "pass",
    ]  # 41,000 printed vs 41,500 granted; the plan cell agrees


def test_text_repair_helpers() -> None:
    assert (
        repair_name("晶片驅動臺灣產業創 新-AI產業應用與普及 發展計畫")
        == "晶片驅動臺灣產業創新-AI產業應用與普及發展計畫"
    )
    assert repair_name("卓越隱形冠軍(Hidden Champion+ 3.0)") == "卓越隱形冠軍(Hidden Champion+3.0)"
    assert (
        legal_basis("1. 依據「經濟部推動研究機構進行產業創新及研究發展補助辦法」 2. 辦理綠色")
        == "依據「經濟部推動研究機構進行產業創新及研究發展補助辦法」"
    )
    assert legal_basis("3. 協助業者切入半導體領域，依據業者已具備之經驗") == ""
    assert split_spill("3.推動場域試煉。 維運對日合作單一平台。", "1. 運用補助。 2. 建構平台。") == (
        "3.推動場域試煉。",
        "維運對日合作單一平台。",
    )
    assert split_spill("發放慰問金。", "1. 依據「要點」。 2. 辦理獎金。") == ("", "發放慰問金。")


def test_other_column_sets_found_by_header_text() -> None:
    # A one-page table with 經常門/資本門 as plain columns and 合計 on the same page (no right half).
    rows = [
        ["補助計畫", "計畫起訖年度", "補助內容", "經常門", "資本門", "合計"],
        ["合計", "", "", "10", "5", "15"],
        ["1.0001010000", "", "", "10", "5", "15"],
        ["一般行政", "", "", "", "", ""],
        ["(1)社區發展計畫 01", "", "", "10", "5", "15"],
        ["[1]補助各縣市政府", "113-115", "1.依據「社會救助法」。 2.辦理補助。", "10", "5", "15"],
    ]
    page = Page(
        index=1, number=7, title="補助經費分析表", unit="千元", blocks=[Block(kind="table", rows=rows)]
    )
    context = BookContext(document="t", agency="a", roc_year=114)
    records = GrantAnalysisParser().parse(
        Section(kind="subsidies", title="補助經費分析表", pages=[page]), context
    )
    (grant,) = records_of(records, Subsidy)
    assert grant.amount.value_ntd == 15 * K
    assert [h for h, _ in grant.components] == ["經常門", "資本門"]
    assert (grant.work_plan_name, grant.number, grant.object_class_code, grant.period) == (
        "一般行政",
        "01",
        "4010",
        "113-115",
    )
    assert grant.legal_basis_text == "依據「社會救助法」"


# ---------------------------------------------------------------- the 內政部 PDF (shared fixture)
# Its tables come from the PDF reader with other column sets: 補助 has a 接受補助機關列入預算年度 column and
# 經常性 periods, 捐助 has 4045/4065/4080 classes, 委辦 has bare 節 codes under numbered 目 codes.


@pytest.fixture(scope="module")
def moi_grants(moi_pdf: Path) -> list[Record]:
    from ingest.readers.pdf import assemble, read_range

    # 0-based PDF pages of printed pp.146–166 (補助, 捐助) and pp.190–197 (委辦); printed = index − 8 there.
    reads = read_range(str(moi_pdf), 154, 175) + read_range(str(moi_pdf), 198, 206)
    document = assemble(reads, moi_pdf.name)
    context = BookContext(document=document.source, agency=document.agency, roc_year=114)
    parser = GrantAnalysisParser()
    return [r for s in split_sections(document) if parser.matches(s) for r in parser.parse(s, context)]


def test_moi_grant_totals_as_printed(moi_grants: list[Record]) -> None:
    assert _total(moi_grants, "補助經費分析表") == 2_075_727 * K
    assert _total(moi_grants, "捐助經費分析表") == 4_307_042 * K
    assert _total(moi_grants, "委辦經費分析表") == 396_255 * K
    assert _total(moi_grants, "委辦經費分析表", column="經常門 用人費用") == 72_801 * K
    assert _total(moi_grants, "委辦經費分析表", column="經常門 業務費用") == 319_804 * K
    assert _by_class(moi_grants, Donation, "4040") == 812_332 * K


def test_moi_grant_rows(moi_grants: list[Record]) -> None:
    party = next(d for d in records_of(moi_grants, Donation) if d.plan_name == "政黨補助金")
    assert (party.number, party.recipient, party.period) == ("03", "政黨", "經常性")
    assert party.amount.value_ntd == 639_363 * K
    assert party.legal_basis_text == "依政黨法第22條規定"
    subsidy = next(
        g for g in records_of(moi_grants, Subsidy) if g.plan_name == "辦理召開地方自治相關業務研討會"
    )
    assert (subsidy.number, subsidy.recipient_type, subsidy.object_class_code) == (
        "01",
        "補助特種基金",
        "4030",
    )
    surveying = [c for c in records_of(moi_grants, Commission) if c.work_plan_code == "3708012501"]
    assert surveying[0].work_plan_name == "測量及方域"
    assert sum((c.amount.value_ntd for c in surveying), Decimal(0)) == 248_733 * K


def test_moi_grant_subtotals_reconcile(moi_grants: list[Record]) -> None:
    checks = list(grant_tables(moi_grants))
    assert len(checks) > 40
    assert [c for c in checks if c.status == "fail"] == []


def test_record_keys_are_unique_in_the_sample(grant_records: list[Record]) -> None:
    from ingest.records import record_key

    keys = [record_key(r) for r in grant_records]
    assert len(keys) == len(set(keys))


def test_a_left_half_without_its_right_half_is_reported() -> None:
    rows = [
        ["捐助計畫", "計畫起訖年度", "捐助對象", "捐助內容", "捐助"],
        ["", "", "", "", "經常門 人事費"],
        ["合計", "", "", "", "5"],
        ["1.對團體之捐助", "", "", "", "5"],
        ["[1]某計畫", "02 114-114", "國內團體", "1.依據「某要點」。", "5"],
    ]
    page = Page(
        index=1, number=9, title="捐助經費分析表", half="left", blocks=[Block(kind="table", rows=rows)]
    )
    context = BookContext(document="t", agency="a", roc_year=114)
    records = GrantAnalysisParser().parse(
        Section(kind="donations", title="捐助經費分析表", pages=[page]), context
    )
    assert records_of(records, Donation) == []  # no 合計, no amount to state
    (check,) = grant_tables(records)
    assert check.status == "fail" and "right half" in check.note
