"""「內政部114年補助地方政府多少錢？依據哪些法規？」 asked through MCP: an SDK client session over stdio on the
ingested 392-page 內政部 book gets tool results holding the printed 補助 total, the local-government share
and the regulations the book cites for those subsidies, each with its page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from api.pipeline import IngestResult
from tests.api.mcp_client import call_tools

PRINTED_SUBSIDY_TOTAL = "2,075,727"  # 補助經費分析表 合計, p.147 (千元)
# The same table's rows by recipient class [n] (千元): 直轄市 + 縣市 are the local governments.
PRINTED_LOCAL_GOVERNMENTS = {"補助直轄市政府": "1,007,526", "補助各縣市政府": "1,067,921"}
PRINTED_LOCAL_TOTAL = "2,075,447"
# 歲出計畫提要 of 役政業務, p.100: 「5.依據「軍人公墓籌建及管理辦法」補助地方政府辦理軍人公墓管理…」 and
# 「(6)補助各直轄市、縣(市)政府辦理替代役役男入營輸送作業費…」 under 替代役役男權利實施辦法.
CITED_FOR_LOCAL_SUBSIDIES = {"軍人公墓籌建及管理辦法": 100, "替代役役男權利實施辦法": 100}


@pytest.fixture(scope="module")
def answers(moi_ingested: tuple[Path, IngestResult]) -> list[dict[str, Any]]:
    data_dir, result = moi_ingested
    assert result.ok, result.error
    out = call_tools(
        data_dir,
        [
            ("grants", {"agency": "內政部", "year": 114, "kind": "補助"}),
            ("grants", {"agency": "內政部", "year": 2025, "kind": "Subsidy", "recipient": "政府"}),
            ("search", {"query": "補助地方政府", "k": 5, "type": "Subsidy", "agency": "內政部"}),
        ],
    )
    assert not any(a["error"] for a in out["answers"]), [a["text"][:500] for a in out["answers"]]
    return [a["data"] for a in out["answers"]]


def test_the_printed_subsidy_total_and_the_local_government_share(answers: list[dict[str, Any]]) -> None:
    everything, local = answers[0], answers[1]
    assert everything["total_thousand"] == PRINTED_SUBSIDY_TOTAL
    by_class = {r["recipient_type"]: r["amount_thousand"] for r in everything["by_recipient_type"]}
    assert {k: by_class[k] for k in PRINTED_LOCAL_GOVERNMENTS} == PRINTED_LOCAL_GOVERNMENTS
    assert local["total_thousand"] == PRINTED_LOCAL_TOTAL
    assert [b["agency"] for b in local["books"]] == ["內政部"]


def test_the_regulations_come_with_the_sentence_and_page_that_cite_them(
    answers: list[dict[str, Any]],
) -> None:
    cited = {
        e["authority_label"]: e
        for e in answers[1]["plan_legal_basis"]
        if e["speaks_of_this_kind"] and e["relation"] == "direct"
    }
    for regulation, page in CITED_FOR_LOCAL_SUBSIDIES.items():
        assert regulation in cited, sorted(cited)
        assert cited[regulation]["page"] == page
        assert "補助" in cited[regulation]["evidence"]
    assert "軍人公墓籌建及管理辦法」補助地方政府" in cited["軍人公墓籌建及管理辦法"]["evidence"]


def test_every_row_and_hit_cites_the_pdf_page(answers: list[dict[str, Any]]) -> None:
    for row in answers[1]["rows"]:
        assert row["sources"], row
        source = row["sources"][0]
        assert source["document"] == "moi-114-unit-budget.pdf"
        # Printed 第 146–155 頁 of 補助經費分析表; the link opens the physical PDF page.
        assert 146 <= source["page"] <= 155
        assert source["href"] == f"/documents/moi-114-unit-budget.pdf#page={source['pdf_page']}"
    hits = answers[2]["hits"]
    assert hits and all(h["agency"] == "內政部" and h["sources"] for h in hits)
