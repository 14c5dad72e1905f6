"""Ingesting: re-ingesting replaces a book's graph exactly; a failing book leaves the store as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

import api.pipeline as pipeline
from api.pipeline import IngestResult, ingest_books
from graph.mapping import Triple
from graph.namespaces import BUD, ONTOLOGY_GRAPH, shared_graph
from graph.store import OxigraphStore, StoreError, open_store
from ingest.book import ParsedBook
from ingest.resources import SAMPLE_BOOK
from tests.graph.sample_store import ingest_sample


def counts(data_dir: Path) -> dict[str, int]:
    with open_store(data_dir) as store:
        return {g: store.triple_count(g) for g in store.graphs()}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, IngestResult]:
    directory = tmp_path_factory.mktemp("ingested")
    return directory, ingest_sample(directory)


@pytest.fixture
def data_dir(ingested: tuple[Path, IngestResult], tmp_path: Path) -> Path:
    """A private copy of a data directory holding the ingested sample."""
    copy = tmp_path / "data"
    shutil.copytree(ingested[0], copy)
    return copy


def test_reingesting_gives_the_same_graph(ingested: tuple[Path, IngestResult], data_dir: Path) -> None:
    first = ingested[1]
    before = counts(data_dir)
    second = ingest_sample(data_dir)
    assert second.triples == first.triples > 10_000
    assert counts(data_dir) == before
    assert set(before) == {first.graph, ONTOLOGY_GRAPH, shared_graph()}


def test_a_file_that_is_not_a_book_fails_alone(data_dir: Path, tmp_path: Path) -> None:
    before = counts(data_dir)
    stray = tmp_path / "notes.md"
    stray.write_text("# Shopping list\n\n- rice\n- tea\n", encoding="utf-8")
    results = ingest_books([stray, SAMPLE_BOOK], data_dir, index_search=False)
    assert [r.ok for r in results] == [False, True]
    assert "notes.md" in results[0].error
    assert counts(data_dir) == before


def test_a_book_breaking_the_shapes_is_not_stored(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = counts(data_dir)
    real = pipeline.book_triples

    def with_a_second_amount(parsed: ParsedBook) -> list[Triple]:
        triples = list(real(parsed))
        plan = next(s for s, p, o in triples if p == BUD.code and str(o) == "5226102200")
        return [
            *triples,
            (plan, BUD.amount, Literal("1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))),
        ]

    monkeypatch.setattr(pipeline, "book_triples", with_a_second_amount)
    [result] = ingest_books([SAMPLE_BOOK], data_dir, index_search=False)
    assert not result.ok
    assert "SHACL" in result.error and any("5226102200" in v for v in result.violations)
    assert counts(data_dir) == before


def test_replace_graph_is_all_or_nothing(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    graph = "https://budgetkg.tw/id/book/test/114"
    s, p = URIRef("https://budgetkg.tw/id/x"), URIRef("https://budgetkg.tw/ontology#p")
    assert store.replace_graph(graph, [(s, p, Literal("old"))]) == 1
    with pytest.raises(StoreError, match="unchanged"):
        store.replace_graph(graph, [(s, p, Literal("new")), (s, p, URIRef("not an IRI"))])
    assert [r["o"] for r in store.select(f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")] == ["old"]
    store.close()
