"""Records → legal-basis links: direct (the record cites it), inferred (a record beneath it does).

Direct links come from the fields where books state authority: 法令依據 of revenue items, the 依據
column of 補助/捐助/委辦 rows, the agency's 法定職掌, Legislative Yuan resolutions and the agency's
responses, and plan narratives (where a bare mention becomes relation "mention").
Inferred links lift a grant's authority to the Project / BranchPlan / WorkPlan it is budgeted under,
and a revenue explanation's to its RevenueItem and the items it sums into; each says `via` which
records produced it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rdflib import URIRef

from graph import iris
from graph.laws.citations import StatuteCitation, find_citations
from graph.laws.index import LawIndex, default_index
from graph.laws.normalise import similarity, statute_key
from graph.laws.resolve import Statute, resolve
from ingest.records import (
    Agency,
    BranchPlan,
    BudgetBook,
    BudgetNarrative,
    Grant,
    MultiYearPlan,
    OrgUnit,
    PastPerformance,
    PolicyPriority,
    Project,
    Record,
    Resolution,
    RevenueExplanation,
    RevenueItem,
    WorkPlan,
    record_key,
)

DIRECT, MENTION, INFERRED = "direct", "mention", "inferred"
PROJECT_NAME_MATCH = 0.8  # 模具先進材料成型技術增值計畫 (grant row) vs …加值計畫 (project): one word differs


@dataclass(frozen=True)
class LegalLink:
    """One (record, statute, article) edge with its evidence."""

    subject: str  # record_key of the record resting on the statute
    subject_type: str
    subject_name: str
    subject_iri: str
    statute: Statute
    article: str = ""  # "62-1"
    article_label: str = ""  # "第62條之1"
    relation: str = DIRECT  # direct | mention | inferred
    evidence: str = ""
    document: str = ""
    page: int | None = None
    field: str = ""  # the record field the citation was read from
    via: tuple[str, ...] = ()  # record keys an inferred link was lifted from
    amount: Decimal | None = None  # the subject's amount this year (NT$)
    agency: str = ""
    roc_year: int | None = None
    statute_text: str = ""  # the statute as named in the book (normalised)
    source_text: str = ""  # the record's provenance text (names its source node, as graph/mapping does)

    @property
    def provision_iri(self) -> URIRef | None:
        return self.statute.provision_iri(self.article)

    @property
    def target_iri(self) -> URIRef:
        return self.provision_iri or self.statute.iri

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "subject_type": self.subject_type,
            "subject_name": self.subject_name,
            "subject_iri": self.subject_iri,
            "statute": self.statute.name,
            "pcode": self.statute.pcode,
            "resolved": self.statute.resolved,
            "statute_iri": str(self.statute.iri),
            "url": self.statute.url,
            "candidates": [
                {"pcode": c.pcode, "name": c.name, "score": c.score} for c in self.statute.candidates
            ],
            "article": self.article,
            "article_label": self.article_label,
            "provision_iri": str(self.provision_iri) if self.provision_iri else "",
            "article_url": self.statute.article_url(self.article),
            "relation": self.relation,
            "evidence": {
                "text": self.evidence,
                "document": self.document,
                "page": self.page,
                "field": self.field,
            },
            "via": list(self.via),
            "amount": str(self.amount) if self.amount is not None else None,
            "agency": self.agency,
            "roc_year": self.roc_year,
        }


def cited_fields(record: Record) -> list[tuple[str, str, bool]]:
    """(field, text, is_legal_basis_field) of a record worth reading for citations."""
    if isinstance(record, RevenueExplanation):
        return [("legal_basis_text", record.legal_basis_text, True), ("content", record.content, False)]
    if isinstance(record, Grant):
        return [("legal_basis_text", record.legal_basis_text, True), ("content", record.content, False)]
    if isinstance(record, Agency):
        return [
            ("legal_basis_text", record.legal_basis_text, True),
            ("duties", "\n".join(record.duties), False),
        ]
    if isinstance(record, Resolution):
        return [("content", record.content, False), ("response", record.response, False)]
    if isinstance(record, MultiYearPlan):
        return [("note", record.note, False)]  # approval letters (函核定): rarely a statute
    if isinstance(record, WorkPlan):
        return [
            ("contents", "\n".join(record.contents), False),
            ("expected_results", record.expected_results, False),
        ]
    if isinstance(record, BranchPlan | Project):
        return [("description", record.description, False)]
    if isinstance(record, PolicyPriority):
        return [("content", record.content, False)]
    if isinstance(record, PastPerformance):
        return [("text", record.text, False)]
    if isinstance(record, BudgetNarrative):
        return [("text", record.text, False)]
    if isinstance(record, OrgUnit):
        return [("duties", "\n".join(record.duties), False)]
    return []


def subject_name(record: Record) -> str:
    for attr in ("name", "plan_name", "title"):
        value = getattr(record, attr, "")
        if value:
            return str(value)
    if isinstance(record, Resolution):
        return f"{record.section} {record.item}".strip()
    return record_key(record)


def subject_amount(record: Record) -> Decimal | None:
    amount = getattr(record, "amount", None)
    return getattr(amount, "value_ntd", None)


class _Iris:
    """Subject IRIs: the graph mapping's scheme when installed, else entity_iri(agency, roc, kind, *key)."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.book = next((r for r in records if isinstance(r, BudgetBook)), None)
        self.agency = self.book.agency if self.book else ""
        self.roc_year = self.book.roc_year if self.book else 0
        self._mapping: Any = None
        self._scope: Any = None
        try:
            from graph.mapping_base import BookScope, record_iri

            self._scope = BookScope.of(records)
            self._mapping = record_iri
        except (ImportError, ValueError):
            self._mapping = None

    def __call__(self, record: Record) -> str:
        if self._mapping is not None:
            return str(self._mapping(record, self._scope))
        return str(fallback_record_iri(record, self.agency, self.roc_year))


