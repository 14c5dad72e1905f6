"""The query-side cases of the W3C SPARQL 1.1 Protocol test suite (manifest names kept), against the
service. The suite's own data lives on the web; here each case runs over this store's graphs (the
ontology graph and the sample book's), which is what a read-only endpoint can be tested on offline.
Update cases do not apply: every update is refused (tests/api/test_sparql_protocol.py)."""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from graph.namespaces import ONTOLOGY_GRAPH

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}


def _n(response) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def graphs(client: TestClient) -> Iterator[dict[str, int]]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    rows = client.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    yield {r["g"]["value"]: int(r["n"]["value"]) for r in rows}


def _book(graphs: dict[str, int]) -> str:
    return next(g for g in graphs if "/book/" in g)


def test_query_get(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "ASK {}"})
    assert response.status_code == 200 and response.json()["boolean"] is True


def test_query_post_form(client: TestClient) -> None:
    response = client.post("/sparql", content="query=ASK%20%7B%7D", headers=FORM)
    assert response.status_code == 200 and response.json()["boolean"] is True


def test_query_post_direct(client: TestClient) -> None:
    response = client.post("/sparql", content="ASK {}", headers=DIRECT)
    assert response.status_code == 200 and response.json()["boolean"] is True


def test_query_dataset_default_graph(client: TestClient, graphs: dict[str, int]) -> None:
    response = client.get("/sparql", params={"query": COUNT, "default-graph-uri": ONTOLOGY_GRAPH})
    assert _n(response) == graphs[ONTOLOGY_GRAPH]


def test_query_dataset_default_graphs_get_and_post(client: TestClient, graphs: dict[str, int]) -> None:
    both = [("query", COUNT), ("default-graph-uri", ONTOLOGY_GRAPH), ("default-graph-uri", _book(graphs))]
    # the default graph is the merge of both (they share no triple)
    expected = graphs[ONTOLOGY_GRAPH] + graphs[_book(graphs)]
    assert _n(client.get("/sparql", params=both)) == expected
    form = {"query": COUNT, "default-graph-uri": [ONTOLOGY_GRAPH, _book(graphs)]}
    assert _n(client.post("/sparql", data=form)) == expected


def test_query_dataset_named_graphs(client: TestClient, graphs: dict[str, int]) -> None:
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    named = [("query", query), ("named-graph-uri", ONTOLOGY_GRAPH), ("named-graph-uri", _book(graphs))]
    assert _n(client.get("/sparql", params=named)) == 2
    form = {"query": query, "named-graph-uri": [ONTOLOGY_GRAPH, _book(graphs)]}
    assert _n(client.post("/sparql", data=form)) == 2


def test_query_dataset_full(client: TestClient, graphs: dict[str, int]) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    params = [("query", query), ("default-graph-uri", ONTOLOGY_GRAPH), ("named-graph-uri", _book(graphs))]
    assert _n(client.get("/sparql", params=params)) == graphs[ONTOLOGY_GRAPH] + graphs[_book(graphs)]


def test_query_multiple_dataset(client: TestClient, graphs: dict[str, int]) -> None:
    # The protocol's dataset replaces the query's FROM.
    query = f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY_GRAPH}> WHERE {{ ?s ?p ?o }}"
    response = client.get("/sparql", params={"query": query, "default-graph-uri": _book(graphs)})
    assert _n(response) == graphs[_book(graphs)]


@pytest.mark.parametrize(
    ("query", "accept", "media"),
    [
        (
            "SELECT ?s WHERE { ?s a bud:WorkPlan }",
            "application/sparql-results+xml, application/sparql-results+json;q=0.9",
            "application/sparql-results+xml",
        ),
        (
            "ASK { ?s a bud:WorkPlan }",
            "application/sparql-results+json, application/sparql-results+xml;q=0.5",
            "application/sparql-results+json",
        ),
        (
            "DESCRIBE ?s WHERE { ?s a bud:WorkPlan } LIMIT 1",
            "application/rdf+xml, text/turtle;q=0.5",
            "application/rdf+xml",
        ),
        (
            "CONSTRUCT { ?s a bud:WorkPlan } WHERE { ?s a bud:WorkPlan }",
            "text/turtle, application/rdf+xml;q=0.5",
            "text/turtle",
        ),
    ],
    ids=[
        "query_content_type_select",
        "query_content_type_ask",
        "query_content_type_describe",
        "query_content_type_construct",
    ],
)
def test_query_content_type(client: TestClient, query: str, accept: str, media: str) -> None:
    response = client.post("/sparql", content=query, headers={**DIRECT, "Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    if media == "application/sparql-results+xml":
        ElementTree.fromstring(response.text)
    elif media in {"application/rdf+xml", "text/turtle"}:
        assert len(Graph().parse(data=response.text, format="xml" if "xml" in media else "turtle")) > 0


def test_bad_query_method(client: TestClient) -> None:
    assert client.put("/sparql", content="ASK {}", headers=DIRECT).status_code in {400, 405}


def test_bad_multiple_queries(client: TestClient) -> None:
    assert client.get("/sparql", params=[("query", "ASK {}"), ("query", "SELECT * {}")]).status_code == 400


def test_bad_query_wrong_media_type(client: TestClient) -> None:
    assert client.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"}).status_code in {
        400,
        415,
    }


def test_bad_query_missing_form_type(client: TestClient) -> None:
    response = client.post("/sparql", content="query=ASK%20%7B%7D", headers={"Content-Type": ""})
    assert response.status_code in {400, 415}


def test_bad_query_missing_direct_type(client: TestClient) -> None:
    assert client.post("/sparql", content="ASK {}", headers={"Content-Type": ""}).status_code in {400, 415}


def test_bad_query_non_utf8(client: TestClient) -> None:
    body = 'ASK { ?s ?p "é" }'.encode("utf-16")
    response = client.post(
        "/sparql", content=body, headers={"Content-Type": "application/sparql-query; charset=UTF-16"}
    )
    assert response.status_code in {400, 415}
    latin = 'ASK { ?s ?p "é" }'.encode("latin-1")  # labelled UTF-8, but is not
    assert client.post("/sparql", content=latin, headers=DIRECT).status_code == 400


def test_bad_query_syntax(client: TestClient) -> None:
    assert client.get("/sparql", params={"query": "ASK {"}).status_code == 400
