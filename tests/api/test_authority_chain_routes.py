"""Delegation chains over HTTP and on entity pages (issue 12), from the service's store of the sample book."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.cli import main

IC_DESIGN = "驅動國內IC設計業者先進發展補助計畫"
# 千元 printed in the sample book: 工業管理 363,335 (p.58) + the rows citing 經濟部協助產業創新活動補助獎勵及輔導辦法
# 5,260,050 (tests/graph/test_authority.py) + rows 33-36 (研究/學術機構補助辦法) 370,724 - 9,917 (row 37)
PRINTED_INNOVATION_ACT_TOTAL = (Decimal(363_335) + Decimal(5_260_050) + Decimal(370_724 - 9_917)) * 1000


def test_authority_with_chain_matches_the_cli(
    client: TestClient, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    response = client.get("/authority", params={"subject": IC_DESIGN, "chain": "true"})
    assert response.status_code == 200
    answer = response.json()
    assert main(["--data", str(data_dir), "authority", IC_DESIGN, "--json", "--chain"]) == 0
    assert answer == json.loads(capsys.readouterr().out)
    donation = next(s for s in answer["subjects"] if s["subject"].startswith("Donation:5226102200/06/"))
    [authority] = donation["authorities"]
    [step] = authority["delegation"]
    assert (step["parent_pcode"], step["article_label"]) == ("J0040051", "第9條第2項")
    assert step["evidence"]["clause"].startswith("本辦法依產業創新條例")


def test_cited_by_route_counts_lines_through_regulations_once(client: TestClient) -> None:
    answer = client.get("/authority/cited-by", params={"statute": "產業創新條例"}).json()
    assert Decimal(answer["total"]) == PRINTED_INNOVATION_ACT_TOTAL
    assert Decimal(answer["own_total"]) == Decimal(363_335) * 1000
    rows = [r for r in answer["through_regulations"] if r["subject"].startswith("Donation:5226102200/11/")]
    assert len(rows) == 2 and sum(r["counted"] for r in rows) == 1  # two regulations, one line


def test_entity_pages_show_the_chain_and_article_text(client: TestClient) -> None:
    regulation = "https://budgetkg.tw/id/eli/tw/J0030115"
    view = client.get("/api/entity", params={"iri": regulation}).json()
    assert view["law"]["kind"] == "命令"
    [step] = view["law"]["delegation"]
    assert step["parent"] == "產業創新條例" and "補助、獎勵或輔導" in step["article_text"]
    article = client.get("/api/entity", params={"iri": "https://budgetkg.tw/id/eli/tw/J0040051/art/9"}).json()
    assert article["law"]["article_text"].startswith("各中央目的事業主管機關得以補助、獎勵或輔導方式")
    assert article["law"]["regulations_resting_on_it"] >= 3
    page = client.get("/entity", params={"iri": regulation}, headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "授權依據" in page.text and "本辦法依產業創新條例" in page.text
