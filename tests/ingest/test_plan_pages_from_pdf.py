"""歲出計畫提要及分支計畫概況表 of the 內政部 114 PDF (printed pp.65–115): 承辦單位, 計畫內容, 預期成果.

Golden values are read off the printed pages (`pdftotext -layout -f 74 -l 124`). Each plan's first
page prints 計畫內容 and 預期成果 side by side in two columns under the 工作計畫名稱及編號 row; the
branch table has its own 承辦單位 column, and a page that only continues a branch's 說明 leaves the
first three columns empty (p.68: item 9 of 綜合規劃業務專案計畫).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from ingest.parsers.plan_summary import PlanSummaryParser
from ingest.records import BranchPlan, Record, WorkPlan, records_of
from tests.ingest.pdf_pages import records_from_pages

# PDF pages 74–124 (1-based) print pp.65–115: the plan tables, up to the 各項費用彙計表.
FIRST_PAGE, STOP_PAGE = 73, 124


def flat(text: str) -> str:
    """Printed text compared as the PDF reader yields it: full-width punctuation folded, no line breaks."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture(scope="module")
def records(moi_pdf: Path) -> list[Record]:
    return records_from_pages(moi_pdf, FIRST_PAGE, STOP_PAGE, PlanSummaryParser())


@pytest.fixture(scope="module")
def branches(records: list[Record]) -> dict[tuple[str, str], BranchPlan]:
    return {(b.work_plan_code, b.number): b for b in records_of(records, BranchPlan)}


@pytest.fixture(scope="module")
def plans(records: list[Record]) -> dict[str, WorkPlan]:
    return {p.code: p for p in records_of(records, WorkPlan)}


@pytest.mark.parametrize(
    ("plan", "number", "units"),
    [
        ("3708010100", "01", ("人事處", "國土測繪中心", "土地重劃工程處")),  # p.65, wrapped over 3 lines
        ("3708010100", "04", ("綜合規劃司",)),  # p.67
        ("3708011000", "01", ("民政司",)),  # p.69
        ("3708011000", "06", ("宗教及禮制司",)),
        ("3708012503", "06", ("地政司",)),  # p.87, its 說明 runs on alone to p.88
        ("3708012700", "04", ("國土測繪中心",)),
        ("3708012900", "05", ("役政司", "替代役訓練及管理中心")),  # p.99
        ("3708011500", "05", ()),  # p.74 prints no 承辦單位 for 辦理戶政綜合計畫及研習活動
    ],
)
def test_responsible_units_as_printed(
    branches: dict[tuple[str, str], BranchPlan], plan: str, number: str, units: tuple[str, ...]
) -> None:
    assert branches[(plan, number)].responsible_units == units


def test_every_branch_names_its_units_as_printed(branches: dict[tuple[str, str], BranchPlan]) -> None:
    # the 承辦單位 column of the 73 branch rows, tallied off pp.65–113: no piece of 說明 text in it
    assert Counter("、".join(b.responsible_units) for b in branches.values()) == {
        "地政司": 22,
        "國土測繪中心": 9,
        "資訊服務司": 9,
        "役政司、替代役訓練及管理中心": 6,
        "民政司": 5,
        "合作及人民團體司": 5,
        "宗教及禮制司": 4,
        "戶政司": 4,
        "土地重劃工程處": 2,
        "部內各單位": 2,
        "人事處、國土測繪中心、土地重劃工程處": 1,
        "統計處": 1,
        "綜合規劃司": 1,
        "秘書處": 1,
        "": 1,
    }


def test_descriptions_do_not_begin_with_unit_names(branches: dict[tuple[str, str], BranchPlan]) -> None:
    for branch in branches.values():
        assert not any(branch.description.startswith(u) for u in branch.responsible_units), branch
    assert branches[("3708011000", "01")].description.startswith(flat("1.檢討研修地方制度法，"))


def test_a_page_that_only_continues_the_explanation_keeps_it_in_the_explanation(
    branches: dict[tuple[str, str], BranchPlan],
) -> None:
    # p.68 prints nothing but item 9 of branch 04's 說明 (p.67 ends with item 8)
    description = branches[("3708010100", "04")].description
    assert description.endswith(flat("9.處理公務所需使用影印機租賃與耗材等經費及綜合業務所需庶務費492千元。"))
    assert flat("8.辦理新聞媒體聯繫所需業務費510千元。") in description
    # p.88 carries the end of 補助實施平均地權基金's only sentence
    assert branches[("3708012503", "06")].description.endswith(
        flat("本年度續編第3年經費35,010千元，餘33,780千元於115年至116年分年編列。")
    )


def test_contents_and_expected_results_are_read_column_by_column(plans: dict[str, WorkPlan]) -> None:
    plan = plans["3708011000"]  # 民政及宗教禮制業務, p.69
    assert len(plan.contents) == 9
    assert flat(plan.contents[0]) == flat(
        "檢討研修地方制度、行政區劃、地方民意代表費用支給及村里長事務補助費補助條例相關法規，"
        "提升地方自治行政效能，落實地方自治精神。"
    )
    assert flat(plan.contents[-1]) == flat("輔導辦理國慶各項慶典活動。")
    results = flat(plan.expected_results)
    assert results.startswith(flat("1.健全地方制度與行政區劃法制，推動區域聯合治理，輔導地方自治團體"))
    assert results.endswith(flat("9.彰顯國家儀典，凝聚國民對國家向心力。"))
    assert "預期成果" not in "".join(plan.contents)
    assert not any(flat("健全政黨政治發展") in flat(item) for item in plan.contents)


def test_single_paragraph_contents_and_results(plans: dict[str, WorkPlan]) -> None:
    general = plans["3708010100"]  # 一般行政, p.65
    assert [flat(c) for c in general.contents] == [flat("一般性行政管理工作，以及共同性經費。")]
    assert flat(general.expected_results) == flat("完成良好機關管理工作，使助於本部業務之順利進行。")
    military = plans["3708012900"]  # 役政業務, p.99: a line of the left column opens with "，"
    (contents,) = military.contents
    assert flat(contents).startswith(flat("辦理替代役業務，加強役政幹部訓練，促進幹部新陳代謝，建立督導業務"))
    assert flat(contents).endswith(flat("打造堅實民防訓練。"))
    assert flat(military.expected_results).startswith(flat("辦理役男體檢作業，降低役男入營驗退率"))


def test_every_plan_has_both_columns(plans: dict[str, WorkPlan]) -> None:
    assert len(plans) == 13
    assert all(p.contents and p.expected_results for p in plans.values())
