"""Hybrid search over the indexed books: keyword (BM25 on character n-grams) + dense (E5) + entity
names, fused, one hit per entity.

Keyword and dense rank chunks; reciprocal rank fusion (RRF, k=60) adds 1/(60 + rank) per list, so
neither score scale dominates, and each entity takes its best chunk's fused score (measured: fusing
per chunk keeps the dev and reworded sets' figures, fusing each list's entity ranks lost 0.01 MRR on
the reworded set). The entity-name list then adds NAME_WEIGHT/(60 + rank) per entity: it ranks the
entities whose name meets the query (embed/entities.py: exact, the name among the query's words, a
typed amount that is theirs, a topic word or its thesaurus narrower term in the name; ties broken by
type prior and budget size). Final order: entities in the scope the query names (a year, an agency)
first, then exact names, then names among the query's words, each tier by type prior (plans before
the grant rows repeating their name) and fused score; the rest by fused score. Filters (type, fiscal
year, agency, stage) apply before ranking.

`search_page` returns a page of hits (`offset`, `k`) with the number of entities found and facet
counts (type, agency, year, stage) over them; `similar` finds the entities whose stored vectors are
nearest an entity's own (more like this, across books and years). With `expand`, each hit lists its
graph neighbours when a store is available in the data directory.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from embed.chunks import Chunk
from embed.embedders import Embedder, get_embedder
from embed.entities import (
    Entity,
    EntityTable,
    ParsedQuery,
    in_scope,
    match_name,
    parse_query,
    squeeze_text,
    unexplained_words,
)
from embed.index import SearchIndex, load_index
from embed.snippets import cut
from embed.thesaurus import EXPANSION_WEIGHT

Mode = Literal["hybrid", "keyword", "dense"]
MODES: tuple[str, ...] = ("hybrid", "keyword", "dense")
RRF_K = 60
DEPTH = 100  # chunks each retriever contributes to the fusion
SNIPPET_CHARS = 200
NAME_WEIGHT = 2.0  # the entity-name list's weight in the fusion (keyword and dense weigh 1): a name says
# what an entity is, a passage only what it mentions
MAX_EXPANSIONS = 8
TOPIC_SIZE_WEIGHT = 1.0
KEYWORD_FLOOR = 0.1
DENSE_RESULTS = 30
FACETS = ("type", "agency", "year", "stage")


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
    # Issue 19: the snippet with its matched characters ([start, end) offsets into `text`, and HTML
    # with <mark>), the entity's amount (NT$ 元, as a decimal string), the book's stage, and how its
    # name met the query ("exact", "words", "topic" or "").
    highlights: list[tuple[int, int]] = field(default_factory=list)
    snippet_html: str = ""
    amount_ntd: str | None = None
    stage: str = ""
    name_match: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _allowed(
    index: SearchIndex,
    type: str | None,
    year: int | None,
    agency: str | None,
    stage: str | None = None,
) -> np.ndarray | None:
    """Row ids passing the filters (None when there is no filter)."""
    if not (type or year or agency or stage):
        return None
    types = {t.strip().lower() for t in type.split(",")} if type else None
    roc = year - 1911 if year and year > 1911 else year  # 2025 and 114 name the same fiscal year
    rows = [
        i
        for i, c in enumerate(index.chunks)
        if (types is None or c.type.lower() in types)
        and (roc is None or c.roc_year == roc)
        and (not agency or agency in c.agency)
        and (not stage or c.stage == stage)
    ]
    return np.asarray(rows, dtype=np.int64)


def keyword_ranking(
    index: SearchIndex,
    query: str,
    allowed: np.ndarray | None,
    depth: int = DEPTH,
    expansions: list[str] | tuple[str, ...] = (),
) -> list[tuple[int, float]]:
    """Chunks by BM25 of the query, plus the thesaurus's narrower terms at EXPANSION_WEIGHT."""
    scores = index.keyword.scores(query)
    for term in list(expansions)[:MAX_EXPANSIONS]:
        scores = scores + EXPANSION_WEIGHT * index.keyword.scores(term)
    if allowed is not None:
        mask = np.zeros(len(scores), dtype=bool)
        mask[allowed] = True
        scores = np.where(mask, scores, 0.0)
    matched = np.flatnonzero(scores > 0)
    top = matched[np.argsort(-scores[matched], kind="stable")][:depth]
    return [(int(i), float(scores[i])) for i in top]


