"""Search over the national tables' 說明 notes (every work plan, agency and revenue row of every year).

Each note becomes chunks (the books' windows, `embed.chunks.split_text`) on its year entity, with the year
and the agency's full name for the search filters. Repeated notes are indexed once: within a file the same
text on the same entity, and boilerplate that says nothing to search for (仍照上年度預算數編列。) is dropped.
The notes are indexed for keyword search; their dense vectors are encoded only when asked
(`embed_vectors=True`): 30,000 notes × ≈0.15 s a passage on this machine's CPU is hours, so by default
they get zero vectors, which the dense ranking leaves out (embed.search drops score-0 hits).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from embed.chunks import Chunk, clean, split_text
from embed.embedders import Embedder, get_embedder
from embed.index import SearchIndex

_CJK = re.compile(r"[\u4e00-\u9fff]")
MIN_CJK = 12


def note_chunks(
    notes: list[tuple[Any, str, str, str, int, str, Any]], document: str, table: str
) -> list[Chunk]:
    chunks: list[Chunk] = []
    seen: set[tuple[str, str]] = set()
    for iri, kind, label, agency, year, note, provenance in notes:
        text = clean(note)
        if len(_CJK.findall(text)) < MIN_CJK:
            continue
        prefix = f"{year}年度 {agency} {label}："
        for part in split_text(text):
            key = (str(iri), part)
            if key in seen:
                continue
            seen.add(key)
            chunks.append(
                Chunk(
                    text=prefix + part,
                    iri=str(iri),
                    type=kind,
                    label=label,
                    document=document,
                    page=getattr(provenance, "row", None),
                    roc_year=year,
                    agency=agency,
                    section=table,
                )
            )
    return chunks


def index_national_chunks(
    data_dir: Path,
    document: str,
    chunks: list[Chunk],
    *,
    embedder: Embedder | None = None,
    embed_vectors: bool = False,
) -> dict[str, Any]:
    index = SearchIndex.open(data_dir)
    if embed_vectors or not index.model:
        embedder = embedder or get_embedder()
    if embed_vectors and embedder is not None:
        from embed.pipeline import index_chunks

        return index_chunks(data_dir, document, chunks, embedder=embedder)
    model = index.model or (embedder.name if embedder else "")
    dim = index.dim or (embedder.dim if embedder else 1)
    vectors = np.zeros((len(chunks), dim), dtype=np.float32)
    index.replace_document(document, chunks, vectors, model)
    index.save()
    return {
        "document": document,
        "chunks": len(chunks),
        "encoded": 0,
        "total_chunks": index.size,
        "model": model,
    }
