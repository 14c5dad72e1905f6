"""Hybrid search over the indexed books: keyword (BM25 on character n-grams) + dense (E5), fused.

Each retriever ranks chunks; reciprocal rank fusion (RRF, k=60) adds 1/(60 + rank) per list, so
neither score scale dominates: keyword wins on exact names and codes, dense on reworded questions.
Chunks of one entity collapse into one hit carrying its best passage. Filters (type, fiscal year,
agency) apply before ranking. With `expand`, each hit lists its graph neighbours when a store is
available in the data directory.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from embed.chunks import Chunk
from embed.embedders import Embedder, get_embedder
from embed.index import SearchIndex, load_index

Mode = Literal["hybrid", "keyword", "dense"]
MODES: tuple[str, ...] = ("hybrid", "keyword", "dense")
RRF_K = 60
DEPTH = 100  # chunks each retriever contributes to the fusion
SNIPPET_CHARS = 200


class SearchError(Exception):
    """A search that cannot run (nothing indexed, unknown mode)."""


@dataclass
class Hit:
    """One entity found: its graph IRI, type and label, the best matching passage and where it is printed."""

    iri: str
    type: str
    label: str
    text: str
    score: float
    document: str
    page: int | None
    roc_year: int | None = None
    agency: str = ""
    matches: int = 1  # chunks of this entity that matched
    neighbours: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _allowed(index: SearchIndex, type: str | None, year: int | None, agency: str | None) -> np.ndarray | None:
    """Row ids passing the filters (None when there is no filter)."""
    if not (type or year or agency):
        return None
    types = {t.strip().lower() for t in type.split(",")} if type else None
    roc = year - 1911 if year and year > 1911 else year  # 2025 and 114 name the same fiscal year
    rows = [
        i
        for i, c in enumerate(index.chunks)
        if (types is None or c.type.lower() in types)
        and (roc is None or c.roc_year == roc)
        and (not agency or agency in c.agency)
    ]
    return np.asarray(rows, dtype=np.int64)


def keyword_ranking(
    index: SearchIndex, query: str, allowed: np.ndarray | None, depth: int = DEPTH
) -> list[tuple[int, float]]:
    scores = index.keyword.scores(query)
    if allowed is not None:
        mask = np.zeros(len(scores), dtype=bool)
        mask[allowed] = True
        scores = np.where(mask, scores, 0.0)
    top = np.argsort(-scores, kind="stable")[:depth]
    return [(int(i), float(scores[i])) for i in top if scores[i] > 0]


def dense_ranking(
    index: SearchIndex, query: str, allowed: np.ndarray | None, embedder: Embedder, depth: int = DEPTH
) -> list[tuple[int, float]]:
    if index.dense is None or not index.size:
        return []
    ids, scores = index.dense.search(embedder.encode_query(query), depth, allowed)
    # A zero vector (a national note indexed for keywords only, embed/national_chunks.py) scores exactly 0.
    return [(int(i), float(s)) for i, s in zip(ids, scores, strict=True) if s != 0.0]


def fuse(
    rankings: list[list[tuple[int, float]]], weights: list[float] | None = None
) -> list[tuple[int, float]]:
    """Reciprocal rank fusion of ranked (row, score) lists."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, (row, _score) in enumerate(ranking):
            fused[row] = fused.get(row, 0.0) + weight / (RRF_K + rank + 1)
    return sorted(fused.items(), key=lambda item: -item[1])


def collapse(chunks: list[Chunk], ranking: list[tuple[int, float]], k: int) -> list[Hit]:
    """One hit per entity, scored by its best chunk, in ranking order."""
    hits: dict[str, Hit] = {}
    for row, score in ranking:
        chunk = chunks[row]
        hit = hits.get(chunk.iri)
        if hit is not None:
            hit.matches += 1
            continue
        if len(hits) >= k:
            continue
        hits[chunk.iri] = Hit(
            iri=chunk.iri,
            type=chunk.type,
            label=chunk.label,
            text=chunk.text if len(chunk.text) <= SNIPPET_CHARS else chunk.text[:SNIPPET_CHARS] + "…",
            score=round(score, 6),
            document=chunk.document,
            page=chunk.page,
            roc_year=chunk.roc_year,
            agency=chunk.agency,
        )
    return list(hits.values())


def search(
    data_dir: Path,
    query: str,
    k: int = 10,
    type: str | None = None,
    year: int | None = None,
    agency: str | None = None,
    mode: str = "hybrid",
    expand: bool = False,
    embedder: Embedder | None = None,
    store: Any = None,
) -> list[Hit]:
    """The k best entities for a natural-language query (Traditional or Simplified Chinese, or English).

    `type` is a record type (WorkPlan, Project, Resolution, Passage …; comma-separated for several),
    `year` a fiscal year in ROC (114) or Gregorian (2025) form, `agency` part of an agency name.
    `expand` adds each hit's graph neighbours, from `store` (an open graph.store.Store) or the store
    in `data_dir`.
    """
    if mode not in MODES:
        raise SearchError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
    query = query.strip()
    if not query:
        raise SearchError("the query is empty; type what you are looking for")
    index = load_index(Path(data_dir))
    if not index.size:
        raise SearchError(f"nothing is indexed in {data_dir}; ingest a book first (budgetkg ingest BOOK)")
    allowed = _allowed(index, type, year, agency)
    rankings = []
    if mode in ("hybrid", "keyword"):
        rankings.append(keyword_ranking(index, query, allowed))
    if mode in ("hybrid", "dense"):
        model = embedder or get_embedder()
        if model.name != index.model:
            raise SearchError(
                f"the index was built with {index.model}, not {model.name}; re-ingest the books or set BUDGETKG_EMBEDDER"
            )
        rankings.append(dense_ranking(index, query, allowed, model))
    ranking = rankings[0] if len(rankings) == 1 else fuse(rankings)
    hits = collapse(index.chunks, ranking, k)
    if expand:
        from embed.neighbours import attach_neighbours

        attach_neighbours(Path(data_dir), hits, store)
    return hits
