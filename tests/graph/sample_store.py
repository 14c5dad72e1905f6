"""Helpers for graph tests: the sample book ingested once into a store under a temporary directory."""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef
from rdflib.term import Node

from api.pipeline import IngestResult, ingest_books
from graph.iris import is_ours, segment
from graph.mapping import BookScope, Triple
from graph.store import Store, open_store
from ingest.resources import ONTOLOGY_DIR, SAMPLE_BOOK

QUERIES = ONTOLOGY_DIR / "queries"
THOUSAND = 1000  # the book prints 千元; the graph holds 元


def ingest_sample(data_dir: Path) -> IngestResult:
    [result] = ingest_books([SAMPLE_BOOK], data_dir, index_search=False)
    assert result.ok, result.error
    return result


def sample_store(data_dir: Path) -> Store:
    ingest_sample(data_dir)
    return open_store(data_dir)


def query_text(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def as_another_book(triples: list[Triple], scope: BookScope, tag: str) -> tuple[str, list[Triple]]:
    """The same triples as if another agency had published the book: its own IRIs, shared nodes kept."""
    agency, document = segment(scope.agency), segment(scope.document)

    def move(term: Node) -> Node:
        if isinstance(term, URIRef) and is_ours(str(term)):
            text = (
                str(term)
                .replace(f"/{agency}/", f"/{agency}{tag}/")
                .replace(f"/{document}/", f"/{tag}{document}/")
            )
            text = text.replace(f"/agency/{agency}", f"/agency/{agency}{tag}")
            return URIRef(text)
        return term

    graph = str(move(scope.book))
    return graph, [(move(s), move(p), move(o)) for s, p, o in triples]
