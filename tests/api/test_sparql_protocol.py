"""The /sparql endpoint follows the SPARQL 1.1 Protocol, negotiates formats and is read-only."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

WORK_PLANS = (
    "SELECT ?code ?amount WHERE { ?p a bud:WorkPlan ; bud:code ?code ; bud:amount ?amount } ORDER BY ?code"
)
# 歲出機關別預算表 (p.27): the five work plans of 經濟部產業發展署, 千元.
PRINTED_WORK_PLANS = {
    "5226102200": 12_111_581,
    "5726100100": 383_155,
    "5726102000": 363_335,
    "5726108110": 678_000,
    "5726109800": 3_000,
}


def _work_plans_from_json(body: dict) -> dict[str, int]:
    return {
        b["code"]["value"]: int(Decimal(b["amount"]["value"]) / 1000) for b in body["results"]["bindings"]
    }


def test_get_query_returns_sparql_json_with_the_printed_work_plan_totals(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": WORK_PLANS})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert _work_plans_from_json(response.json()) == PRINTED_WORK_PLANS


def test_post_form_and_post_query_body_give_the_same_answer(client: TestClient) -> None:
    form = client.post("/sparql", data={"query": WORK_PLANS})
    direct = client.post("/sparql", content=WORK_PLANS, headers={"Content-Type": "application/sparql-query"})
    assert form.status_code == direct.status_code == 200
    assert _work_plans_from_json(form.json()) == _work_plans_from_json(direct.json()) == PRINTED_WORK_PLANS


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+json", "application/sparql-results+json"),
    ],
)
def test_select_results_are_negotiated(client: TestClient, accept: str, media: str) -> None:
    response = client.get("/sparql", params={"query": WORK_PLANS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    text = response.text
    if media.endswith("xml"):
        ns = {"s": "http://www.w3.org/2005/sparql-results#"}
        results = ElementTree.fromstring(text).findall(".//s:result", ns)
        assert len(results) == len(PRINTED_WORK_PLANS)
    elif media == "text/csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert {r["code"]: int(Decimal(r["amount"]) / 1000) for r in rows} == PRINTED_WORK_PLANS
    elif media == "text/tab-separated-values":
        lines = text.strip().splitlines()
        assert lines[0].split("\t") == ["?code", "?amount"]
        assert len(lines) == 1 + len(PRINTED_WORK_PLANS)
    else:
        assert _work_plans_from_json(json.loads(text)) == PRINTED_WORK_PLANS


def test_ask_answers_a_boolean(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": 'ASK { ?p bud:code "5226102200" }'})
    assert response.json()["boolean"] is True


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")],
)
def test_construct_results_are_graphs_in_the_negotiated_syntax(
    client: TestClient, accept: str, rdflib_format: str
) -> None:
    query = "CONSTRUCT { ?p bud:amount ?a } WHERE { ?p a bud:WorkPlan ; bud:amount ?a }"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=response.text, format=rdflib_format)
    assert len(graph) == len(PRINTED_WORK_PLANS)


def _triples(client: TestClient) -> int:
    return int(client.get("/healthz").json()["triples"])


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {
            "content": 'INSERT DATA { <urn:a> <urn:b> "c" }',
            "headers": {"Content-Type": "application/sparql-query"},
        },
        {"content": "DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
        {"data": {"update": "CLEAR ALL"}},
        {"data": {"query": "DELETE WHERE { ?s ?p ?o }"}},
    ],
)
def test_updates_are_refused_and_the_store_is_unchanged(client: TestClient, request_kwargs: dict) -> None:
    before = _triples(client)
    response = client.post("/sparql", **request_kwargs)
    assert response.status_code == 400
    assert "read-only" in response.json()["detail"] or "not allowed" in response.json()["detail"]
    assert _triples(client) == before


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <https://example.org/graph> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "LOAD <http://example.org/data.ttl>",
    ],
)
def test_queries_that_would_fetch_remote_data_are_refused(client: TestClient, query: str) -> None:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400


def test_a_syntax_error_says_where(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert "line 1" in response.json()["detail"]


def test_an_expensive_query_hits_the_time_limit(client: TestClient) -> None:
    # Four-way cross product of ~20k triples: far beyond the 2 s limit set for the tests.
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 503
    assert "limit" in response.json()["detail"]


def test_get_without_a_query_explains_itself(client: TestClient) -> None:
    response = client.get("/sparql")
    assert response.status_code == 400
    assert "query" in response.json()["detail"]
