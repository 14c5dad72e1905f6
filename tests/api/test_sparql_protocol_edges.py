"""SPARQL 1.1 Protocol edges (issue 18 item 7, issue 15 item 3): the dataset is honoured, TSV keeps one
row per line, formats are negotiated as clients ask for them, HEAD/OPTIONS answer, one query only."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from api.app import create_app
from api.settings import Settings
from graph.namespaces import ONTOLOGY_GRAPH

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT { ?p bud:amount ?a } WHERE { ?p a bud:WorkPlan ; bud:amount ?a }"
WORK_PLANS = 5  # 歲出機關別預算表 p.27 lists five work plans


def _count(response) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _graph_count(client: TestClient, graph: str) -> int:
    return _count(
        client.get(
            "/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"}
        )
    )


def test_from_counts_only_the_named_graph(client: TestClient) -> None:
    whole = _count(client.get("/sparql", params={"query": COUNT}))
    ontology = _graph_count(client, ONTOLOGY_GRAPH)
    query = f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY_GRAPH}> WHERE {{ ?s ?p ?o }}"
    assert 0 < ontology < whole
    assert _count(client.get("/sparql", params={"query": query})) == ontology


def test_default_graph_uri_defines_the_default_graph(client: TestClient) -> None:
    ontology = _graph_count(client, ONTOLOGY_GRAPH)
    response = client.get("/sparql", params={"query": COUNT, "default-graph-uri": ONTOLOGY_GRAPH})
    assert _count(response) == ontology
    form = client.post("/sparql", data={"query": COUNT, "default-graph-uri": ONTOLOGY_GRAPH})
    assert _count(form) == ontology


def test_named_graph_uri_limits_graph_patterns(client: TestClient) -> None:
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert _count(client.get("/sparql", params={"query": query})) > 1
    assert _count(client.get("/sparql", params={"query": query, "named-graph-uri": ONTOLOGY_GRAPH})) == 1


@pytest.mark.parametrize(
    "params",
    [
        {"query": COUNT, "default-graph-uri": "https://budgetkg.tw/id/book/none/999"},
        {"query": COUNT, "named-graph-uri": "http://example.org/elsewhere"},
        {"query": "SELECT (COUNT(*) AS ?n) FROM <https://budgetkg.tw/id/book/none/999> WHERE { ?s ?p ?o }"},
        {"query": COUNT, "default-graph-uri": "not an iri"},
    ],
)
def test_graphs_the_store_lacks_are_400(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/sparql", params=params)
    assert response.status_code == 400
    assert "graph" in response.json()["detail"]


def test_two_query_parameters_are_400(client: TestClient) -> None:
    # W3C protocol test bad_multiple_queries
    assert client.get("/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D").status_code == 400
    assert (
        client.post(
            "/sparql",
            content="query=ASK%20%7B%7D&query=ASK%20%7B%7D",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/sparql?query=ASK%20%7B%7D",
            content="ASK {}",
            headers={"Content-Type": "application/sparql-query"},
        ).status_code
        == 400
    )


def test_tsv_escapes_tabs_and_line_breaks_in_literals(client: TestClient) -> None:
    query = 'SELECT ?x ?y WHERE { BIND("a\\tb\\nc\\rd \\"q\\" \\\\" AS ?x) BIND(2 AS ?y) }'
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "text/tab-separated-values"})
    assert response.status_code == 200
    lines = response.text.rstrip("\n").split("\n")
    assert len(lines) == 2
    cells = lines[1].split("\t")
    assert cells[0] == '"a\\tb\\nc\\rd \\"q\\" \\\\"'
    assert cells[1].startswith('"2"^^') or cells[1] == "2"
    # CSV quotes the same value instead (RFC 4180) and reads back whole.
    text = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"}).text
    assert next(iter(csv.DictReader(io.StringIO(text))))["x"] == 'a\tb\nc\rd "q" \\'


@pytest.mark.parametrize(
    ("accept", "media", "rdflib_format"),
    [
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("text/n3", "text/n3", "n3"),
        ("application/ld+json, application/json;q=0.5", "application/ld+json", "json-ld"),
        ("text/turtle;q=0.2, application/rdf+xml;q=0.9, */*;q=0.1", "application/rdf+xml", "xml"),
        ("application/xml", "application/rdf+xml", "xml"),
        ("text/turtle;q=0, application/n-triples", "application/n-triples", "nt"),
    ],
)
def test_graph_results_honour_accept_lists_and_q_values(
    client: TestClient, accept: str, media: str, rdflib_format: str
) -> None:
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert len(Graph().parse(data=response.text, format=rdflib_format)) == WORK_PLANS


@pytest.mark.parametrize(
    ("value", "media"),
    [
        ("json-ld", "application/ld+json"),
        ("n3", "text/n3"),
        ("turtle", "text/turtle"),
        ("rdf+xml", "application/rdf+xml"),
        ("xml", "application/rdf+xml"),
        ("json", "application/ld+json"),
    ],
)
def test_sparqlwrapper_format_values_work_for_graphs(client: TestClient, value: str, media: str) -> None:
    # SPARQLWrapper sends format=, output= and results= with the same value, and an Accept list.
    params = {"query": CONSTRUCT, "format": value, "output": value, "results": value}
    response = client.get("/sparql", params=params, headers={"Accept": "*/*"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)


def test_a_graph_format_asked_for_a_select_falls_back_to_accept(client: TestClient) -> None:
    response = client.get(
        "/sparql",
        params={"query": "SELECT ?p WHERE { ?p a bud:WorkPlan }", "format": "json-ld"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    assert client.get("/sparql", params={"query": "ASK {}", "format": "png"}).status_code == 406


def test_head_and_options_are_answered(client: TestClient) -> None:
    head = client.head("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"].startswith("application/sparql-results+json")
    assert client.head("/healthz").status_code == 200
    options = client.options("/sparql")
    assert options.status_code == 204
    assert {"GET", "POST", "HEAD", "OPTIONS"} <= {m.strip() for m in options.headers["allow"].split(",")}


def test_id_with_a_nul_or_a_space_is_404(client: TestClient) -> None:
    assert client.get("/id/%00").status_code == 404
    assert client.get("/id/a%20b", headers={"Accept": "text/turtle"}).status_code == 404
    assert client.get("/entity", params={"iri": "x>"}).status_code == 400


class _Body:
    """A request body that counts how much of it the server pulled."""

    def __init__(self, chunks: int) -> None:
        self.pulled = 0
        self.chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(self.chunks):
            self.pulled += 1
            yield b"\0" * 65536


@pytest.fixture
def uploads_disabled(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(
        create_app(replace(settings, upload_token="", data_dir=tmp_path, query_workers=0))
    ) as other:
        yield other


def test_disabled_uploads_say_403_without_reading_the_body(uploads_disabled: TestClient) -> None:
    body = _Body(chunks=1_000)  # 64 MB if read to the end
    response = uploads_disabled.post(
        "/documents", content=body, headers={"Content-Type": "multipart/form-data; boundary=x"}
    )
    assert response.status_code == 403
    assert body.pulled <= 2


def test_no_token_is_401_before_the_body_is_validated(client: TestClient) -> None:
    # issue 15 item 4: no multipart file field at all, still 401 (not 422)
    assert client.post("/documents", json={"not": "a file"}).status_code == 401
    body = _Body(chunks=1_000)
    response = client.post(
        "/documents", content=body, headers={"Content-Type": "multipart/form-data; boundary=x"}
    )
    assert response.status_code == 401
    assert body.pulled <= 2