def record_iris(records: Sequence[Record]) -> Callable[[Record], str]:
    """record → the IRI its subject has in the graph (as the links of `link_book(records)` name it)."""
    return _Iris(records)


def fallback_record_iri(record: Record, agency: str, roc_year: int) -> URIRef:
    """Used only when graph.mapping_base is not installed: kind = lower-case type, key = record_key parts."""
    key = record_key(record).split(":", 1)[1]
    return iris.entity_iri(agency or "unknown", roc_year, record.type.lower(), *key.split("/"))


def _agencies(records: Sequence[Record]) -> tuple[str, str]:
    agency = next((r for r in records if isinstance(r, Agency)), None)
    book = next((r for r in records if isinstance(r, BudgetBook)), None)
    name = (agency.name if agency else "") or (book.agency if book else "")
    parent = (book.parent_agency if book else "") or (agency.parent_name if agency else "")
    parent = parent.removesuffix("主管")
    if not parent and name and "部" in name[:-1]:
        parent = name[: name.index("部") + 1]  # 經濟部產業發展署 → 經濟部
    return name, parent


@dataclass
class _Context:
    index: LawIndex
    iri: _Iris
    agency: str
    parent: str
    statutes: dict[str, Statute] = field(default_factory=dict)

    def statute(self, citation: StatuteCitation) -> Statute:
        key = citation.pcode or statute_key(citation.name)
        found = self.statutes.get(key)
        if found is None:
            found = resolve(citation.name, self.index, citation.pcode)
            self.statutes[key] = found
            if found.pcode:
                self.statutes[found.pcode] = found
        return found


def direct_links(records: Sequence[Record], index: LawIndex | None = None) -> list[LegalLink]:
    """Links stated by the records themselves (relation direct or mention)."""
    agency, parent = _agencies(records)
    context = _Context(index or default_index(), _Iris(records), agency, parent)
    links: list[LegalLink] = []
    for record in records:
        seen: dict[tuple[str, str], int] = {}
        for name, text, legal_basis in cited_fields(record):
            if not text or not text.strip():
                continue
            for citation in find_citations(
                text, context.index, legal_basis=legal_basis, agency=agency, parent_agency=parent
            ):
                statute = context.statute(citation)
                refs = [(a.number, a.label) for a in citation.articles] or [("", "")]
                for number, label in refs:
                    link = LegalLink(
                        subject=record_key(record),
                        subject_type=record.type,
                        subject_name=subject_name(record),
                        subject_iri=context.iri(record),
                        statute=statute,
                        article=number,
                        article_label=label,
                        relation=citation.relation,
                        evidence=citation.evidence,
                        document=record.provenance.document,
                        page=record.provenance.page,
                        field=name,
                        amount=subject_amount(record),
                        agency=context.iri.agency or agency,
                        roc_year=context.iri.roc_year or None,
                        statute_text=citation.name,
                        source_text=record.provenance.text,
                    )
                    key = (statute.key, number)
                    if key in seen:  # the same authority in legal_basis_text and content: keep the stronger
                        earlier = links[seen[key]]
                        if earlier.relation == MENTION and link.relation == DIRECT:
                            links[seen[key]] = link
                        continue
                    seen[key] = len(links)
                    links.append(link)
    return links


