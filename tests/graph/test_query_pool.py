"""The query worker pool over an on-disk store: answers like the store, sees ingests after refresh(),
honours a dataset, stops a query at its deadline and stays usable."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from graph.query_pool import Dataset, QueryPool
from graph.sparql import QueryError, QueryTimeout
from graph.store import OxigraphStore

BOOK = "https://budgetkg.tw/id/book/test/114"
OTHER = "https://budgetkg.tw/id/book/test/115"
N = URIRef("https://budgetkg.tw/ontology#n")


@pytest.fixture
def store_and_pool(tmp_path: Path) -> Iterator[tuple[OxigraphStore, QueryPool]]:
    store = OxigraphStore(tmp_path / "store")
    store.replace_graph(BOOK, [(URIRef(f"https://budgetkg.tw/id/s{i}"), N, Literal(i)) for i in range(300)])
    pool = QueryPool(tmp_path / "store", size=1, wait_s=5).start()
    yield store, pool
    pool.close()
    store.close()


def _count(pool: QueryPool, query: str = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", **kw: object) -> int:
    result = pool.query(query, timeout_s=10, limit=100, **kw)  # type: ignore[arg-type]
    return int(str(result.rows[0][0]))


def test_the_pool_answers_as_the_store(store_and_pool: tuple[OxigraphStore, QueryPool]) -> None:
    store, pool = store_and_pool
    assert pool.netless is True  # this machine allows user namespaces; docs/SECURITY.md says what if not
    assert _count(pool) == store.triple_count() == 300
    assert pool.query("ASK { ?s bud:n 299 }", timeout_s=10, limit=1).boolean is True


def test_an_ingest_is_seen_after_refresh(store_and_pool: tuple[OxigraphStore, QueryPool]) -> None:
    store, pool = store_and_pool
    assert _count(pool) == 300
    store.replace_graph(OTHER, [(URIRef("https://budgetkg.tw/id/x"), N, Literal(1))])
    pool.refresh()
    assert _count(pool) == 301
    assert _count(pool, dataset=Dataset(default_graphs=(OTHER,))) == 1
    with pytest.raises(QueryError, match="no graph"):
        _count(pool, dataset=Dataset(default_graphs=("https://budgetkg.tw/id/book/none/1",)))


def test_a_query_past_its_deadline_is_killed_and_the_pool_recovers(
    store_and_pool: tuple[OxigraphStore, QueryPool],
) -> None:
    _, pool = store_and_pool
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        pool.query(
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
            timeout_s=0.5,
            limit=1,
        )
    assert time.monotonic() - started < 3
    assert _count(pool) == 300  # a fresh worker took the killed one's place


def test_after_a_big_ingest_fresh_workers_answer_within_a_short_deadline(
    store_and_pool: tuple[OxigraphStore, QueryPool],
) -> None:
    # Readers replaying an unflushed log took seconds (past a 2 s limit: every query 503 after an upload);
    # the service flushes, then refresh() replaces the workers outside any query's deadline.
    store, pool = store_and_pool
    triples = [(URIRef(f"https://budgetkg.tw/id/y{i}"), N, Literal("x" * 40 + str(i))) for i in range(30_000)]
    store.replace_graph(OTHER, triples)
    store.flush()
    pool.refresh()
    assert pool.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout_s=2, limit=1).rows[0][
        0
    ] == Literal(30_300)
