"""歲出計畫提要及分支計畫概況表 of the sample: work plans, branch plans and 用途別 lines with printed figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.book import ParsedBook
from ingest.document import Block, Document, Page
from ingest.parsers.base import BookContext
from ingest.parsers.plan_summary import PlanSummaryParser
from ingest.records import BranchPlan, LineItem, ObjectClass, WorkPlan, records_of
from ingest.sections import Section

PLAN_PAGES = range(39, 63)


def thousands(value: int) -> Decimal:
    return Decimal(value) * 1000


@pytest.fixture(scope="module")
def plans(sample_book: ParsedBook) -> dict[str, WorkPlan]:
    return {p.code: p for p in records_of(sample_book.records, WorkPlan)}


@pytest.fixture(scope="module")
def branches(sample_book: ParsedBook) -> dict[tuple[str, str], BranchPlan]:
    return {(b.work_plan_code, b.number): b for b in records_of(sample_book.records, BranchPlan)}


@pytest.fixture(scope="module")
def lines(sample_book: ParsedBook) -> dict[tuple[str, str, str], LineItem]:
    return {
        (li.work_plan_code, li.branch_number, li.object_class_code): li
        for li in records_of(sample_book.records, LineItem)
    }


def test_the_five_work_plans_carry_their_printed_totals(plans: dict[str, WorkPlan]) -> None:
    printed = {
        "5226102200": ("工業技術升級輔導", 12_111_581),
        "5726100100": ("一般行政", 383_155),
        "5726102000": ("工業管理", 363_335),
        "5726108110": ("經濟特別收入基金", 678_000),
        "5726109800": ("第一預備金", 3_000),
    }
    assert {code: (p.name, p.amount.value_ntd) for code, p in plans.items()} == {
        code: (name, thousands(amount)) for code, (name, amount) in printed.items()
    }
    assert all(p.amount.unit == "千元" and p.provenance.page in PLAN_PAGES for p in plans.values())
    assert plans["5226102200"].provenance.page == 39
    assert plans["5726109800"].provenance.page == 62


def test_plan_contents_are_numbered_items_kept_across_the_page_break(plans: dict[str, WorkPlan]) -> None:
    contents = plans["5226102200"].contents
    assert contents[0] == "太空產業推動與人才培育計畫"
    assert contents[4] == "驅動國內IC設計業者先進發展補助計畫"
    assert contents[-1] == "特定工廠群聚產業技術躍升推動計畫"  # item 62, on printed p.40
    assert "優質台灣製造傳產價值躍升計畫" in contents  # item 56, first on p.40
    assert not any(item[:1].isdigit() and ". " in item[:4] for item in contents)  # numbering stripped
    general = plans["5726100100"].contents
    assert len(general) == 5 and general[2].startswith("主計室業務")


def test_expected_results_join_the_pages_they_run_over(plans: dict[str, WorkPlan]) -> None:
    results = plans["5226102200"].expected_results
    assert results.startswith("在「六大核心戰略產業」基礎上")
    assert "帶動衍生產值達168億元" in results  # "168億" ends p.39, "元" opens p.40
    assert "協助提升工作職能" in results  # the last sentence, printed as paragraphs on p.41
    assert plans["5726109800"].expected_results == "維持業務順利推展。"


def test_branch_plans_of_industrial_upgrading(branches: dict[tuple[str, str], BranchPlan]) -> None:
    first = branches[("5226102200", "01")]
    assert first.name == "發展新興與高科技產業"
    assert first.amount.value_ntd == thousands(4_748_679)
    assert first.provenance.page == 41
    second = branches[("5226102200", "02")]
    assert second.name == "策進產業躍升與永續發展環境"
    assert second.amount.value_ntd == thousands(7_362_902)
    assert second.provenance.page == 46
    assert all(b.provenance.page in PLAN_PAGES for b in branches.values())
    assert len(branches) == 11


def test_responsible_units_broken_across_rows_are_joined_then_split(
    branches: dict[tuple[str, str], BranchPlan],
) -> None:
    units = ("永續發展組", "知識經濟產業組", "金屬機電產業組", "電子資訊產業組", "民生化工產業組")
    assert branches[("5226102200", "01")].responsible_units == units
    assert branches[("5226102200", "02")].responsible_units == ("產業政策組", *units)
    assert branches[("5726100100", "02")].responsible_units == ("秘書室", "主計室", "人事室", "政風室")


def test_branch_description_runs_over_rows_and_pages(branches: dict[tuple[str, str], BranchPlan]) -> None:
    text = branches[("5226102200", "01")].description
    assert text.startswith("本分支計畫係配合政府產業政策")
    assert "專案經費4,714,855千元" in text
    assert "25. 綠能產業推動計畫12,284千元" in text  # printed on p.46, five pages below the branch row
    # The conversion merged the end of branch 03's 說明 into branch 04's row; it goes back to 03.
    assert branches[("5726102000", "03")].description.endswith("計需54,200千元。")
    assert branches[("5726102000", "04")].description.startswith("1. 總經費3,185,000千元")


def test_line_items_belong_to_the_branch_above_them(lines: dict[tuple[str, str, str], LineItem]) -> None:
    commission = lines[("5226102200", "01", "2039")]
    assert (commission.object_class_name, commission.level) == ("委辦費", 2)
    assert commission.amount.value_ntd == thousands(2_317_368)
    donation = lines[("5226102200", "01", "4040")]
    assert (donation.object_class_name, donation.amount.value_ntd) == (
        "對國內團體之捐助",
        thousands(2_347_487),
    )
    business = lines[("5226102200", "01", "2000")]
    assert (business.level, business.amount.value_ntd) == (1, thousands(2_351_192))
    # p.47 prints the table with an extra empty column; its rows still land in branch 02.
    assert lines[("5226102200", "02", "2045")].amount.value_ntd == thousands(20)
    assert lines[("5226102200", "02", "2045")].provenance.page == 47
    assert lines[("5726109800", "01", "6005")].amount.value_ntd == thousands(3_000)


def test_object_classes_form_a_two_level_code_list(sample_book: ParsedBook) -> None:
    classes = {c.code: c for c in records_of(sample_book.records, ObjectClass)}
    assert (classes["2000"].name, classes["2000"].level, classes["2000"].parent_code) == ("業務費", 1, "")
    assert (classes["2039"].name, classes["2039"].level, classes["2039"].parent_code) == ("委辦費", 2, "2000")
    assert classes["6005"].parent_code == "6000"
    # 各項費用彙計表 (pp.64–65) prints one row per class the plans use: 29 + 14 coded rows.
    assert len(classes) == 43


def test_plan_checks_pass_or_are_explained_on_the_sample(sample_book: ParsedBook) -> None:
    checks = [c for c in sample_book.report.checks if c.family == "plans"]
    assert len(checks) >= 30
    assert [c for c in checks if c.status == "fail"] == []
    assert [c.location for c in checks if c.status == "explained"] == [
        "歲出計畫提要 5226102200/02 策進產業躍升與永續發展環境 各計畫"
    ]


def _page(number: int, rows: list[list[str]]) -> Page:
    return Page(
        index=number,
        number=number,
        title="歲出計畫提要及分支計畫概況表",
        unit="千元",
        blocks=[Block("table", rows=rows)],
    )


def test_columns_are_found_by_header_text_wherever_they_sit() -> None:
    """A PDF-like layout: code above the name, 說明 before 承辦單位, a continuation page."""
    header = ["工作計畫名稱及編號", "", "0000000001\n示範計畫", "預算金額", "", "1,500"]
    columns = ["分支計畫及用途別科目", "說 明", "金 額", "承 辦 單 位"]
    pages = [
        _page(1, [header, ["計畫內容：\n1. 甲計畫 2. 乙計畫", "預期成果：\n完成"]]),
        _page(
            2,
            [
                header,
                columns,
                ["01 第一分支", "本分支計畫辦理", "1,500", "第一"],
                ["2000 業務費", "1. 甲計畫1,000千元，係辦理甲。", "1,500", "組"],
                ["2039 委辦費", "", "1,500", ""],
            ],
        ),
        _page(3, [header, columns, ["", "2. 乙計畫500千元，係辦理乙。", "", ""]]),
        # An appendix repeating the plan for one organisation must not add a second WorkPlan.
        _page(
            4,
            [
                ["工作計畫名稱及編號 0000000001 示範計畫", "預算金額 700"],
                columns,
                ["01 第一分支", "", "700", ""],
            ],
        ),
    ]
    document = Document(source="synthetic", pages=pages, agency="示範機關", roc_year=114)
    section = Section(kind="plan_summary", title="歲出計畫提要及分支計畫概況表", pages=document.pages)
    records = PlanSummaryParser().parse(section, BookContext("synthetic", "示範機關", 114))
    (plan,) = records_of(records, WorkPlan)
    assert (plan.code, plan.name, plan.amount.value_ntd, plan.contents) == (
        "0000000001",
        "示範計畫",
        thousands(1_500),
        ("甲計畫", "乙計畫"),
    )
    (branch,) = records_of(records, BranchPlan)
    assert (branch.number, branch.amount.value_ntd, branch.responsible_units) == (
        "01",
        thousands(1_500),
        ("第一組",),
    )
    assert "2. 乙計畫500千元" in branch.description
    assert [(li.object_class_code, li.level) for li in records_of(records, LineItem)] == [
        ("2000", 1),
        ("2039", 2),
    ]
