"""Delegation chains: plan → regulation (article cited) → the statute article that empowers it.

A budget line cites a regulation (經濟部協助產業創新活動補助獎勵及輔導辦法); the regulation's enabling
clause (graph.laws.enabling, shipped parsed in the corpus) names its parent articles (產業創新條例第9條
第2項). `delegation_steps` walks that upward (a 施行細則's parent may itself be a 命令), each step with the
clause as evidence and the parent article's text. `authority_chain_json` adds the chain, the cited
article's text and the law-in-force flags to an authority answer; `cited_by_through` answers "what rests
on this statute" including what rests on it through its regulations, counting every line once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from graph.laws.authority import CitedBy, Subject, cited_by
from graph.laws.corpus import CorpusLaw, LawCorpus, _Laws, corpus_or_none
from graph.laws.in_force import article_label, citation_flags, version
from graph.laws.index import LAW_ALL_URL, LAW_SINGLE_URL, LawIndex
from graph.laws.links import DIRECT, INFERRED, LegalLink

MAX_DEPTH = 4  # 辦法 → 施行細則 → 法 is two; deeper chains in the corpus are cycles or errors


@dataclass(frozen=True)
class Step:
    """One delegation: `regulation` rests on `parent` article, as its clause says."""

    level: int  # 1: the cited regulation's parent; 2: that parent's parent …
    regulation: CorpusLaw
    clause: str
    clause_article: str  # the regulation's article holding the clause
    parent_name: str  # as the clause writes it
    parent_pcode: str
    parent_article: str
    parent_label: str
    parent_text: str  # the parent article's text ("" when unresolved or no article)
    parent_law: CorpusLaw | None = None

    def to_json(self) -> dict[str, Any]:
        parent = self.parent_law
        return {
            "level": self.level,
            "regulation": self.regulation.name,
            "regulation_pcode": self.regulation.pcode,
            "evidence": {
                "clause": self.clause,
                "article": self.clause_article,
                "url": LAW_SINGLE_URL.format(pcode=self.regulation.pcode, flno=self.clause_article),
            },
            "parent": parent.name if parent else self.parent_name,
            "parent_as_written": self.parent_name,
            "parent_pcode": self.parent_pcode,
            "parent_kind": parent.kind if parent else "",
            "parent_resolved": bool(self.parent_pcode),
            "article": self.parent_article,
            "article_label": self.parent_label,
            "article_text": self.parent_text,
            "url": (
                LAW_SINGLE_URL.format(pcode=self.parent_pcode, flno=self.parent_article)
                if self.parent_pcode and self.parent_article
                else (LAW_ALL_URL.format(pcode=self.parent_pcode) if self.parent_pcode else "")
            ),
        }


def delegation_steps(corpus: LawCorpus, pcode: str, max_depth: int = MAX_DEPTH) -> list[Step]:
    """Every step upward from regulation `pcode` (breadth first; a law is walked once)."""
    steps: list[Step] = []
    seen = {pcode}
    frontier = [(pcode, 1)]
    while frontier:
        current, level = frontier.pop(0)
        law = corpus.laws.get(current)
        if law is None or law.clause is None or level > max_depth:
            continue
        for parent in law.parents:
            parent_law = corpus.laws.get(parent.pcode) if parent.pcode else None
            steps.append(
                Step(
                    level=level,
                    regulation=law,
                    clause=law.clause.text,
                    clause_article=law.clause.article,
                    parent_name=parent.name,
                    parent_pcode=parent.pcode,
                    parent_article=parent.article,
                    parent_label=parent.label,
                    parent_text=corpus.article_text(parent.pcode, parent.article) if parent.pcode else "",
                    parent_law=parent_law,
                )
            )
            if parent.pcode and parent.pcode not in seen:
                seen.add(parent.pcode)
                frontier.append((parent.pcode, level + 1))
    return steps


def link_chain_json(link: LegalLink, corpus: LawCorpus) -> dict[str, Any]:
    """What the corpus adds to one legal-basis link: the cited article's text, flags, the delegation chain."""
    pcode = link.statute.pcode
    written = link.statute_text or link.statute.name  # a former name shows only as written
    law = corpus.laws.get(pcode) if pcode else corpus.renamed(written)
    flags = citation_flags(corpus, pcode, written, link.article, link.roc_year)
    extra: dict[str, Any] = {"flags": [flag.to_json() for flag in flags], "delegation": []}
    if law is None:
        return extra
    extra["law"] = {
        "pcode": law.pcode,
        "name": law.name,
        "kind": law.kind,
        "last_changed": law.date,
        "repealed": law.repealed,
    }
    if link.article:
        extra["article_text"] = corpus.article_text(law.pcode, link.article)
        extra["version"] = version(law, link.article, link.roc_year)
    extra["delegation"] = [
        _dated(step, corpus, link.roc_year) for step in delegation_steps(corpus, law.pcode)
    ]
    return extra


