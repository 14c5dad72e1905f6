"""`budgetkg mcp` over stdio, driven by the SDK's client on the sample book: every tool answers with the
printed figures, IRIs and the page they are printed on; a write or a bad query comes back as a tool error
and changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from api.pipeline import ingest_books
from graph import iris
from graph.store import open_store
from ingest.resources import SAMPLE_BOOK
from tests.api.mcp_client import call_tools

BOOK = str(iris.book_iri("經濟部產業發展署", 114))
# 補助經費分析表, p.78 of the sample (千元): 合計 779,500; by recipient class.
PRINTED_SUBSIDY_TOTAL = "779,500"
PRINTED_BY_RECIPIENT = {"補助特種基金": "678,000", "補助直轄市政府": "60,000", "補助各縣市政府": "41,500"}
# 歲出機關別預算表 p.27: 5226102200 工業技術升級輔導 本年度 12,111,581, 上年度 10,816,507, 前年度決算 9,229,354.
PRINTED_SERIES = {114: "12,111,581", 113: "10,816,507", 112: "9,229,354"}


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data_dir = tmp_path_factory.mktemp("mcp")
    [result] = ingest_books([SAMPLE_BOOK], data_dir)
    assert result.ok, result.error
    with open_store(data_dir, read_only=True) as store:
        before = store.triple_count()
    calls: list[tuple[str, dict[str, Any]]] = [
        ("grants", {"agency": "產業發展署", "year": 114, "kind": "補助"}),
        ("search", {"query": "智慧杆產業推動", "k": 5, "type": "Subsidy", "year": 2025}),
        ("series", {"name_or_code": "5226102200"}),
        ("sparql", {"query": f"SELECT ?title WHERE {{ <{BOOK}> dcterms:title ?title }}"}),
        ("sparql", {"query": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"}),
        ("sparql", {"query": "SELECT ?x WHERE { ?x ?y"}),
        ("cited_by", {"statute": "中央對直轄市及縣(市)政府補助辦法"}),
        ("legal_authority", {"subject": "智慧杆產業推動暨城市智慧基建計畫"}),
        ("entity", {"iri": BOOK}),
        ("cited_by", {"statute": "沒有這個法律"}),
        ("review", {"line": "5226102200"}),
    ]
    out = call_tools(data_dir, calls)
    with open_store(data_dir, read_only=True) as store:
        out["triples_before"], out["triples_after"] = before, store.triple_count()
    out["data_dir"] = str(data_dir)
    return out


def _answer(answers: dict[str, Any], index: int) -> dict[str, Any]:
    answer: dict[str, Any] = answers["answers"][index]
    assert not answer["error"], answer["text"]
    return answer["data"]


def test_the_server_offers_the_analysts_tools(answers: dict[str, Any]) -> None:
    assert set(answers["tools"]) >= {
        "search",
        "sparql",
        "entity",
        "grants",
        "legal_authority",
        "cited_by",
        "series",
        "review",
    }


def test_grants_hold_the_printed_total_by_recipient_class_and_statute(answers: dict[str, Any]) -> None:
    grants = _answer(answers, 0)
    assert grants["total_thousand"] == PRINTED_SUBSIDY_TOTAL
    by_class = {r["recipient_type"]: r["amount_thousand"] for r in grants["by_recipient_type"]}
    assert by_class == PRINTED_BY_RECIPIENT
    statutes = {s["pcode"]: s for s in grants["legal_basis"]}
    assert statutes["G0320018"]["label"] == "中央對直轄市及縣（市）政府補助辦法"
    assert statutes["G0320018"]["amount_thousand"] == "100,000"  # the two 智慧杆 rows, 60,000 + 40,000
    for row in grants["rows"]:  # every row is citable: IRI, book and the printed page with its text
        assert row["iri"].startswith(iris.base_iri()) and row["book"] == BOOK
        assert any(s["page"] == 78 and s["text"] for s in row["sources"]), row


def test_search_hits_carry_iri_page_and_source(answers: dict[str, Any]) -> None:
    hits = _answer(answers, 1)["hits"]
    assert hits and all(h["type"] == "Subsidy" for h in hits)
    assert any("智慧杆" in h["label"] for h in hits)
    assert all(h["sources"] and h["sources"][0]["document"] == "moea-ida-114-unit-budget.md" for h in hits)


def test_series_gives_the_three_printed_stages(answers: dict[str, Any]) -> None:
    [line] = [x for x in _answer(answers, 2)["lines"] if x["type"] == "WorkPlan"]
    assert {p["roc_year"]: p["amount_thousand"] for p in line["points"]} == PRINTED_SERIES
    assert [p["stage"][:2] for p in line["points"]] == ["預算", "法定", "決算"]


def test_sparql_reads_and_refuses_writes_and_bad_syntax(answers: dict[str, Any]) -> None:
    assert _answer(answers, 3)["rows"] == [{"title": "經濟部產業發展署單位預算"}]
    refused, broken = answers["answers"][4], answers["answers"][5]
    assert refused["error"] and "read-only" in refused["text"]
    assert broken["error"] and "syntax error" in broken["text"]
    assert answers["triples_after"] == answers["triples_before"]


def test_legal_authority_both_ways(answers: dict[str, Any]) -> None:
    cited = _answer(answers, 6)
    assert "G0320018" in str(cited)
    authority = _answer(answers, 7)
    assert authority["subjects"] and "G0320018" in str(authority)
    assert answers["answers"][9]["error"]


def test_entity_lookup_reads_the_book(answers: dict[str, Any]) -> None:
    book = _answer(answers, 8)
    assert book["label"] == "經濟部產業發展署單位預算"
    assert "BudgetBook" in book["types"]


def test_review_gives_the_resolutions_on_a_line_with_the_frozen_amount(answers: dict[str, Any]) -> None:
    review = _answer(answers, 10)["resolutions"]
    # 113年度決議: 「工業技術升級輔導」編列 113 億 8,918 萬元，凍結該預算 1,000 萬元 (reported in the 114 book).
    frozen = [r for r in review if r["frozen_ntd"] == "10000000"]
    assert frozen and "1,000 萬元" in frozen[0]["content"]
    assert frozen[0]["resolution_roc_year"] == 113 and frozen[0]["reported_in_roc_year"] == 114
    assert any(c["label"] == "工業技術升級輔導" for c in frozen[0]["concerns"])
    assert frozen[0]["sources"] and frozen[0]["sources"][0]["page"]


def test_an_empty_data_directory_is_a_clear_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "--data", str(tmp_path / "none"), "mcp"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "ingest a book first" in done.stderr


def test_the_same_tools_over_streamable_http(answers: dict[str, Any], tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time

    import anyio
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = (tmp_path / "mcp.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "api.cli",
            "--data",
            answers["data_dir"],
            "mcp",
            "--http",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    totals: list[str] = []

    async def ask() -> None:
        url = f"http://127.0.0.1:{port}/mcp"
        async with streamable_http_client(url) as streams, ClientSession(streams[0], streams[1]) as client:
            await client.initialize()
            result = await client.call_tool("grants", {"agency": "產業發展署", "kind": "Subsidy"})
            totals.append(result.structured_content["total_thousand"])

    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "mcp.log").read_text()
                time.sleep(0.3)
        anyio.run(ask)
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()
    assert totals == [PRINTED_SUBSIDY_TOTAL]
