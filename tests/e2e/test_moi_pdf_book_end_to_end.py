"""The real 392-page PDF book (內政部 114年度 單位預算案) ingests end to end: its printed totals are in the
graph, its reconciliation passes, and its narrative is searchable with hits on its own pages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from api.pipeline import IngestResult
from embed.search import search
from graph import iris
from graph.store import open_store

BOOK = f"<{iris.book_iri('內政部', 114)}>"
# 歲出機關別預算表, printed pp.41–45 of the book (千元): every work plan of 內政部.
PRINTED_WORK_PLANS = {
    "3708010100": 1_771_975,  # 一般行政
    "3708011000": 5_669_604,  # 民政及宗教禮制業務
    "3708011500": 70_523,  # 戶政業務
    "3708012501": 423_403,  # 測量及方域
    "3708012502": 72_331,  # 地籍及不動產服務業管理
    "3708012503": 42_255,  # 平均地權及土地利用
    "3708012700": 1_006_592,  # 土地測量
    "3708012800": 16_137,  # 土地開發
    "3708012900": 3_486_601,  # 役政業務
    "3708013000": 723_354,  # 內政資訊業務
    "3708019011": 1_260,  # 交通及運輸設備
    "3708019800": 27_000,  # 第一預備金
    "6308013500": 113_343,  # 社會行政業務
}
PRINTED_AGENCY_TOTAL = 13_424_378  # 內政部 row, p.41
PRINTED_REVENUE_TOTAL = 278_856  # 歲入來源別預算表 合計
PRINTED_GRANT_TOTALS = {
    "Subsidy": 2_075_727,
    "Donation": 4_307_042,
    "Commission": 396_255,
}  # pp.147, 157, 191


# `moi_ingested` (tests/e2e/conftest.py): the book ingested once per session, shared with the MCP test.


def _thousands(value: object) -> int:
    return int(Decimal(str(value)) / 1000)


def test_the_book_loads_with_no_unexplained_reconciliation_failure(
    moi_ingested: tuple[Path, IngestResult],
) -> None:
    _, result = moi_ingested
    assert result.ok, result.error
    assert result.checks.get("fail", 0) == 0
    assert result.checks["pass"] > 1000
    assert result.search is not None and result.search.get("chunks", 0) > 500


def test_work_plans_in_the_graph_are_the_printed_ones(moi_ingested: tuple[Path, IngestResult]) -> None:
    data_dir, _ = moi_ingested
    with open_store(data_dir, read_only=True) as store:
        rows = store.select(
            f"SELECT ?code ?amount WHERE {{ ?p a bud:WorkPlan ; bud:inBook {BOOK} ; bud:code ?code ; bud:amount ?amount }}"
        )
    found = {str(r["code"]): _thousands(r["amount"]) for r in rows}
    assert found == PRINTED_WORK_PLANS
    assert sum(found.values()) == PRINTED_AGENCY_TOTAL


def test_revenue_and_grant_totals_are_the_printed_ones(moi_ingested: tuple[Path, IngestResult]) -> None:
    data_dir, _ = moi_ingested
    with open_store(data_dir, read_only=True) as store:
        revenue = store.select(
            f"SELECT (SUM(?a) AS ?total) WHERE {{ ?r a bud:RevenueItem ; bud:inBook {BOOK} ; bud:amount ?a }}"
        )
        grants = {
            kind: store.select(
                f"SELECT (SUM(?a) AS ?total) WHERE {{ ?g a bud:{kind} ; bud:inBook {BOOK} ; bud:amount ?a }}"
            )[0]["total"]
            for kind in PRINTED_GRANT_TOTALS
        }
    assert _thousands(revenue[0]["total"]) == PRINTED_REVENUE_TOTAL
    assert {kind: _thousands(total) for kind, total in grants.items()} == PRINTED_GRANT_TOTALS


def test_resolutions_and_letters_are_in_the_graph(moi_ingested: tuple[Path, IngestResult]) -> None:
    data_dir, _ = moi_ingested
    with open_store(data_dir, read_only=True) as store:
        counts = store.select(
            f"""SELECT (COUNT(DISTINCT ?r) AS ?resolutions) (COUNT(DISTINCT ?l) AS ?letters) WHERE {{
                  {{ ?r a bud:Resolution ; bud:inBook {BOOK} }} UNION {{ ?l a bud:OfficialLetter }} }}"""
        )[0]
    # 立法院審議…辦理情形報告表 (pp.199–287): 通案決議 一…二十二, 內政部部分 一…七十五, 主計總處部分 (四十六).
    assert int(str(counts["resolutions"])) == 22 + 75 + 1
    assert int(str(counts["letters"])) >= 60


def test_its_narrative_is_searchable_with_pages(moi_ingested: tuple[Path, IngestResult]) -> None:
    data_dir, _ = moi_ingested
    hits = search(data_dir, "替代役役男的訓練與管理經費", k=5)
    assert hits, "no hits"
    assert all(h.document == "moi-114-unit-budget.pdf" for h in hits)
    assert all(h.page is not None for h in hits)
    assert any("役" in (h.label + h.text) for h in hits)