def _dated(step: Step, corpus: LawCorpus, roc_year: int | None) -> dict[str, Any]:
    """A step's JSON with the parent article's version for the book's year and its flags."""
    data = step.to_json()
    parent = step.parent_law
    flags = citation_flags(corpus, step.parent_pcode, step.parent_name, step.parent_article, roc_year)
    data["flags"] = [flag.to_json() for flag in flags]
    if parent is not None and step.parent_article:
        data["version"] = version(parent, step.parent_article, roc_year)
    return data


def authority_chain_json(
    query: str, subjects: Sequence[Subject], corpus: LawCorpus | None = None
) -> dict[str, Any]:
    """`authority_json` with each authority's article text, law-in-force flags and delegation chain."""
    corpus = corpus or corpus_or_none()
    answer: dict[str, Any] = {"query": query, "subjects": []}
    for subject in subjects:
        data = subject.to_json()
        if corpus is not None:
            for link, authority in zip(subject.links, data["authorities"], strict=True):
                authority.update(link_chain_json(link, corpus))
        answer["subjects"].append(data)
    return answer


# ---------------------------------------------------------------- what rests on a statute


_REVERSE: dict[int, dict[str, list[tuple[str, int]]]] = {}


def resting_on(corpus: LawCorpus, pcode: str, max_depth: int = MAX_DEPTH) -> dict[str, int]:
    """Regulations resting on `pcode` through their enabling clauses: {regulation pcode: depth}."""
    reverse = _REVERSE.get(id(corpus))
    if reverse is None:
        reverse = defaultdict(list)
        laws = corpus.laws
        for child in laws:
            if isinstance(laws, _Laws):
                parents = laws.parents_of(child)  # without building 11,547 laws
            else:
                parents = [p.pcode for p in laws[child].parents]
            for parent in dict.fromkeys(parents):
                if parent and parent != child:
                    reverse[parent].append((child, 1))
        _REVERSE[id(corpus)] = reverse
    found: dict[str, int] = {}
    frontier = [(pcode, 0)]
    while frontier:
        current, depth = frontier.pop(0)
        if depth >= max_depth:
            continue
        for child, _one in reverse.get(current, []):
            if child not in found and child != pcode:
                found[child] = depth + 1
                frontier.append((child, depth + 1))
    return found


@dataclass
class Through:
    """A record resting on the statute through one of its regulations."""

    link: LegalLink  # the record's link to the regulation
    steps: list[Step]  # regulation → … → the statute

    def to_json(self) -> dict[str, Any]:
        data = self.link.to_json()
        data["through"] = True
        data["regulation"] = self.link.statute.name
        data["regulation_pcode"] = self.link.statute.pcode
        data["delegation"] = [step.to_json() for step in self.steps]
        return data


def _line(link: LegalLink) -> tuple[str, int | None, str]:
    """A line's identity across books: record keys repeat from book to book."""
    return (link.agency, link.roc_year, link.subject)


