"""Issue 18, attacks 1–4 against the running service: each is refused, the service still answers
/healthz and the store is unchanged."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from urllib.parse import quote

import httpx
import pytest

from tests.api.security.conftest import QUERY_TIMEOUT_S
from tests.api.security.live_service import Listener, LiveService, cpu_spent, tree_cpu

WORK_PLAN = "https://budgetkg.tw/id/"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _post_query(live: LiveService, query: str, timeout: float = 60) -> httpx.Response:
    with live.client(timeout=timeout) as client:
        return client.post(
            "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}
        )


# ---------------------------------------------------------------- 1. parser stack overflow


@pytest.mark.parametrize(
    "query",
    [
        "ASK " + "{" * 2_500 + "}" * 2_500,  # 5 KB: segfaulted pyoxigraph's parser
        "ASK " + "{" * 20_000 + "}" * 20_000,
        "SELECT * WHERE { FILTER(" + "(" * 3_000 + "1" + ")" * 3_000 + ") }",
        "SELECT * WHERE { ?s ?p " + "[ ?p " * 3_000 + "1" + " ]" * 3_000 + " }",
        "SELECT * WHERE { " + " ".join(f"?s{i} bud:p{i} ?o{i} ." for i in range(20_000)) + " }",  # ~400 KB
        "SELECT * WHERE { " + " UNION ".join("{ ?s ?p ?o }" for _ in range(5_000)) + " }",
        "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join("?o = 1" for _ in range(10_000)) + ") }",
    ],
    ids=[
        "2500-braces",
        "20000-braces",
        "3000-parens",
        "3000-brackets",
        "20000-patterns",
        "unions",
        "or-chain",
    ],
)
def test_oversized_or_deep_queries_get_400_and_the_process_lives(
    live: LiveService, unchanged: int, query: str
) -> None:
    response = _post_query(live, query)
    assert response.status_code == 400, response.text[:300]
    assert "BUDGETKG_QUERY_MAX" in response.json()["detail"]
    assert live.process.poll() is None


def test_reasonable_nesting_is_still_answered(live: LiveService, unchanged: int) -> None:
    # 30 levels: deeper than any hand-written query, within the guard; rdflib and Oxigraph parse it.
    query = "ASK " + "{ " * 30 + "?s a bud:WorkPlan" + " }" * 30
    response = _post_query(live, query)
    assert response.status_code == 200, response.text
    assert response.json()["boolean"] is True


# ---------------------------------------------------------------- 2. SSRF through SERVICE / FROM


def _remote_queries(port: int) -> list[tuple[str, dict[str, str]]]:
    remote = f"http://127.0.0.1:{port}/sparql"
    return [
        (f"SELECT * WHERE {{ BIND(<urn:x'> AS ?z) SERVICE <{remote}> {{ ?leak ?p ?o }} }} #'", {}),
        (f'SELECT * WHERE {{ BIND("\\"" AS ?q) SERVICE SILENT <{remote}> {{ ?leak ?p ?o }} }}', {}),
        (f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{remote}> {{ ?s ?x ?leak }} }} }} LIMIT 1", {}),
        (f"SELECT * WHERE {{ VALUES ?e {{ <{remote}> }} SERVICE ?e {{ ?leak ?p ?o }} }}", {}),
        (f"select * where {{ sErViCe <{remote}> {{ ?leak ?p ?o }} }}", {}),
        (f"SELECT * FROM <{remote}> WHERE {{ ?s ?p ?o }}", {}),
        (f"SELECT * FROM NAMED <{remote}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", {"default-graph-uri": remote}),
        ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", {"named-graph-uri": remote}),
        (f"LOAD <{remote}>", {}),
        # rdflib's parser cannot parse nested SERVICE (minutes, then RecursionError): the tokens decide
        (f"SELECT * WHERE {{ SERVICE <{remote}> {{ SERVICE <{remote}> {{ ?leak ?p ?o }} }} }}", {}),
        (f"PREFIX:<'>SELECT*WHERE{{SERVICE<{remote}>{{SERVICE<>{{:?s<'>}}", {}),
        (f"PREFIX x: <urn:x'> SELECT * WHERE {{ SERVICE <{remote}> {{ ?leak ?p ?o }} }}", {}),
    ]


def test_no_query_makes_the_service_connect_anywhere(
    live: LiveService, listener: Listener, unchanged: int
) -> None:
    with live.client() as client:
        for query, params in _remote_queries(listener.port):
            response = client.get("/sparql", params={"query": query, **params})
            assert response.status_code == 400, (query, response.text)
            assert "SSRF" not in response.text
    time.sleep(0.5)
    assert listener.connections == []


def test_query_workers_have_no_network_at_all(live: LiveService, listener: Listener) -> None:
    assert live.health()["query_workers_isolated"] is True
    # The second layer: a worker process leaves the network before it opens the store, so even a query
    # the parse tree misjudged could not connect. The same call, in a fresh process, toward the canary:
    code = (
        "import socket; from graph.query_pool import leave_network\n"
        "assert leave_network()\n"
        f"s = socket.socket(); s.settimeout(2)\n"
        f"try:\n    s.connect(('127.0.0.1', {listener.port})); print('connected')\n"
        "except OSError as e:\n    print('refused', e.errno)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("refused")
    assert listener.connections == []


# ---------------------------------------------------------------- 3. the deadline stops the work


def test_the_time_limit_stops_the_query_and_its_cpu(live: LiveService, unchanged: int) -> None:
    results: list[int] = []

    def attack() -> None:
        results.append(_post_query(live, CARTESIAN).status_code)

    attackers = [threading.Thread(target=attack) for _ in range(3)]  # one more than there are workers
    started = time.monotonic()
    for thread in attackers:
        thread.start()
    for thread in attackers:
        thread.join(60)
    assert sorted(results) == [503, 503, 503]
    assert time.monotonic() - started < QUERY_TIMEOUT_S * 4
    time.sleep(1.5)  # replacement workers start (an interpreter each) and settle
    before = tree_cpu(live.pid)
    time.sleep(3.0)
    spent = cpu_spent(before, tree_cpu(live.pid))
    # A query left running would burn ~2 cores × 3 s; an idle service spends almost nothing.
    assert spent < 0.6, f"{spent:.2f} CPU-s in the 3 s after the deadline"
    ok = _post_query(live, "ASK { ?p a bud:WorkPlan }")
    assert ok.status_code == 200 and ok.json()["boolean"] is True


# ---------------------------------------------------------------- 4. SPARQL injection


INJECTIONS = [
    "https://budgetkg.tw/id/x> ?p ?o } UNION { ?s ?p ?o } #",
    "https://budgetkg.tw/id/x> } DESCRIBE ?s WHERE { ?s a bud:WorkPlan",
    "https://budgetkg.tw/id/x> . ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } #",
    "https://budgetkg.tw/id/a b",
    "https://budgetkg.tw/id/a\x00b",
    "https://budgetkg.tw/id/a\nb",
    "https://budgetkg.tw/id/a\tb",
    'https://budgetkg.tw/id/a"b',
    "https://budgetkg.tw/id/a{b}",
    "https://budgetkg.tw/id/a\\b",
    "https://budgetkg.tw/id/a<b",
    "https://budgetkg.tw/id/a|b^c`d",
    "not an iri",
]


@pytest.mark.parametrize("iri", INJECTIONS)
def test_injected_iris_are_refused_with_4xx_never_500(live: LiveService, unchanged: int, iri: str) -> None:
    with live.client(timeout=QUERY_TIMEOUT_S * 3) as client:
        started = time.monotonic()
        answers = [
            client.get("/entity", params={"iri": iri}),
            client.get("/entity", params={"iri": iri}, headers={"Accept": "text/turtle"}),
            client.get("/entity", params={"iri": iri, "format": "jsonld"}),
            client.get("/api/entity", params={"iri": iri}),
            client.get("/api/budget-tree", params={"book": iri}),
        ]
        if iri.startswith(WORK_PLAN):
            path = quote(iri.removeprefix(WORK_PLAN), safe="")
            answers.append(client.get(f"/id/{path}", headers={"Accept": "text/turtle"}))
            answers.append(client.get(f"/id/{path}", headers={"Accept": "application/ld+json"}))
        elapsed = time.monotonic() - started
    for response in answers:
        assert response.status_code in {400, 404, 422}, (response.request.url, response.status_code)
        # no other entity's data came back: only the short refusal (which may quote the input)
        assert "@prefix" not in response.text and "amount" not in response.text
        assert len(response.text) < 600
    assert elapsed < QUERY_TIMEOUT_S * 2  # refused before any query ran


def test_id_with_a_nul_is_404(live: LiveService) -> None:
    with live.client() as client:
        assert client.get("/id/%00").status_code == 404
        assert client.get("/id/%00", headers={"Accept": "text/turtle"}).status_code == 404


def test_real_entities_still_dereference(live: LiveService) -> None:
    with live.client() as client:
        rows = client.get(
            "/sparql", params={"query": "SELECT ?p WHERE { ?p a bud:WorkPlan } ORDER BY ?p LIMIT 1"}
        ).json()["results"]["bindings"]
        iri = rows[0]["p"]["value"]
        turtle = client.get("/id/" + iri.removeprefix(WORK_PLAN), headers={"Accept": "text/turtle"})
        assert turtle.status_code == 200 and "WorkPlan" in turtle.text
        assert client.get("/api/entity", params={"iri": iri}).json()["iri"] == iri
        book = client.get("/api/books").json()[0]["iri"]
        tree = client.get("/api/budget-tree", params={"book": book})
        assert tree.status_code == 200 and tree.json()["children"]