def dense_ranking(
    index: SearchIndex, query: str, allowed: np.ndarray | None, embedder: Embedder, depth: int = DEPTH
) -> list[tuple[int, float]]:
    if index.dense is None or not index.size:
        return []
    ids, scores = index.dense.search(query_vector(embedder, query), depth, allowed)
    # A zero vector (a national note indexed for keywords only, embed/national_chunks.py) scores exactly 0.
    return [(int(i), float(s)) for i, s in zip(ids, scores, strict=True) if s != 0.0]


_QUERY_VECTORS: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_QUERY_LOCK = threading.Lock()


def query_vector(embedder: Embedder, query: str) -> np.ndarray:
    """The query's embedding, remembered for the last BUDGETKG_QUERY_CACHE (512) questions: encoding is
    ~95% of a search's CPU, and a service is asked the same questions again (the page's examples, a
    question refined by filters, a link shared). The model is deterministic, so a remembered vector is
    the one it would compute. 0 turns the memory off."""
    size = int(os.environ.get("BUDGETKG_QUERY_CACHE", "512") or 0)
    key = (embedder.name, query)
    if size > 0:
        with _QUERY_LOCK:
            known = _QUERY_VECTORS.get(key)
            if known is not None:
                _QUERY_VECTORS.move_to_end(key)
                return known
    vector = embedder.encode_query(query)
    if size > 0:
        with _QUERY_LOCK:
            _QUERY_VECTORS[key] = vector
            while len(_QUERY_VECTORS) > size:
                _QUERY_VECTORS.popitem(last=False)
    return vector


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


# ---------------------------------------------------------------- entities, pages, facets


@dataclass
class SearchPage:
    """One page of hits, how many entities the search found in all, and facet counts over them."""

    query: str
    hits: list[Hit]
    total: int
    offset: int
    k: int
    facets: dict[str, dict[str, int]]
    mode: str = "hybrid"
    scope: dict[str, list[Any]] = field(default_factory=dict)  # the years and agencies the query named
    like: str | None = None  # the entity a "more like this" search started from

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "mode": self.mode,
            "total": self.total,
            "offset": self.offset,
            "k": self.k,
            "scope": self.scope,
            "like": self.like,
            "facets": self.facets,
            "hits": [hit.to_json() for hit in self.hits],
        }


@dataclass
class _Candidate:
    entity: Entity
    score: float = 0.0
    best_row: int = -1
    best_rank: int = 1 << 30
    matches: int = 0
    tier: int = 0
    topical: float = 0.0
    scope: int = 0


def entity_ranking(chunks: list[Chunk], ranking: list[tuple[int, float]]) -> list[tuple[str, int, int]]:
    """(iri, best row, chunks matched) per entity, in the order of each entity's best chunk."""
    order: dict[str, list[int]] = {}
    for row, _score in ranking:
        order.setdefault(chunks[row].iri, []).append(row)
    return [(iri, rows[0], len(rows)) for iri, rows in order.items()]


def name_ranking(
    table: EntityTable, query: ParsedQuery, allowed: set[int] | None, chunks: list[Chunk] | None = None
) -> list[tuple[Entity, int, float]]:
    """Entities whose name meets the query, best first: (entity, tier, topical).

    An entity whose name is only part of the query is left out when the query's other words are
    neither question wording nor in its text (工業技術升級輔導 + 凍結 asks for the freezing resolutions)."""
    found = []
    for entity in table.candidates(query):
        if allowed is not None and entity.rows[0] not in allowed:
            continue
        match = match_name(query, entity)
        if not (match.tier or match.topical):
            continue
        if match.tier < 2 and (match.tier == 1 or len(query.terms) > 1):
            texts = [squeeze_text(chunks[row].text) for row in entity.rows] if chunks else []
            if unexplained_words(query, entity, texts):
                continue
        found.append((entity, match.tier, match.topical))
    found.sort(key=lambda f: (-f[1], -f[2], -f[0].prior, -f[0].size, f[0].page or 0, f[0].iri))
    return found


def _weigh_topic_by_size(candidates: list[_Candidate]) -> None:
    """Size prior for a topic word: an entity named for the topic gains in proportion to its share of
    the largest amount among the entities named for it (× its type prior), so the programme holding
    the topic's money outranks lines that mention the topic once."""
    topical = [c for c in candidates if c.topical and not c.tier and c.entity.amount_ntd]
    largest = max((c.entity.amount_ntd or 0.0 for c in topical), default=0.0)
    if largest <= 0:
        return
    for c in topical:
        share = (c.entity.amount_ntd or 0.0) / largest
        c.score *= 1 + TOPIC_SIZE_WEIGHT * c.topical * c.entity.prior * share