@dataclass
class CitedByChain:
    """`CitedBy` of a statute plus what rests on it through its regulations, totals counting lines once."""

    own: CitedBy
    through: list[Through] = field(default_factory=list)  # direct links to its regulations
    through_inferred: list[Through] = field(default_factory=list)  # plans above those lines

    def counted(self) -> list[tuple[LegalLink, bool]]:
        """One (link, is_through) per line: citing the statute itself wins over a regulation, the first
        regulation over a second one, and a line inside a plan already counted (a grant under a work plan
        that cites the statute) is not counted again."""
        seen: dict[str, tuple[LegalLink, bool]] = {}
        for link in self.own.direct:
            seen.setdefault(link.subject_iri, (link, False))
        for item in self.through:
            seen.setdefault(item.link.subject_iri, (item.link, True))
        counted_keys = {_line(link) for link, _ in seen.values()}
        nested: set[tuple[str, int | None, str]] = set()
        for link in [*self.own.inferred, *(t.link for t in self.through_inferred)]:
            if _line(link) in counted_keys:
                nested.update((link.agency, link.roc_year, key) for key in link.via if key != link.subject)
        return [(link, through) for link, through in seen.values() if _line(link) not in nested]

    @property
    def total(self) -> Decimal:
        return sum((link.amount for link, _ in self.counted() if link.amount is not None), Decimal(0))

    def totals(self) -> dict[tuple[str, int | None], Decimal]:
        sums: dict[tuple[str, int | None], Decimal] = defaultdict(Decimal)
        for link, _ in self.counted():
            if link.amount is not None:
                sums[(link.agency, link.roc_year)] += link.amount
        return dict(sums)

    @property
    def own_total(self) -> Decimal:
        return sum(
            (link.amount for link, through in self.counted() if not through and link.amount is not None),
            Decimal(0),
        )

    @property
    def through_total(self) -> Decimal:
        return self.total - self.own_total

    def regulations(self) -> list[tuple[str, str, int]]:
        """(pcode, name, lines counted through it) of the regulations that carry money to the statute."""
        lines: dict[str, set[str]] = defaultdict(set)
        names: dict[str, str] = {}
        counted = {link.subject_iri for link, through in self.counted() if through}
        for item in self.through:
            names[item.link.statute.pcode] = item.link.statute.name
            if item.link.subject_iri in counted:
                lines[item.link.statute.pcode].add(item.link.subject_iri)
        return sorted(((p, names[p], len(lines[p])) for p in names), key=lambda r: (-r[2], r[0]))

    def to_json(self) -> dict[str, Any]:
        data = self.own.to_json()
        # "counted": this link is the one the line's amount is counted through (a line on two
        # regulations of the statute is listed twice, counted once)
        counted = {id(link) for link, through in self.counted() if through}
        data["through_regulations"] = [
            {**item.to_json(), "counted": id(item.link) in counted} for item in self.through
        ]
        data["through_inferred"] = [item.to_json() for item in self.through_inferred]
        data["regulations"] = [{"pcode": p, "name": n, "lines_counted": c} for p, n, c in self.regulations()]
        data["own_total"] = str(self.own_total)
        data["through_total"] = str(self.through_total)
        data["total"] = str(self.total)
        data["totals"] = [
            {"agency": agency, "roc_year": year, "amount": str(amount)}
            for (agency, year), amount in sorted(
                self.totals().items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)
            )
        ]
        return data


def cited_by_through(
    links: Sequence[LegalLink],
    query: str,
    index: LawIndex | None = None,
    corpus: LawCorpus | None = None,
) -> CitedByChain:
    """What rests on a statute: records citing it, and (marked `through`) records citing its regulations."""
    own = cited_by(links, query, index)
    corpus = corpus or corpus_or_none()
    answer = CitedByChain(own)
    if corpus is None or not own.statute.pcode:
        return answer
    regulations = resting_on(corpus, own.statute.pcode)
    steps: dict[str, list[Step]] = {}
    for link in links:
        pcode = link.statute.pcode
        if pcode not in regulations or link.relation not in {DIRECT, INFERRED}:
            continue
        if pcode not in steps:
            steps[pcode] = _path(corpus, pcode, own.statute.pcode)
        item = Through(link, steps[pcode])
        (answer.through if link.relation == DIRECT else answer.through_inferred).append(item)
    return answer


def _path(corpus: LawCorpus, regulation: str, statute: str) -> list[Step]:
    """The steps from `regulation` up to `statute` (only those on a path reaching it)."""
    every = delegation_steps(corpus, regulation)
    reaching = {statute}
    kept: list[Step] = []
    for step in sorted(every, key=lambda s: -s.level):
        if step.parent_pcode in reaching:
            reaching.add(step.regulation.pcode)
            kept.append(step)
    return sorted(kept, key=lambda s: s.level)


# ---------------------------------------------------------------- money resting only on 行政規則


def resting_only_on_unresolved(links: Sequence[LegalLink]) -> tuple[list[LegalLink], Decimal]:
    """Lines whose every direct legal basis is outside the corpus (要點, 作業規定 …), with their sum.

    A line nested in another such line (a grant under a plan in the list) is counted once.
    """
    direct: dict[str, list[LegalLink]] = defaultdict(list)
    for link in links:
        if link.relation == DIRECT:
            direct[link.subject_iri].append(link)
    only = [group[0] for group in direct.values() if all(not link.statute.resolved for link in group)]
    keys = {_line(link) for link in only}
    nested: set[tuple[str, int | None, str]] = set()
    for link in links:
        if link.relation == INFERRED and _line(link) in keys:
            nested.update((link.agency, link.roc_year, key) for key in link.via if key != link.subject)
    counted = [link for link in only if _line(link) not in nested]
    return counted, sum((link.amount for link in counted if link.amount is not None), Decimal(0))


__all__ = [
    "CitedByChain",
    "Step",
    "Through",
    "article_label",
    "authority_chain_json",
    "cited_by_through",
    "delegation_steps",
    "resting_on",
    "resting_only_on_unresolved",
]
