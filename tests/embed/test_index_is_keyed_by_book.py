"""The search index is keyed by the book's graph IRI: the same book under two file names (a renamed
file, an upload stored as `<stem>-<hash>`) is indexed once, and no hit appears twice."""

from __future__ import annotations

import shutil
from pathlib import Path

from api.pipeline import ingest_books
from embed.index import SearchIndex
from embed.search import search
from ingest.resources import SAMPLE_BOOK


def test_the_same_book_under_two_names_is_indexed_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    [first] = ingest_books([SAMPLE_BOOK], data_dir)
    assert first.ok and first.search is not None
    once = SearchIndex.open(data_dir)
    assert once.books() == {first.graph: first.search["chunks"]}

    uploaded = tmp_path / "uploads" / f"{SAMPLE_BOOK.stem}-3fa9c0d2b1e4.txt"
    uploaded.parent.mkdir()
    shutil.copyfile(SAMPLE_BOOK, uploaded)
    [second] = ingest_books([uploaded], data_dir)
    assert second.ok and second.graph == first.graph

    index = SearchIndex.open(data_dir)
    assert index.books() == {first.graph: first.search["chunks"]}
    assert index.size == once.size
    assert index.documents() == {uploaded.name: first.search["chunks"]}
    for question in ("補助地方政府", "立法院凍結了哪些預算", "半導體先進製程"):
        iris = [hit.iri for hit in search(data_dir, question, k=20)]
        assert iris and len(iris) == len(set(iris)), question