def _facets(candidates: list[_Candidate]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for candidate in candidates:
        e = candidate.entity
        for name, value in (
            ("type", e.type),
            ("agency", e.agency),
            ("year", str(e.roc_year) if e.roc_year is not None else ""),
            ("stage", e.stage),
        ):
            if value:
                counts[name][value] = counts[name].get(value, 0) + 1
    return {name: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for name, c in counts.items()}


def _amount(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else repr(value)


MATCH_NAMES = {2: "exact", 1: "words"}


def _page_hits(
    index: SearchIndex, ordered: list[_Candidate], offset: int, k: int, words: list[str]
) -> list[Hit]:
    hits = []
    for candidate in ordered[offset : offset + k]:
        e = candidate.entity
        row = candidate.best_row if candidate.best_row >= 0 else e.rows[0]
        chunk = index.chunks[row]
        snippet = cut(chunk.text, words, [e.name] if e.name else [], SNIPPET_CHARS)
        hits.append(
            Hit(
                iri=e.iri,
                type=e.type,
                label=e.label,
                text=snippet.text,
                score=round(candidate.score, 6),
                document=chunk.document,
                page=chunk.page,
                roc_year=e.roc_year,
                agency=e.agency,
                matches=max(candidate.matches, 1),
                highlights=snippet.highlights,
                snippet_html=snippet.html,
                amount_ntd=_amount(e.amount_ntd),
                stage=e.stage,
                name_match=MATCH_NAMES.get(candidate.tier, "topic" if candidate.topical else ""),
            )
        )
    return hits


def search_page(
    data_dir: Path,
    query: str,
    k: int = 10,
    offset: int = 0,
    type: str | None = None,
    year: int | None = None,
    agency: str | None = None,
    stage: str | None = None,
    mode: str = "hybrid",
    expand: bool = False,
    embedder: Embedder | None = None,
    store: Any = None,
) -> SearchPage:
    """A page of the best entities for a natural-language query, with the total and facet counts.

    `type` is a record type (WorkPlan, Project, Resolution, Passage …; comma-separated for several),
    `year` a fiscal year in ROC (114) or Gregorian (2025) form, `agency` part of an agency name,
    `stage` 預算案, 法定預算 or 決算. `offset` skips that many hits (paging). `expand` adds each
    hit's graph neighbours, from `store` (an open graph.store.Store) or the store in `data_dir`.
    """
    if mode not in MODES:
        raise SearchError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
    if k < 1 or offset < 0:
        raise SearchError("k must be at least 1 and offset at least 0")
    query = query.strip()
    if not query:
        raise SearchError("the query is empty; type what you are looking for")
    index = _open(data_dir)
    table: EntityTable = index.entities
    parsed = parse_query(query, table)
    allowed = _allowed(index, type, year, agency, stage)
    allowed_set = set(allowed.tolist()) if allowed is not None else None
    # What was found, counted by the total and the facets and paged through: the chunks the words
    # match with at least KEYWORD_FLOOR of the best keyword score (a shared character alone is not a
    # match), the entities the name list holds, and the DENSE_RESULTS nearest entities (dense scores
    # of unrelated text differ little, so only rank bounds them). None of it depends on the page.
    chunk_lists: list[list[tuple[int, float]]] = []
    if mode in ("hybrid", "keyword"):
        ranking = keyword_ranking(index, parsed.text, allowed, index.size, parsed.expansions)
        floor = KEYWORD_FLOOR * ranking[0][1] if ranking else 0.0
        chunk_lists.append([r for r in ranking if r[1] >= floor])
    if mode in ("hybrid", "dense"):
        model = embedder or get_embedder()
        if model.name != index.model:
            raise SearchError(
                f"the index was built with {index.model}, not {model.name}; re-ingest the books or set BUDGETKG_EMBEDDER"
            )
        nearest = dense_ranking(index, query, allowed, model, DEPTH)
        kept = {iri for iri, _row, _n in entity_ranking(index.chunks, nearest)[:DENSE_RESULTS]}
        chunk_lists.append([r for r in nearest if index.chunks[r[0]].iri in kept])
    # Chunk-level fusion (a chunk good for both retrievers beats an entity good for each in a different
    # chunk), then one candidate per entity carrying its best chunk's fused score.
    candidates: dict[str, _Candidate] = {}
    for rank, (row, score) in enumerate(fuse(chunk_lists) if len(chunk_lists) > 1 else chunk_lists[0]):
        iri = index.chunks[row].iri
        candidate = candidates.get(iri)
        if candidate is None:
            fused = score if len(chunk_lists) > 1 else 1.0 / (RRF_K + rank + 1)
            candidates[iri] = _Candidate(table[iri], score=fused, best_row=row, best_rank=rank, matches=1)
        else:
            candidate.matches += 1
    if mode in ("hybrid", "keyword"):
        for rank, (entity, tier, topical) in enumerate(
            name_ranking(table, parsed, allowed_set, index.chunks)
        ):
            candidate = candidates.setdefault(entity.iri, _Candidate(entity))
            candidate.score += NAME_WEIGHT / (RRF_K + rank + 1)
            candidate.tier, candidate.topical = tier, topical
    _weigh_topic_by_size(list(candidates.values()))
    for candidate in candidates.values():
        candidate.scope = in_scope(parsed, candidate.entity)
    ordered = sorted(
        candidates.values(),
        key=lambda c: (-c.scope, -c.tier, -(c.entity.prior if c.tier else 0.0), -c.score),
    )
    words = parsed.terms + parsed.expansions
    hits = _page_hits(index, ordered, offset, k, words)
    if expand:
        from embed.neighbours import attach_neighbours

        attach_neighbours(Path(data_dir), hits, store)
    return SearchPage(
        query=query,
        hits=hits,
        total=len(ordered),
        offset=offset,
        k=k,
        facets=_facets(ordered),
        mode=mode,
        scope={"years": sorted(parsed.years), "agencies": sorted(parsed.agencies)},
    )


def similar(
    data_dir: Path,
    iri: str,
    k: int = 10,
    offset: int = 0,
    type: str | None = None,
    year: int | None = None,
    agency: str | None = None,
    stage: str | None = None,
    expand: bool = False,
    store: Any = None,
) -> SearchPage:
    """More like this: the entities whose stored vectors lie nearest the entity's own (the mean of its
    chunks' vectors), across every indexed book and year; the entity itself is left out."""
    if k < 1 or offset < 0:
        raise SearchError("k must be at least 1 and offset at least 0")
    index = _open(data_dir)
    table: EntityTable = index.entities
    entity = table.get(iri)
    if entity is None or index.dense is None:
        raise SearchError(f"{iri} is not an indexed entity; search for it first and use a hit's IRI")
    vector = np.mean([index.dense.vector(row) for row in entity.rows], axis=0)
    vector = vector / max(float(np.linalg.norm(vector)), 1e-12)
    allowed = _allowed(index, type, year, agency, stage)
    depth = max(DEPTH, 3 * (offset + k) + len(entity.rows))
    ids, scores = index.dense.search(vector, depth, allowed)
    candidates: dict[str, _Candidate] = {}
    for row, score in zip(ids.tolist(), scores.tolist(), strict=True):
        other = index.chunks[row].iri
        if other == iri:
            continue
        candidate = candidates.get(other)
        if candidate is None:
            candidates[other] = _Candidate(table[other], score=float(score), best_row=row, matches=1)
        else:
            candidate.matches += 1
    ordered = list(candidates.values())
    hits = _page_hits(index, ordered, offset, k, [])
    if expand:
        from embed.neighbours import attach_neighbours

        attach_neighbours(Path(data_dir), hits, store)
    return SearchPage(
        query=entity.label,
        hits=hits,
        total=len(ordered),
        offset=offset,
        k=k,
        facets=_facets(ordered),
        mode="dense",
        like=iri,
    )


def _open(data_dir: Path) -> SearchIndex:
    index = load_index(Path(data_dir))
    if not index.size:
        raise SearchError(f"nothing is indexed in {data_dir}; ingest a book first (budgetkg ingest BOOK)")
    return index


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
    offset: int = 0,
    stage: str | None = None,
) -> list[Hit]:
    """The k best entities for a natural-language query (Traditional or Simplified Chinese, or English):
    the hits of `search_page` (see there for the parameters)."""
    return search_page(
        data_dir,
        query,
        k=k,
        offset=offset,
        type=type,
        year=year,
        agency=agency,
        stage=stage,
        mode=mode,
        expand=expand,
        embedder=embedder,
        store=store,
    ).hits
