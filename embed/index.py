"""The search index of a data directory: chunks, their vectors (FAISS) and a keyword index.

Layout under DATA/search/: `chunks.jsonl` (row i ↔ vector i), `dense.faiss`, `meta.json` (model,
dimension, counts; written last, its change time tells other processes to reload) and
`cache.sqlite` (embeddings by content, see cache.py). Books are replaced whole: indexing a document
again drops its old chunks first, so counts never double.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from embed.chunks import Chunk
from embed.dense import DenseIndex
from embed.keyword import KeywordIndex

SEARCH_DIR = "search"
FORMAT_VERSION = 1


class SearchIndexError(Exception):
    """The search index is missing, unreadable or built with another model."""


def index_dir(data_dir: Path) -> Path:
    return Path(data_dir) / SEARCH_DIR


@dataclass
class SearchIndex:
    """All chunks of the books ingested into one data directory, with their vectors."""

    root: Path
    model: str = ""
    dim: int = 0
    chunks: list[Chunk] = field(default_factory=list)
    dense: DenseIndex | None = None
    _keyword: KeywordIndex | None = None
    _entities: Any = None  # embed.entities.EntityTable, built on first use

    @classmethod
    def open(cls, data_dir: Path) -> SearchIndex:
        """The index of `data_dir`, or an empty one if nothing was indexed there yet."""
        root = index_dir(data_dir)
        meta_path = root / "meta.json"
        if not meta_path.exists():
            return cls(root=root)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            with (root / "chunks.jsonl").open(encoding="utf-8") as lines:
                chunks = [Chunk.from_json(json.loads(line)) for line in lines if line.strip()]
            dense = DenseIndex.load(root / "dense.faiss")
        except (OSError, ValueError, RuntimeError) as exc:
            raise SearchIndexError(
                f"the search index in {root} is unreadable ({exc}); re-ingest the books to rebuild it"
            ) from exc
        if dense.size != len(chunks):
            raise SearchIndexError(
                f"the search index in {root} is inconsistent ({len(chunks)} chunks, {dense.size} vectors); "
                "re-ingest the books to rebuild it"
            )
        return cls(
            root=root,
            model=meta.get("model", ""),
            dim=int(meta.get("dim", dense.dim)),
            chunks=chunks,
            dense=dense,
        )

    @property
    def keyword(self) -> KeywordIndex:
        if self._keyword is None:
            self._keyword = KeywordIndex([c.text for c in self.chunks])
        return self._keyword

    @property
    def entities(self) -> Any:
        """The entities behind the chunks (embed.entities.EntityTable)."""
        if self._entities is None:
            from embed.entities import EntityTable

            self._entities = EntityTable(self.chunks)
        return self._entities

    @property
    def size(self) -> int:
        return len(self.chunks)

    def documents(self) -> dict[str, int]:
        """Indexed document → number of chunks."""
        counts: dict[str, int] = {}
        for chunk in self.chunks:
            counts[chunk.document] = counts.get(chunk.document, 0) + 1
        return counts

    def vectors(self) -> np.ndarray:
        return self.dense.vectors() if self.dense is not None else np.zeros((0, self.dim), dtype=np.float32)

    def replace_document(self, document: str, chunks: list[Chunk], vectors: np.ndarray, model: str) -> None:
        """Drop the document's chunks (if any) and add these, whose vectors `model` computed."""
        if self.size and model != self.model:
            raise SearchIndexError(f"the index holds {self.model} vectors; cannot add {model} vectors to it")
        keep = [i for i, c in enumerate(self.chunks) if c.document != document]
        kept_vectors = self.vectors()[keep] if keep else np.zeros((0, vectors.shape[1]), dtype=np.float32)
        self.model, self.dim = model, int(vectors.shape[1])
        self.chunks = [self.chunks[i] for i in keep] + list(chunks)
        self.dense = DenseIndex(
            self.dim, np.concatenate([kept_vectors, vectors]) if len(vectors) else kept_vectors
        )
        self._keyword = None
        self._entities = None

    def remove_document(self, document: str) -> int:
        """Drop a document's chunks; the number dropped."""
        before = self.size
        keep = [i for i, c in enumerate(self.chunks) if c.document != document]
        if len(keep) == before:
            return 0
        vectors = self.vectors()[keep]
        self.chunks = [self.chunks[i] for i in keep]
        self.dense = DenseIndex(self.dim, vectors)
        self._keyword = None
        self._entities = None
        return before - self.size

    def save(self) -> None:
        """Write the index; meta.json goes last so a reader never pairs new chunks with old vectors."""
        self.root.mkdir(parents=True, exist_ok=True)
        dense = self.dense or DenseIndex(self.dim or 1)
        tmp = self.root / "chunks.jsonl.tmp"
        with tmp.open("w", encoding="utf-8") as out:
            for chunk in self.chunks:
                out.write(json.dumps(chunk.to_json(), ensure_ascii=False) + "\n")
        dense.save(self.root / "dense.faiss.tmp")
        os.replace(tmp, self.root / "chunks.jsonl")
        os.replace(self.root / "dense.faiss.tmp", self.root / "dense.faiss")
        meta = {
            "format": FORMAT_VERSION,
            "model": self.model,
            "dim": self.dim,
            "chunks": self.size,
            "documents": self.documents(),
        }
        (self.root / "meta.json.tmp").write_text(
            json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        os.replace(self.root / "meta.json.tmp", self.root / "meta.json")
        _LOADED.pop(self.root.resolve(), None)


_LOADED: dict[Path, tuple[int, SearchIndex]] = {}
_LOCK = threading.Lock()


def load_index(data_dir: Path) -> SearchIndex:
    """The index of `data_dir`, loaded once per process and reloaded when another process rewrote it."""
    root = index_dir(data_dir).resolve()
    meta = root / "meta.json"
    stamp = meta.stat().st_mtime_ns if meta.exists() else -1
    with _LOCK:
        cached = _LOADED.get(root)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        index = SearchIndex.open(data_dir)
        _ = index.keyword  # build it now, not inside the first query's latency
        _ = index.entities
        _LOADED[root] = (stamp, index)
        return index
