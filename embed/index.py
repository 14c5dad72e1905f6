"""The search index of a data directory: chunks, their vectors (FAISS) and a keyword index.

Layout under DATA/search/: `meta.json` (model, dimension, counts, the books indexed and the current
generation) and the generation's folder `gen-N/` holding `chunks.jsonl` (row i ↔ vector i) and
`dense.faiss`; `cache.sqlite` holds embeddings by content (see cache.py). A save writes a new
generation folder whole, then replaces meta.json (the switch, one rename), then deletes the older
folders: a crash at any moment leaves either the old index or the new one, never new chunks paired with
old vectors. meta.json's change time tells other processes to reload.

Books are keyed by their graph IRI (`Chunk.book`), not by file name: the same book ingested under two
names (a renamed file, an upload stored as `<stem>-<hash>`) replaces its chunks, so a hit never appears
twice. Indexing a book again drops its old chunks first, so counts never double.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from embed.chunks import Chunk
from embed.dense import DenseIndex
from embed.keyword import KeywordIndex
from ingest.crashpoints import crash_point

SEARCH_DIR = "search"
FORMAT_VERSION = 2  # 1: chunks.jsonl and dense.faiss beside meta.json, no generations, no book keys
_GENERATION = re.compile(r"gen-(\d+)$")


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
    generation: str = ""  # the folder holding chunks and vectors ("" for a format-1 index)
    ingests: dict[str, str] = field(default_factory=dict)  # book graph IRI → id of the ingest indexed
    _keyword: KeywordIndex | None = None
    _entities: Any = None  # embed.entities.EntityTable, built on first use

    @classmethod
    def open(cls, data_dir: Path) -> SearchIndex:
        """The index of `data_dir`, or an empty one if nothing was indexed there yet."""
        root = index_dir(data_dir)
        try:
            return cls._read(root)
        except FileNotFoundError:
            # A writer in another process switched generations and removed ours meanwhile: read again.
            return cls._read(root)

    @classmethod
    def _read(cls, root: Path) -> SearchIndex:
        meta_path = root / "meta.json"
        if not meta_path.exists():
            return cls(root=root)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            folder = root / meta["generation"] if meta.get("generation") else root
            with (folder / "chunks.jsonl").open(encoding="utf-8") as lines:
                chunks = [Chunk.from_json(json.loads(line)) for line in lines if line.strip()]
            if not (folder / "dense.faiss").exists():
                raise FileNotFoundError(folder / "dense.faiss")
            dense = DenseIndex.load(folder / "dense.faiss")
        except FileNotFoundError:
            raise
        except (OSError, ValueError, RuntimeError, KeyError) as exc:
            raise SearchIndexError(
                f"the search index in {root} is unreadable ({exc}); run `budgetkg repair` or re-ingest the books"
            ) from exc
        if dense.size != len(chunks):
            raise SearchIndexError(
                f"the search index in {root} is inconsistent ({len(chunks)} chunks, {dense.size} vectors); "
                "run `budgetkg repair` or re-ingest the books"
            )
        return cls(
            root=root,
            model=meta.get("model", ""),
            dim=int(meta.get("dim", dense.dim)),
            chunks=chunks,
            dense=dense,
            generation=str(meta.get("generation") or ""),
            ingests={book: str(info.get("ingest", "")) for book, info in meta.get("books", {}).items()},
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

    def books(self) -> dict[str, int]:
        """Indexed book (graph IRI; the document name for chunks of a format-1 index) → number of chunks."""
        counts: dict[str, int] = {}
        for chunk in self.chunks:
            key = chunk.book or chunk.document
            counts[key] = counts.get(key, 0) + 1
        return counts

    def vectors(self) -> np.ndarray:
        return self.dense.vectors() if self.dense is not None else np.zeros((0, self.dim), dtype=np.float32)

    def replace_document(self, document: str, chunks: list[Chunk], vectors: np.ndarray, model: str) -> None:
        """Drop the document's chunks (if any) and add these, whose vectors `model` computed."""
        self._replace(lambda c: c.document == document, chunks, vectors, model)

    def replace_book(
        self, book: str, chunks: list[Chunk], vectors: np.ndarray, model: str, *, ingest: str = ""
    ) -> None:
        """Drop the book's chunks, whatever file they came from, and add these (their `book` is set to it).
        Chunks of a format-1 index (no book key) from the same file name are dropped too."""
        names = {c.document for c in chunks}
        chunks = [c if c.book == book else replace(c, book=book) for c in chunks]
        self._replace(
            lambda c: c.book == book or (not c.book and c.document in names), chunks, vectors, model
        )
        if ingest:
            self.ingests[book] = ingest

    def _replace(
        self, drop: Callable[[Chunk], bool], chunks: list[Chunk], vectors: np.ndarray, model: str
    ) -> None:
        if self.size and model != self.model:
            raise SearchIndexError(f"the index holds {self.model} vectors; cannot add {model} vectors to it")
        keep = [i for i, c in enumerate(self.chunks) if not drop(c)]
        kept_vectors = self.vectors()[keep] if keep else np.zeros((0, vectors.shape[1]), dtype=np.float32)
        self.model, self.dim = model, int(vectors.shape[1])
        self.chunks = [self.chunks[i] for i in keep] + list(chunks)
        self.dense = DenseIndex(
            self.dim, np.concatenate([kept_vectors, vectors]) if len(vectors) else kept_vectors
        )
        self._keyword = None
        self._forget_unindexed()

    def _forget_unindexed(self) -> None:
        present = {c.book for c in self.chunks}
        self.ingests = {b: i for b, i in self.ingests.items() if b in present}
        self._entities = None

    def remove_document(self, document: str) -> int:
        """Drop the chunks of a book (its graph IRI) or of a file name; the number dropped."""
        before = self.size
        keep = [i for i, c in enumerate(self.chunks) if c.document != document and c.book != document]
        if len(keep) == before:
            return 0
        vectors = self.vectors()[keep]
        self.chunks = [self.chunks[i] for i in keep]
        self.dense = DenseIndex(self.dim, vectors)
        self._keyword = None
        self._forget_unindexed()
        self._entities = None
        return before - self.size

    def save(self) -> None:
        """Write a new generation folder, switch meta.json to it (one rename), then drop older folders."""
        self.root.mkdir(parents=True, exist_ok=True)
        dense = self.dense or DenseIndex(self.dim or 1)
        number = max([_number(p.name) for p in self.root.glob("gen-*")] + [_number(self.generation), 0]) + 1
        generation = f"gen-{number}"
        building = self.root / f"{generation}.tmp"
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir()
        with (building / "chunks.jsonl").open("w", encoding="utf-8") as out:
            for chunk in self.chunks:
                out.write(json.dumps(chunk.to_json(), ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
        dense.save(building / "dense.faiss")
        _fsync(building / "dense.faiss")
        os.replace(building, self.root / generation)
        crash_point("index-files")
        meta = {
            "format": FORMAT_VERSION,
            "generation": generation,
            "model": self.model,
            "dim": self.dim,
            "chunks": self.size,
            "documents": self.documents(),
            "books": {
                book: {"chunks": count, "ingest": self.ingests.get(book, "")}
                for book, count in self.books().items()
            },
        }
        with (self.root / "meta.json.tmp").open("w", encoding="utf-8") as out:
            out.write(json.dumps(meta, ensure_ascii=False, indent=1))
            out.flush()
            os.fsync(out.fileno())
        os.replace(self.root / "meta.json.tmp", self.root / "meta.json")
        self.generation = generation
        _LOADED.pop(self.root.resolve(), None)
        self._drop_other_generations()

    def _drop_other_generations(self) -> None:
        for path in self.root.iterdir():
            if path.name != self.generation and (path.name.startswith("gen-") or path.name.endswith(".tmp")):
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
        for legacy in ("chunks.jsonl", "dense.faiss"):  # a format-1 index's files
            (self.root / legacy).unlink(missing_ok=True)


def _number(name: str) -> int:
    match = _GENERATION.match(name)
    return int(match.group(1)) if match else 0


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


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
