"""Answers about legal authority, for the CLI and the HTTP API alike.

`authority_for(links, query)`: the records named by a plan / project name or code, each with the
statutes (and articles) it rests on, direct or inferred, with evidence.
`cited_by(links, statute)`: every record resting on a statute, with amounts summed by year and agency.
Both take the links of one or more books (`graph.laws.link_book(records)` per book).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from graph.laws.index import LawIndex, default_index
from graph.laws.links import DIRECT, INFERRED, MENTION, LegalLink, record_iris, subject_amount, subject_name
from graph.laws.normalise import statute_key
from graph.laws.resolve import Statute, resolve
from ingest.records import Record, record_key

RELATION_ORDER = {DIRECT: 0, INFERRED: 1, MENTION: 2}
# The record types `authority_for` answers about, linked or not.
PLAN_RECORD_TYPES = frozenset(
    {"WorkPlan", "BranchPlan", "Project", "Subsidy", "Donation", "Commission", "RevenueExplanation"}
)


class AuthorityQueryError(LookupError):
    """Nothing matches the name or code asked about (message says what was searched)."""


@dataclass
class Subject:
    key: str
    type: str
    name: str
    iri: str
    amount: Decimal | None
    links: list[LegalLink] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.key,
            "type": self.type,
            "name": self.name,
            "iri": self.iri,
            "amount": str(self.amount) if self.amount is not None else None,
            "authorities": [link.to_json() for link in self.links],
        }


class Plan(NamedTuple):
    """A record `authority_for` can answer about even when it has no link: its key, type, name, IRI and amount."""

    key: str
    type: str
    name: str
    iri: str = ""
    amount: Decimal | None = None


def plans_of(records: Sequence[Record]) -> list[Plan]:
    """Every plan, project, grant and revenue explanation of one book, with the IRI the graph gives it."""
    iri = record_iris(records)
    return [
        Plan(record_key(r), r.type, subject_name(r), iri(r), subject_amount(r))
        for r in records
        if r.type in PLAN_RECORD_TYPES
    ]


def _subjects(links: Iterable[LegalLink]) -> dict[str, Subject]:
    subjects: dict[str, Subject] = {}
    for link in links:
        subject = subjects.setdefault(
            link.subject_iri,
            Subject(link.subject, link.subject_type, link.subject_name, link.subject_iri, link.amount),
        )
        subject.links.append(link)
    for subject in subjects.values():
        subject.links.sort(
            key=lambda link: (
                RELATION_ORDER.get(link.relation, 9),
                link.statute.name,
                _article_order(link.article),
            )
        )
    return subjects


def _article_order(article: str) -> tuple[int, int]:
    main, _, sub = article.partition("-")
    return (int(main) if main.isdigit() else 0, int(sub) if sub.isdigit() else 0)


def _code_of(key: str) -> list[str]:
    """The printed codes a record key carries: "Donation:5226102200/06/…" → ["5226102200", "06"]."""
    return key.split(":", 1)[-1].split("/")


def authority_for(
    links: Sequence[LegalLink], query: str, *, subjects: Sequence[tuple[Any, ...]] = ()
) -> list[Subject]:
    """The records named `query` (exact name, record key or code; else names containing it) with their links.

    `subjects` lists `Plan`s (or (record_key, type, name) tuples) of records that may have no link at all,
    so a plan without a stated authority is answered with an empty list instead of "not found" — with
    its IRI and amount, which no link carries for it.
    """
    wanted = statute_key(query)
    if not wanted:
        raise AuthorityQueryError("give a plan name, project name or code")
    by_subject = _subjects(links)
    linked = {s.key for s in by_subject.values()}
    for plan in (Plan(*subject) for subject in subjects):
        if plan.key not in linked:
            by_subject[plan.key] = Subject(plan.key, plan.type, plan.name, plan.iri, plan.amount)

    def exact(subject: Subject) -> bool:
        return (
            statute_key(subject.name) == wanted
            or subject.key == query
            or (
                query.isdigit()
                and _code_of(subject.key)[0] == query
                and subject.type in {"WorkPlan", "RevenueExplanation", "RevenueItem"}
            )
        )

    found = [s for s in by_subject.values() if exact(s)]
    if not found:
        found = [s for s in by_subject.values() if wanted in statute_key(s.name)]
    if not found:
        raise AuthorityQueryError(
            f"no plan, project or item named or coded {query!r} in the books searched; "
            "try part of the name as printed, or a 10-digit work-plan code"
        )
    return sorted(found, key=lambda s: (not s.links, s.type, s.key))


@dataclass
class CitedBy:
    statute: Statute
    direct: list[LegalLink]  # records citing it themselves (amounts summed)
    inferred: list[LegalLink]  # plans resting on it through those records (not summed again)
    mentions: list[LegalLink]

    @property
    def total(self) -> Decimal:
        return sum((link.amount for link in self._counted() if link.amount is not None), Decimal(0))

    def _counted(self) -> list[LegalLink]:
        """One row per record: a record citing two articles of the statute counts once."""
        seen: dict[str, LegalLink] = {}
        for link in self.direct:
            seen.setdefault(link.subject_iri, link)
        return list(seen.values())

    def totals(self) -> dict[tuple[str, int | None], Decimal]:
        """Sum of direct records' amounts by (agency, ROC year)."""
        sums: dict[tuple[str, int | None], Decimal] = defaultdict(Decimal)
        for link in self._counted():
            if link.amount is not None:
                sums[(link.agency, link.roc_year)] += link.amount
        return dict(sums)

    def to_json(self) -> dict[str, Any]:
        return {
            "statute": self.statute.name,
            "pcode": self.statute.pcode,
            "resolved": self.statute.resolved,
            "statute_iri": str(self.statute.iri),
            "url": self.statute.url,
            "records": [link.to_json() for link in self._counted()],
            "articles": sorted({link.article_label for link in self.direct if link.article_label}),
            "inferred": [link.to_json() for link in self.inferred],
            "mentions": [link.to_json() for link in self.mentions],
            "total": str(self.total),
            "totals": [
                {"agency": agency, "roc_year": year, "amount": str(amount)}
                for (agency, year), amount in sorted(
                    self.totals().items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)
                )
            ],
        }


