"""Indexing the same book again replaces its chunks and re-encodes nothing: embeddings are cached by content."""

from __future__ import annotations

from embed.index import SearchIndex
from embed.pipeline import index_book, remove_book


def test_reindexing_the_same_book_keeps_the_count_and_encodes_nothing(indexed_sample) -> None:  # type: ignore[no-untyped-def]
    data, embedder = indexed_sample.data_dir, indexed_sample.embedder
    first = indexed_sample.summary
    texts = {c.text for c in SearchIndex.open(data).chunks}
    assert first["chunks"] == first["total_chunks"] and first["encoded"] + first["cached"] == len(texts)
    calls_before = embedder.encoded

    again = index_book(data, indexed_sample.parsed, progress=None, embedder=embedder)

    assert embedder.encoded == calls_before, "cached passages must not reach the encoder"
    assert again["encoded"] == 0 and again["cached"] == len(texts)
    assert again["total_chunks"] == first["total_chunks"]
    assert SearchIndex.open(data).documents() == {"moea-ida-114-unit-budget.md": first["chunks"]}


def test_removing_a_book_empties_its_part_of_the_index(indexed_sample, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Work on a copy so the shared index stays intact for the other tests.
    import shutil

    data = tmp_path / "data"
    shutil.copytree(indexed_sample.data_dir, data)
    assert remove_book(data, "moea-ida-114-unit-budget.md") == indexed_sample.summary["chunks"]
    assert SearchIndex.open(data).size == 0
    assert remove_book(data, "moea-ida-114-unit-budget.md") == 0
