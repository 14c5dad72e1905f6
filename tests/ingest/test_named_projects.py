"""Named projects in the 說明 of branch plans: numbered, named, with amounts, across page breaks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.book import ParsedBook
from ingest.parsers._plan_text import join_fragments, named_projects, numbered_items, project_funds, unwrap
from ingest.records import Project, records_of


def thousands(value: int) -> Decimal:
    return Decimal(value) * 1000


def value(project: Project) -> Decimal | None:
    return project.amount.value_ntd if project.amount else None


@pytest.fixture(scope="module")
def projects(sample_book: ParsedBook) -> dict[tuple[str, str, str], Project]:
    return {
        (p.work_plan_code, p.branch_number, p.number): p for p in records_of(sample_book.records, Project)
    }


def test_project_5_of_branch_01_is_the_ic_design_subsidy(
    projects: dict[tuple[str, str, str], Project],
) -> None:
    project = projects[("5226102200", "01", "5")]
    assert project.name == "驅動國內IC設計業者先進發展補助計畫"
    assert project.amount is not None and project.amount.value_ntd == thousands(1_176_000)
    assert project.description.startswith("係推動我國中小型IC設計相關業者")
    assert project.provenance.page == 42
    assert not project.inferred


def test_numbering_restarts_in_each_branch(projects: dict[tuple[str, str, str], Project]) -> None:
    first = sorted(int(n) for (plan, branch, n) in projects if (plan, branch) == ("5226102200", "01"))
    second = sorted(int(n) for (plan, branch, n) in projects if (plan, branch) == ("5226102200", "02"))
    assert first == list(range(1, 26))
    assert second == list(range(1, 38))
    assert projects[("5226102200", "02", "1")].name == "產業淨零碳排推動計畫"
    assert value(projects[("5226102200", "02", "1")]) == thousands(1_328_680)


def test_text_cut_by_a_page_break_is_healed(projects: dict[tuple[str, str, str], Project]) -> None:
    # "13. 亞灣2.0-…計畫一智慧" ends p.43; "石化永續發展…基地計畫769,950千元" opens p.44.
    thirteen = projects[("5226102200", "01", "13")]
    assert thirteen.name.startswith("亞灣2.0-智慧科技創新應用綱要計畫")
    assert thirteen.name.endswith("智慧科技研訓基地計畫")
    assert value(thirteen) == thousands(769_950)
    # "37,53" ends p.50 and "4千元" opens p.51.
    assert value(projects[("5226102200", "02", "20")]) == thousands(37_534)


def test_branch_01_projects_add_up_to_the_branch_including_its_admin_costs(
    projects: dict[tuple[str, str, str], Project],
) -> None:
    # The 說明 says 專案經費 4,714,855 + 行政經費 33,824; the 25 printed projects share out both.
    total = sum(
        (
            p.amount.value_ntd
            for (plan, b, _n), p in projects.items()
            if (plan, b) == ("5226102200", "01") and p.amount
        ),
        Decimal(0),
    )
    assert total == thousands(4_748_679)


def test_the_project_missing_from_the_conversion_is_inferred(
    projects: dict[tuple[str, str, str], Project],
) -> None:
    # Item 2 of branch 02 is absent from the 說明 (27. 中小企業淨零轉型計畫 in 計畫內容). Branch
    # 7,362,902 minus the 36 printed projects leaves 141,003, consistent with its 委辦 (132,782)
    # and 捐助 (7,381) rows elsewhere in the book.
    inferred = projects[("5226102200", "02", "2")]
    assert inferred.inferred
    assert inferred.name == "中小企業淨零轉型計畫"
    assert inferred.amount is not None and inferred.amount.value_ntd == thousands(141_003)
    assert [p for p in projects.values() if p.inferred] == [inferred]


def test_numbered_expense_items_are_not_projects(projects: dict[tuple[str, str, str], Project]) -> None:
    # 一般行政 lists "1. 辦理員工協助方案…等139千元。" — costs, not named projects.
    assert not [key for key in projects if key[0] in {"5726100100", "5726102000"}]


def test_project_explained_check_names_the_gap(sample_book: ParsedBook) -> None:
    (explained,) = [c for c in sample_book.report.checks if c.family == "plans" and c.status == "explained"]
    assert explained.printed == thousands(7_362_902)
    assert "項次 2" in explained.note and "141,003" in explained.note


def test_named_projects_parse_numbers_names_and_amounts() -> None:
    text = (
        "專案經費3,000千元。1. 甲計畫1,000千元，係辦理甲。2. 乙2.0計畫2,000千元，係辦理乙。(1) 子項100千元。"
    )
    found = named_projects(text)
    assert [(p.number, p.name, p.amount.value_ntd) for p in found] == [
        ("1", "甲計畫", thousands(1_000)),
        ("2", "乙2.0計畫", thousands(2_000)),
    ]
    assert found[1].description == "係辦理乙。(1) 子項100千元。"
    funds = project_funds(text)
    assert funds is not None and funds.value_ntd == thousands(3_000)


def test_numbered_items_tolerate_lost_items_at_a_page_break() -> None:
    assert numbered_items(["1. 甲 2. 乙", "5. 戊 6. 己"]) == ["甲", "乙", "戊", "己"]
    assert numbered_items(["只有一段文字。"]) == ["只有一段文字。"]
    assert join_fragments(["產值達168億", "元；推動"]) == "產值達168億元；推動"
    assert join_fragments(["第一句。", "第二句"]) == "第一句。\n第二句"


def test_pdf_line_wraps_inside_names_and_numbers_are_undone() -> None:
    text = unwrap("1. 甲產業推動\n計畫8\n3,890千元，係辦理甲。\n2. 乙計畫10千元，係辦理乙。")
    assert [(p.name, p.amount.value_ntd) for p in named_projects(text)] == [
        ("甲產業推動計畫", thousands(83_890)),
        ("乙計畫", thousands(10)),
    ]