def find_statute(links: Sequence[LegalLink], query: str, index: LawIndex | None = None) -> Statute:
    """A statute by pcode, full name or alias, or (unresolved ones) by the name as written."""
    index = index or default_index()
    text = query.strip()
    if text.upper() in index.laws:
        return resolve("", index, text.upper())
    law = index.lookup(text)
    if law is not None:
        return resolve(law.name, index, law.pcode)
    wanted = statute_key(text)
    cited = {link.statute.key: link.statute for link in links}
    exact = [s for s in cited.values() if statute_key(s.name) == wanted]
    partial = [s for s in cited.values() if wanted and wanted in statute_key(s.name)]
    for group in (exact, partial):
        if len(group) == 1:
            return group[0]
        if len(group) > 1:
            names = "、".join(sorted(s.name for s in group))
            raise AuthorityQueryError(
                f"{query!r} matches several statutes ({names}); give the full name or the pcode"
            )
    raise AuthorityQueryError(
        f"no statute named or coded {query!r} is cited in the books searched; "
        "give the full name as in 全國法規資料庫 or its pcode (e.g. J0030115)"
    )


def cited_by(links: Sequence[LegalLink], query: str, index: LawIndex | None = None) -> CitedBy:
    statute = find_statute(links, query, index)
    mine = [link for link in links if link.statute.key == statute.key]
    return CitedBy(
        statute=statute,
        direct=[link for link in mine if link.relation == DIRECT],
        inferred=[link for link in mine if link.relation == INFERRED],
        mentions=[link for link in mine if link.relation == MENTION],
    )
