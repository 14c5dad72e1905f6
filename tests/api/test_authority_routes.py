"""GET /authority and /authority/cited-by answer from the service's store, as `budgetkg authority --json` does."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.cli import main
from graph.laws import link_book
from graph.laws.authority import authority_for, cited_by, plans_of
from graph.laws.from_store import authority_json
from ingest.book import ParsedBook

IC_DESIGN = "驅動國內IC設計業者先進發展補助計畫"
INNOVATION = "經濟部協助產業創新活動補助獎勵及輔導辦法"
# Derived from printed figures (千元): 5,576,578 - 370,724 + 300 + 326 + 500 + 3,070 + 50,000 (see
# tests/graph/test_authority.py)
PRINTED_INNOVATION_TOTAL = Decimal(5_260_050) * 1000
PRINTED_ROW_06 = Decimal(1_020_500) * 1000  # 捐助 row 06 on p.80
PLAN_TYPES = {"WorkPlan", "BranchPlan", "Project", "Subsidy", "Donation", "Commission", "RevenueExplanation"}


def _cli_json(data_dir: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main(["--data", str(data_dir), "authority", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _unordered_via(answer: Any) -> Any:
    """The answer with every `via` list sorted: RDF keeps no order of the records a link was lifted through."""
    if isinstance(answer, dict):
        return {k: sorted(v) if k == "via" else _unordered_via(v) for k, v in answer.items()}
    if isinstance(answer, list):
        return [_unordered_via(v) for v in answer]
    return answer


def test_authority_route_answers_as_the_cli_and_the_records(
    client: TestClient, data_dir: Path, sample_book: ParsedBook, capsys: pytest.CaptureFixture[str]
) -> None:
    response = client.get("/authority", params={"subject": IC_DESIGN})
    assert response.status_code == 200
    answer = response.json()
    assert answer == _cli_json(data_dir, capsys, IC_DESIGN)
    plans = plans_of(sample_book.records)
    from_records = authority_json(
        IC_DESIGN, authority_for(link_book(sample_book.records), IC_DESIGN, subjects=plans)
    )
    assert _unordered_via(answer) == _unordered_via(json.loads(json.dumps(from_records)))
    donation = next(s for s in answer["subjects"] if s["subject"].startswith("Donation:5226102200/06/"))
    assert Decimal(donation["amount"]) == PRINTED_ROW_06
    [authority] = donation["authorities"]
    assert (authority["pcode"], authority["relation"], authority["evidence"]["page"]) == (
        "J0030115",
        "direct",
        80,
    )


def test_cited_by_route_lists_the_dependants_and_the_printed_total(
    client: TestClient, data_dir: Path, sample_book: ParsedBook, capsys: pytest.CaptureFixture[str]
) -> None:
    response = client.get("/authority/cited-by", params={"statute": INNOVATION})
    assert response.status_code == 200
    answer = response.json()
    assert answer == _cli_json(data_dir, capsys, "--cited-by", INNOVATION)
    assert Decimal(answer["total"]) == PRINTED_INNOVATION_TOTAL
    assert answer["totals"] == [
        {"agency": "經濟部產業發展署", "roc_year": 114, "amount": str(PRINTED_INNOVATION_TOTAL)}
    ]
    expected = cited_by(link_book(sample_book.records), INNOVATION).to_json()
    assert sorted(r["subject"] for r in answer["records"]) == sorted(
        r["subject"] for r in expected["records"]
    )
    assert sorted(r["subject"] for r in answer["inferred"]) == sorted(
        r["subject"] for r in expected["inferred"]
    )
    assert (
        client.get("/authority/cited-by", params={"statute": "J0030115"}).json()["total"] == answer["total"]
    )


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("/authority", {"subject": "不存在的計畫"}, "no plan, project or item named or coded '不存在的計畫'"),
        ("/authority/cited-by", {"statute": "不存在的條例"}, "no statute named or coded '不存在的條例'"),
    ],
)
def test_names_matching_nothing_are_404_with_a_message(
    client: TestClient, path: str, params: dict[str, str], message: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 404
    assert message in response.json()["detail"]


def test_a_blank_name_is_a_bad_request(client: TestClient) -> None:
    response = client.get("/authority", params={"subject": " "})
    assert response.status_code == 400
    assert "subject=" in response.json()["detail"]
