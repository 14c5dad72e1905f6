"""Helpers for graph tests: the sample book ingested once into a store under a temporary directory."""

from __future__ import annotations

from pathlib import Path

from api.pipeline import IngestResult, ingest_books
from graph.store import Store, open_store
from graph.synthetic import as_another_book  # noqa: F401 - re-exported for the tests
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
