"""預算總說明 (pp.1–23): agency duties, units, staffing, policy priorities, past results and prose."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.book import ParsedBook
from ingest.parsers.base import BookContext
from ingest.parsers.general_statement import GeneralStatementParser
from ingest.records import (
    Agency,
    BudgetNarrative,
    OrgUnit,
    PastPerformance,
    Personnel,
    PolicyPriority,
    Record,
    records_of,
)
from ingest.sections import split_sections


def test_agency_duties_and_legal_basis(sample_book: ParsedBook) -> None:
    (agency,) = records_of(sample_book.records, Agency)
    assert agency.name == "經濟部產業發展署"
    assert agency.legal_basis_text.startswith("依據本署組織法第二條規定及有關設置辦法")
    assert len(agency.duties) == 8
    assert agency.duties[0] == "產業發展政策規劃及法規研擬。"
    assert agency.duties[6] == "產業人才培訓。"
    assert agency.duties[7] == "其他有關產業發展事項。"
    assert agency.provenance.page == 1


def test_org_units_with_duties_across_page_breaks(sample_book: ParsedBook) -> None:
    units = records_of(sample_book.records, OrgUnit)
    assert [u.name for u in units] == [
        "產業政策組",
        "永續發展組",
        "知識經濟產業組",
        "金屬機電產業組",
        "電子資訊產業組",
        "民生化工產業組",
        "秘書室",
        "人事室",
        "政風室",
        "主計室",
        "資訊室",
    ]
    assert [u.number for u in units] == [str(n) for n in range(1, 12)]
    by_name = {u.name: u for u in units}
    # 永續發展組's (1)–(6) are on p.1, (7)–(10) on p.2
    sustainable = by_name["永續發展組"]
    assert len(sustainable.duties) == 10
    assert sustainable.duties[6] == "產業安全衛生、工廠危險物品管理之推動及輔導。"
    assert sustainable.duties[9] == "其他有關產業永續發展事項。"
    assert len(by_name["產業政策組"].duties) == 10
    assert len(by_name["政風室"].duties) == 12  # printed "9.政風室：" without a space
    assert by_name["電子資訊產業組"].duties[5].startswith("電子資訊產業發展平台建置")  # (6) on p.3
    assert by_name["秘書室"].provenance.page == 3


def test_staffing_table(sample_book: ParsedBook) -> None:
    # 預算員額明細表 (a later section) states Personnel too; these are the statement's own
    staff = {
        p.category: p
        for p in records_of(sample_book.records, Personnel)
        if p.provenance.section == "預算總說明"
    }
    assert {k: (p.count, p.previous_count) for k, p in staff.items()} == {
        "職員": (246, 235),
        "技工": (3, 3),
        "工友": (5, 6),
        "駕駛": (0, 0),
        "聘用": (15, 16),
        "約僱": (14, 15),
    }
    # printed 合計: 283 (114年度) and 275 (113年度)
    assert sum(p.count for p in staff.values()) == 283
    assert sum(p.previous_count or 0 for p in staff.values()) == 275
    assert {p.provenance.page for p in staff.values()} == {5}


def test_policy_priorities_join_cells_cut_by_page_breaks(sample_book: ParsedBook) -> None:
    priorities = records_of(sample_book.records, PolicyPriority)
    assert [p.name for p in priorities] == [
        "發展五大信賴產業",
        "六大核心戰略產業",
        "推動產業淨零與數位雙軸轉型",
        "引導產業高值發展",
        "拓展經貿布局",
    ]
    assert {p.work_plan_name for p in priorities} == {"工業技術升級輔導"}
    first, second = priorities[0], priorities[1]
    assert first.content.startswith("1.半導體產業：\n(1)打造臺灣成為半導體先進製程中心")
    assert "並補助企業使用 AI 工具" in first.content  # "補助企業" ends p.6, "使用 AI 工具" starts p.7
    assert first.content.endswith("爭取國際供應鏈合作商機。")
    assert "強化我國生技醫藥製造量能" in second.content  # "強" | "化我國" across pp.7–8
    assert "生技醫藥製造量能" not in first.content
    assert [p.provenance.page for p in priorities] == [6, 7, 8, 9, 9]


def test_past_performance_by_period(sample_book: ParsedBook) -> None:
    past = records_of(sample_book.records, PastPerformance)
    assert [(p.period, p.roc_year, p.name) for p in past] == [
        ("前年度", 112, "推動產業創新發展"),
        ("前年度", 112, "拓展經貿布局"),
        ("上年度已過期間", 113, "推動半導體產業"),
        ("上年度已過期間", 113, "推動產業淨零轉型"),
        ("上年度已過期間", 113, "五加二產業創新"),
        ("上年度已過期間", 113, "六大核心戰略產業"),
        ("上年度已過期間", 113, "拓展經貿布局"),
    ]
    assert {p.work_plan_name for p in past} == {"工業技術升級輔導"}
    innovation = past[0]
    assert innovation.provenance.page == 10
    assert innovation.text.startswith("1.5+2 產業創新：")
    assert "累計帶動國內產業新增建廠投資 732.64 億元" in innovation.text  # from p.13
    assert past[2].provenance.page == 18
    assert "第 2 期設備補助計畫 10 案次之第一次進度查核" in past[2].text  # "10 案" | "次之" across pp.18–19


def test_remaining_prose_is_kept_for_search(sample_book: ParsedBook) -> None:
    narratives = {n.heading: n for n in records_of(sample_book.records, BudgetNarrative)}
    goals = next(n for heading, n in narratives.items() if "年度施政目標" in heading)
    assert goals.text.startswith("1.發展半導體、AI、軍工、安控及通訊等「五大信賴產業」")
    assert any("行政院 114 年度施政方針" in n.text for n in narratives.values())
    assert not any("主 要 表" in n.text or "主要表" in n.text for n in narratives.values())  # divider page


# ------------------------------------------------------------------ the 內政部 PDF (read by the PDF reader)


@pytest.fixture(scope="module")
def moi_statement(moi_pdf: Path) -> list[Record]:
    """預算總說明 of the 內政部 book, printed pp.1–19 (PDF pages 6–24)."""
    from ingest.readers.pdf import assemble, read_range

    document = assemble(read_range(str(moi_pdf), 5, 24), source=moi_pdf.name)
    context = BookContext(document=moi_pdf.name, agency="內政部", roc_year=114)
    parser = GeneralStatementParser()
    return [r for s in split_sections(document) if parser.matches(s) for r in parser.parse(s, context)]


def test_pdf_duties_numbered_with_ideographic_commas_and_wrapped(moi_statement: list[Record]) -> None:
    (agency,) = records_of(moi_statement, Agency)
    assert len(agency.duties) == 10
    assert agency.duties[0] == (
        "地方制度、地方組織、地方自治、行政區劃、區域合作、選舉罷免、政黨、政治獻金、遊說政策與制度之規劃、推動、監督及輔導。"
    )
    assert agency.duties[9] == "其他有關內政事項。"
    assert agency.legal_basis_text == ""  # the book states no 依據 here


def test_pdf_units_with_heavenly_stem_duties(moi_statement: list[Record]) -> None:
    units = {u.name: u for u in records_of(moi_statement, OrgUnit)}
    assert list(units)[:3] == ["綜合規劃司", "民政司", "戶政司"]
    assert {"人事處", "法制處", "替代役訓練及管理中心", "國土測繪中心", "土地重劃工程處"} <= set(units)
    assert len(units) == 17
    planning = units["綜合規劃司"]  # 甲–辛 on p.1, 壬 on p.2
    assert len(planning.duties) == 9 and planning.duties[-1] == "其他有關綜合規劃事項。"
    assert units["人事處"].duties == ("本部人事事項。",)  # "(10)人事處:本部人事事項。"


def test_pdf_policy_and_past_tables_with_wrapped_names(moi_statement: list[Record]) -> None:
    priorities = {(p.work_plan_name, p.name): p for p in records_of(moi_statement, PolicyPriority)}
    # plan "二、民政及宗" | "教禮制業" | "務" and item "殯葬設施量能" | "提升計畫" over three rows
    funeral = priorities[("民政及宗教禮制業務", "殯葬設施量能提升計畫")]
    assert funeral.content.startswith("一、提升國內火化量能。\n二、增加殯儀館服務量能。")
    assert ("地籍及不動產服務業管理", "推動智慧不動產登記計畫") in priorities
    past = {(p.work_plan_name, p.name): p for p in records_of(moi_statement, PastPerformance)}
    assert ("測量及方域", "海域測繪與多維圖資應用發展計畫") in past
    assert {p.period for p in past.values()} == {"前年度"} and {p.roc_year for p in past.values()} == {112}
