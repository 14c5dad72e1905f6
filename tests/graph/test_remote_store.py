"""A SPARQL server as the store (graph.remote): the Oxigraph server from PyPI, started on a free
loopback port, holds the sample book and answers every competency query as the embedded store does;
a book's graph is replaced in one Graph Store Protocol request, all or nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from graph.mapping import book_triples
from graph.mapping_base import BookScope
from graph.namespaces import ONTOLOGY_GRAPH, shared_graph
from graph.remote import RemoteStore
from graph.sparql import QueryError
from graph.store import OxigraphStore, Store, StoreError, open_store
from graph.validate import ontology_triples
from ingest.book import ParsedBook
from tests.graph.sample_store import QUERIES
from tests.graph.test_memory_store_answers_like_oxigraph import normalised

TEST_GRAPH = "https://budgetkg.tw/id/book/test/114"
S, P = URIRef("https://budgetkg.tw/id/x"), URIRef("https://budgetkg.tw/ontology#p")


def _clear(store: Store) -> None:
    for graph in store.graphs():
        store.remove_graph(graph)


@pytest.fixture(scope="module")
def stores(sample_book: ParsedBook, oxigraph_server: str) -> Iterator[tuple[Store, Store]]:
    triples = list(book_triples(sample_book))
    graph = str(BookScope.of(sample_book.records).book)
    remote = RemoteStore(oxigraph_server)
    _clear(remote)
    pair: tuple[Store, Store] = (OxigraphStore(), remote)
    for store in pair:
        store.replace_graph(ONTOLOGY_GRAPH, ontology_triples())
        assert store.replace_graph(graph, triples) == len(set(triples))
    yield pair
    _clear(remote)
    pair[0].close()


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: Path(p).stem)
def test_same_answers_as_the_embedded_store(stores: tuple[Store, Store], path: Path) -> None:
    query = path.read_text(encoding="utf-8")
    embedded, remote = stores
    expected = normalised(embedded.select(query))
    assert expected, f"{path.stem} answers nothing on the sample"
    assert normalised(remote.select(query)) == expected


def test_graphs_counts_and_exports_match(stores: tuple[Store, Store]) -> None:
    embedded, remote = stores
    assert remote.graphs() == embedded.graphs()
    assert remote.triple_count() == embedded.triple_count() > 20_000
    book = embedded.book_graphs()[0]
    assert sorted(remote.quads(book)) == sorted(embedded.quads(book))
    assert remote.query("ASK { ?plan a bud:WorkPlan }").boolean is True
    constructed = remote.query("CONSTRUCT { ?s a bud:WorkPlan } WHERE { ?s a bud:WorkPlan }", limit=3)
    assert len(constructed.triples) == 3 and constructed.truncated


def test_a_query_naming_its_graph_sees_only_that_graph(stores: tuple[Store, Store]) -> None:
    # (the embedded store's union default graph overrides FROM: it counts every graph here)
    embedded, remote = stores
    query = f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY_GRAPH}> WHERE {{ ?s ?p ?o }}"
    assert remote.select(query)[0]["n"] == embedded.triple_count(ONTOLOGY_GRAPH) < embedded.triple_count()


def test_errors_read_as_on_the_embedded_store(stores: tuple[Store, Store]) -> None:
    _, remote = stores
    with pytest.raises(QueryError, match=r"syntax error at line 1, column \d+"):
        remote.query("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryError, match="read-only"):
        remote.query(f"DELETE WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}")
    assert remote.triple_count(ONTOLOGY_GRAPH) > 0


def test_replacing_a_graph_is_one_request_and_all_or_nothing(oxigraph_server: str) -> None:
    store = RemoteStore(oxigraph_server)
    assert store.replace_graph(TEST_GRAPH, [(S, P, Literal("old"))], shared=[(S, P, Literal("s"))]) == 1
    assert store.replace_graph(TEST_GRAPH, [(S, P, Literal("new")), (S, P, Literal("newer"))]) == 2
    with pytest.raises(StoreError, match="unchanged"):
        store.replace_graph(TEST_GRAPH, [(S, P, Literal("bad")), (S, P, URIRef("not an IRI"))])
    rows = store.select(f"SELECT ?o WHERE {{ GRAPH <{TEST_GRAPH}> {{ ?s ?p ?o }} }} ORDER BY ?o")
    assert [r["o"] for r in rows] == ["new", "newer"]
    assert store.triple_count(shared_graph()) >= 1
    store.remove_graph(TEST_GRAPH)
    assert TEST_GRAPH not in store.graphs()
    store.remove_graph(shared_graph())


def test_read_only_refuses_writes(oxigraph_server: str) -> None:
    with pytest.raises(StoreError, match="read-only"):
        RemoteStore(oxigraph_server, read_only=True).replace_graph(TEST_GRAPH, [(S, P, Literal("x"))])


def test_the_environment_chooses_the_server(oxigraph_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("graph.store._remote_factory", None)  # as outside the tests' remote run
    monkeypatch.setenv("BUDGETKG_STORE", oxigraph_server)
    with open_store(Path("/nonexistent/data"), read_only=True) as store:
        assert isinstance(store, RemoteStore) and store.url == oxigraph_server
    monkeypatch.setenv("BUDGETKG_STORE", "/var/lib/store")
    with pytest.raises(StoreError, match="not a SPARQL server URL"):
        open_store(Path("/tmp"))


def test_an_unreachable_server_says_what_to_do() -> None:
    from tests.oxigraph_server import _free_port

    with pytest.raises(StoreError, match=r"cannot reach the SPARQL server.*start it"):
        RemoteStore(f"http://127.0.0.1:{_free_port()}")


def test_the_cli_ingests_and_queries_through_store_url(oxigraph_server: str, tmp_path: Path) -> None:
    from ingest.resources import SAMPLE_BOOK

    cli = [sys.executable, "-m", "api.cli", "--data", str(tmp_path), "--store", oxigraph_server]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    env.pop("BUDGETKG_STORE", None)
    done = subprocess.run(
        [*cli, "ingest", "--no-search", str(SAMPLE_BOOK)], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "store").exists()  # nothing written beside the data directory's store
    answer = subprocess.run(
        [*cli, "query", "SELECT (COUNT(*) AS ?n) WHERE { ?p a bud:WorkPlan }"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert answer.returncode == 0, answer.stderr
    assert "5" in answer.stdout
    _clear(RemoteStore(oxigraph_server))


def test_a_server_with_a_union_default_graph_answers_the_same_without_the_graph_list(
    stores: tuple[Store, Store],
) -> None:
    from tests.oxigraph_server import OxigraphServer

    embedded, _ = stores
    server = OxigraphServer(None, "--union-default-graph")
    try:
        union = RemoteStore(server.url, union_default_graph=True)
        for graph in embedded.graphs():
            union.replace_graph(graph, [(s, p, o) for s, p, o, _g in embedded.quads(graph)])
        for name in ("work-plan-totals", "grants-by-kind", "resting-on-regulation"):
            query = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
            expected = normalised(embedded.select(query))
            assert expected and normalised(union.select(query)) == expected, name
    finally:
        server.stop()
