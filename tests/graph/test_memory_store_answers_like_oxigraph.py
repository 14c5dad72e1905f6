"""The rdflib MemoryStore and the default Oxigraph store give the same answers to every competency query."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from graph.mapping import book_triples
from graph.mapping_base import BookScope
from graph.namespaces import ONTOLOGY_GRAPH
from graph.store import MemoryStore, OxigraphStore, Store
from graph.validate import ontology_triples
from ingest.book import ParsedBook
from tests.graph.sample_store import QUERIES


@pytest.fixture(scope="module")
def stores(sample_book: ParsedBook) -> Iterator[tuple[Store, Store]]:
    triples = list(book_triples(sample_book))
    graph = str(BookScope.of(sample_book.records).book)
    pair: tuple[Store, Store] = (OxigraphStore(), MemoryStore())
    for store in pair:
        store.replace_graph(ONTOLOGY_GRAPH, ontology_triples())
        assert store.replace_graph(graph, triples) == len(set(triples))
    yield pair
    for store in pair:
        store.close()


def normalised(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
    def value(v: object) -> object:
        if isinstance(v, str) and " / " in v:  # GROUP_CONCAT order is up to the engine
            return " / ".join(sorted(v.split(" / ")))
        return Decimal(v) if isinstance(v, int | Decimal) and not isinstance(v, bool) else v

    return sorted(
        (tuple(sorted((k, value(v)) for k, v in r.items() if v is not None)) for r in rows), key=repr
    )


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: Path(p).stem)
def test_same_answers(stores: tuple[Store, Store], path: Path) -> None:
    query = path.read_text(encoding="utf-8")
    oxigraph, memory = stores
    assert normalised(oxigraph.select(query)) == normalised(memory.select(query))