def _same_plan(a: str, b: str) -> bool:
    x, y = statute_key(a), statute_key(b)
    return bool(x and y) and (
        x == y or x.startswith(y) or y.startswith(x) or similarity(x, y) >= PROJECT_NAME_MATCH
    )


def inferred_links(records: Sequence[Record], direct: Iterable[LegalLink]) -> list[LegalLink]:
    """Authorities of plans and revenue items lifted from the records beneath them."""
    iri = _Iris(records)
    by_subject: dict[str, list[LegalLink]] = {}
    for link in direct:
        if link.relation == DIRECT:
            by_subject.setdefault(link.subject, []).append(link)
    projects = [r for r in records if isinstance(r, Project)]
    branches = {(r.work_plan_code, r.number): r for r in records if isinstance(r, BranchPlan)}
    work_plans = {r.code: r for r in records if isinstance(r, WorkPlan)}
    revenue = {r.code: r for r in records if isinstance(r, RevenueItem)}

    lifted: dict[tuple[str, str, str], tuple[Record, LegalLink, list[str]]] = {}

    def lift(target: Record, link: LegalLink, path: list[str]) -> None:
        if iri(target) == link.subject_iri:
            return  # the mapping gives a RevenueExplanation its RevenueItem's IRI: already direct there
        key = (record_key(target), link.statute.key, link.article)
        if key in lifted:
            via = lifted[key][2]
            via.extend(p for p in path if p not in via)
        else:
            lifted[key] = (target, link, list(path))

    for grant in (r for r in records if isinstance(r, Grant)):
        grant_links = by_subject.get(record_key(grant), [])
        if not grant_links:
            continue
        matches = [
            p
            for p in projects
            if p.work_plan_code == grant.work_plan_code and _same_plan(p.name, grant.plan_name)
        ]
        best = max(matches, key=lambda p: similarity(p.name, grant.plan_name), default=None)
        for link in grant_links:
            path = [record_key(grant)]
            if best is not None:
                lift(best, link, path)
                branch = branches.get((best.work_plan_code, best.branch_number))
                if branch is not None:
                    lift(branch, link, [*path, record_key(best)])
            work_plan = work_plans.get(grant.work_plan_code)
            if work_plan is not None:
                lift(work_plan, link, path)

    for explanation in (r for r in records if isinstance(r, RevenueExplanation)):
        code: str = explanation.code
        path = [record_key(explanation)]
        while code in revenue:  # the item explained, then each row it sums into
            item = revenue[code]
            for link in by_subject.get(record_key(explanation), []):
                lift(item, link, path)
            path = [*path, record_key(item)]
            code = item.parent_code

    return [
        LegalLink(
            subject=record_key(target),
            subject_type=target.type,
            subject_name=subject_name(target),
            subject_iri=iri(target),
            statute=link.statute,
            article=link.article,
            article_label=link.article_label,
            relation=INFERRED,
            evidence=link.evidence,
            document=link.document,
            page=link.page,
            field=link.field,
            via=tuple(via),
            amount=subject_amount(target),
            agency=link.agency,
            roc_year=link.roc_year,
        )
        for target, link, via in lifted.values()
    ]


def link_book(records: Sequence[Record], index: LawIndex | None = None) -> list[LegalLink]:
    """Every legal-basis link of one book's records: direct and mention first, then inferred."""
    records = list(records)
    direct = direct_links(records, index)
    return direct + inferred_links(records, direct)
