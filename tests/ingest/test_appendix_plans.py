"""The 附錄 of the 內政部 114 PDF: each organisation's 歲出計畫提要及分支計畫概況表 read as shares that add
up to the main body's combined figures, never as a second set of work plans.

Golden values are read off the printed pages (`pdftotext -layout -f N -l N`, PDF page numbers):
本部 p.289 (PDF 304), 國土測繪中心 pp.339–341 (PDF 358–360), 土地重劃工程處 pp.359–360 (PDF 382–383);
the combined 一般行政 1,771,975 and its 人員維持 1,640,215 on p.65 (PDF 74).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.checks.appendix import appendix_adds_up_to_main_body
from ingest.parsers.appendix_plans import AppendixPlansParser
from ingest.parsers.plan_summary import PlanSummaryParser
from ingest.records import OrganisationPlanShare, Record, records_of
from tests.ingest.pdf_pages import records_from_pages

# PDF pages 299–392 (1-based): the 附錄 divider's back to the book's last page.
APPENDIX_FIRST, APPENDIX_STOP = 298, 392
# PDF pages 74–124 print the main body's plan tables (pp.65–115).
MAIN_FIRST, MAIN_STOP = 73, 124
K = Decimal(1000)
# 歲出機關別預算表 p.41: the book's 13 work plans, all of which some organisation's appendix table repeats.
WORK_PLANS = {
    "3708010100", "3708011000", "3708011500", "3708012501", "3708012502", "3708012503", "3708012700",
    "3708012800", "3708012900", "3708013000", "3708019011", "3708019800", "6308013500",
}  # fmt: skip


@pytest.fixture(scope="module")
def appendix(moi_pdf: Path) -> list[Record]:
    return records_from_pages(moi_pdf, APPENDIX_FIRST, APPENDIX_STOP, AppendixPlansParser())


@pytest.fixture(scope="module")
def shares(appendix: list[Record]) -> list[OrganisationPlanShare]:
    return records_of(appendix, OrganisationPlanShare)


@pytest.fixture(scope="module")
def main_body(moi_pdf: Path) -> list[Record]:
    return records_from_pages(moi_pdf, MAIN_FIRST, MAIN_STOP, PlanSummaryParser())


def share(
    shares: list[OrganisationPlanShare], organisation: str, code: str, branch: str = "", line: str = ""
) -> OrganisationPlanShare:
    [found] = [
        s
        for s in shares
        if (s.organisation, s.work_plan_code, s.branch_number, s.object_class_code)
        == (organisation, code, branch, line)
    ]
    return found


@pytest.mark.parametrize(
    ("organisation", "code", "name", "printed", "page"),
    [
        ("內政部", "3708010100", "一般行政", 1_149_356, 289),
        ("內政部國土測繪中心", "3708010100", "一般行政", 511_916, 339),
        ("內政部國土測繪中心", "3708012700", "土地測量", 1_006_592, 340),
        ("內政部土地重劃工程處", "3708010100", "一般行政", 110_703, 359),
        ("內政部土地重劃工程處", "3708012800", "土地開發", 16_137, 360),
    ],
)
def test_work_plan_shares_are_the_printed_ones(
    shares: list[OrganisationPlanShare], organisation: str, code: str, name: str, printed: int, page: int
) -> None:
    found = share(shares, organisation, code)
    assert (found.work_plan_name, found.amount.value_ntd, found.provenance.page) == (name, printed * K, page)


@pytest.mark.parametrize(
    ("organisation", "code", "branch", "name", "printed"),
    [
        ("內政部", "3708010100", "01", "人員維持", 1_017_596),
        ("內政部國土測繪中心", "3708012700", "01", "基本行政工作維持", 2_843),
        # the name wraps in the narrow column: 基礎建設計 / 畫
        ("內政部國土測繪中心", "3708012700", "04", "國家底圖空間資料基礎建設計畫", 278_898),
        ("內政部土地重劃工程處", "3708012800", "02", "規劃設計監工業務", 9_937),
    ],
)
def test_branch_shares_are_the_printed_ones(
    shares: list[OrganisationPlanShare], organisation: str, code: str, branch: str, name: str, printed: int
) -> None:
    found = share(shares, organisation, code, branch)
    assert (found.branch_name, found.amount.value_ntd) == (name, printed * K)


def test_object_class_lines_are_shares_too(shares: list[OrganisationPlanShare]) -> None:
    # p.339: 國土測繪中心 一般行政 01 人員維持, 1015 法定編制人員待遇 184,877; 1055 保險 39,714
    assert share(shares, "內政部國土測繪中心", "3708010100", "01", "1015").amount.value_ntd == 184_877 * K
    assert share(shares, "內政部國土測繪中心", "3708010100", "01", "1055").amount.value_ntd == 39_714 * K


def test_the_appendix_states_shares_only(appendix: list[Record], shares: list[OrganisationPlanShare]) -> None:
    # a WorkPlan/BranchPlan/LineItem here would count the organisations' figures a second time
    assert len(shares) == len(appendix) > 0
    assert {s.organisation for s in shares} == {"內政部", "內政部國土測繪中心", "內政部土地重劃工程處"}
    assert {s.work_plan_code for s in shares} == WORK_PLANS


def test_the_shares_add_up_to_the_main_body(
    shares: list[OrganisationPlanShare], main_body: list[Record]
) -> None:
    checks = list(appendix_adds_up_to_main_body([*main_body, *shares]))
    assert [c for c in checks if c.status != "pass"] == []
    plans = {c.location.split()[2] for c in checks if c.name.startswith("work plan")}
    assert plans == WORK_PLANS
    [general] = [c for c in checks if "3708010100 一般行政" in c.location]
    [staff] = [c for c in checks if "3708010100/01 人員維持" in c.location]
    # p.65: 一般行政 1,771,975 = 1,149,356 + 511,916 + 110,703; 人員維持 1,640,215 = 1,017,596 + 511,916 + 110,703
    assert general.printed == general.computed == 1_771_975 * K
    assert staff.printed == staff.computed == 1_640_215 * K


def test_a_missing_organisation_fails_the_check(
    shares: list[OrganisationPlanShare], main_body: list[Record]
) -> None:
    without = [s for s in shares if s.organisation != "內政部土地重劃工程處"]
    checks = list(appendix_adds_up_to_main_body([*main_body, *without]))
    [general] = [c for c in checks if "3708010100 一般行政" in c.location]
    assert (general.status, general.computed) == ("fail", (1_771_975 - 110_703) * K)
