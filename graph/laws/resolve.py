"""Statute name → pcode, and the identity of statutes the index does not know.

Exact matches (full names and aliases, compared by `statute_key`) resolve. Anything else (many 要點,
原則 and 作業規定 are not in 全國法規資料庫) stays an entity of its own, marked unresolved, keyed by its
normalised name so 補(捐)助 and 補捐助 are one entity, with the closest index names as candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from graph import iris
from graph.laws.corpus import corpus_or_none
from graph.laws.index import Law, LawIndex
from graph.laws.normalise import bigrams, fold_width, statute_key

CANDIDATE_THRESHOLD = 0.5  # bigram Dice below this is noise (two names sharing 經濟部 and 辦法)
MAX_CANDIDATES = 3


@dataclass(frozen=True)
class Candidate:
    pcode: str
    name: str
    score: float


@dataclass(frozen=True)
class Statute:
    """A statute as the graph knows it: resolved to a pcode, or an unresolved name."""

    name: str  # the index's name when resolved, else the name as written (normalised)
    pcode: str = ""
    candidates: tuple[Candidate, ...] = ()
    law: Law | None = None

    @property
    def resolved(self) -> bool:
        return bool(self.pcode)

    @property
    def key(self) -> str:
        return self.pcode or "unresolved:" + statute_key(self.name)

    @property
    def iri(self) -> URIRef:
        return (
            iris.statute_iri(self.pcode)
            if self.pcode
            else iris.unresolved_statute_iri(statute_key(self.name))
        )

    @property
    def url(self) -> str:
        return self.law.url if self.law else ""

    def provision_iri(self, article: str) -> URIRef | None:
        return iris.provision_iri(self.pcode, article) if self.pcode and article else None

    def article_url(self, article: str) -> str:
        return self.law.article_url(article) if self.law and article else ""


def resolve(name: str, index: LawIndex, pcode: str = "") -> Statute:
    """Resolve a statute name (or take the pcode the citation finder already matched)."""
    law = index.laws.get(pcode) if pcode else index.lookup(name) or _renamed(name, index)
    if law is not None:
        return Statute(law.name, law.pcode, law=law)
    return Statute(fold_width(name), candidates=closest(name, index))


def _renamed(name: str, index: LawIndex) -> Law | None:
    """The law now carrying a former name (沿革 原名稱 → 新名稱 in the corpus); graph.laws.in_force flags it."""
    corpus = corpus_or_none()
    found = corpus.renamed(name) if corpus is not None else None
    return index.laws.get(found.pcode) if found is not None else None


def closest(name: str, index: LawIndex, limit: int = MAX_CANDIDATES) -> tuple[Candidate, ...]:
    """The index names most like `name` by character-bigram Dice similarity."""
    mine = bigrams(name)
    scored = []
    for pcode, theirs in _bigram_table(id(index), index):
        score = 2 * len(mine & theirs) / (len(mine) + len(theirs))
        if score >= CANDIDATE_THRESHOLD:
            scored.append((score, pcode))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return tuple(Candidate(p, index.laws[p].name, round(s, 3)) for s, p in scored[:limit])


_TABLES: dict[int, list[tuple[str, frozenset[str]]]] = {}


def _bigram_table(key: int, index: LawIndex) -> list[tuple[str, frozenset[str]]]:
    table = _TABLES.get(key)
    if table is None:
        table = [(law.pcode, frozenset(bigrams(law.name))) for law in index.laws.values()]
        _TABLES[key] = table
    return table
