"""The query interface: updates and remote access refused, syntax errors located, time and size bounded."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from rdflib import Literal, URIRef

from graph.sparql import QueryError, QueryTimeout, check_query
from graph.store import MemoryStore, OxigraphStore, Store

S = URIRef("https://budgetkg.tw/id/s")
GRAPH = "https://budgetkg.tw/id/book/test/114"


@pytest.fixture(params=["oxigraph", "memory"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    made: Store = OxigraphStore() if request.param == "oxigraph" else MemoryStore()
    made.replace_graph(
        GRAPH, [(URIRef(f"{S}{i}"), URIRef("https://budgetkg.tw/ontology#n"), Literal(i)) for i in range(300)]
    )
    yield made
    made.close()


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "PREFIX x: <http://x/>\nDELETE { ?s ?p ?o } INSERT { ?s x:q ?o } WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <https://budgetkg.tw/id/book/test/114>",
        "COPY DEFAULT TO <http://x/g>",
    ],
)
def test_updates_are_refused_and_change_nothing(store: Store, update: str) -> None:
    with pytest.raises(QueryError, match="read-only"):
        store.query(update)
    assert store.triple_count(GRAPH) == 300


def test_federation_and_foreign_datasets_are_refused() -> None:
    with pytest.raises(QueryError, match="SERVICE"):
        check_query("SELECT * WHERE { SERVICE <http://dbpedia.org/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match=re.escape("FROM <http://example.org/g>")):
        check_query("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }")
    check_query(f"SELECT * FROM <{GRAPH}> WHERE {{ ?s ?p ?o }}")


def test_update_words_inside_names_strings_and_iris_are_fine() -> None:
    check_query(
        'SELECT ?add ?delete WHERE { ?add <http://x/insert> "DROP the CLEAR LOAD" . ?add bud:load ?delete } # INSERT'
    )


def test_syntax_errors_say_where(store: Store) -> None:
    query = "SELECT ?s\nWHERE {\n  ?s ?p ?o\n  OPTINAL { ?s ?p ?o }\n}"
    with pytest.raises(QueryError) as caught:
        store.query(query)
    assert caught.value.line == 4
    assert "line 4" in str(caught.value)
    assert "OPTINAL { ?s ?p ?o }" in str(caught.value)  # the offending line is quoted


def test_prefixes_are_pre_bound_and_redeclaring_them_is_allowed(store: Store) -> None:
    assert len(store.select("SELECT ?s WHERE { ?s bud:n ?o }")) == 300
    redeclared = (
        "PREFIX bud: <https://budgetkg.tw/ontology#>\nSELECT ?s WHERE { ?s bud:n ?o FILTER(?o < 10) }"
    )
    assert len(store.select(redeclared)) == 10


def test_results_are_capped(store: Store) -> None:
    result = store.query("SELECT ?s WHERE { ?s ?p ?o }", limit=7)
    assert len(result.rows) == 7 and result.truncated


def test_a_long_query_times_out(store: Store) -> None:
    # 300³ = 27 million solutions: far beyond the deadline on any machine, streamed so the worker stops.
    with pytest.raises(QueryTimeout):
        store.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout_s=0.3, limit=10**9)


def test_select_gives_python_values(store: Store) -> None:
    [row] = store.select("SELECT (SUM(?o) AS ?total) (COUNT(?s) AS ?n) WHERE { ?s bud:n ?o }")
    assert row == {"total": sum(range(300)), "n": 300}
