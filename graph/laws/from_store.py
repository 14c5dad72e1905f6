"""The legal-basis links of every ingested book, read back from the store (the inverse of graph/laws/triples.py).

`links_from_store(store)` rebuilds the `LegalLink`s that `link_book(records)` gave at ingest, so
`graph.laws.authority` answers from the store as it does from book files; `plan_subjects_from_store` lists
the plans the books state, linked or not, for `authority_for(subjects=…)`.

Parts of a link the RDF does not state are derived the way the records derive them:
- the record key (`Donation:5226102200/06/對團體之捐助/4040`) from the entity's IRI, which
  graph/mapping_base mints from the same printed codes, plus its item, recipient type and object class.
  Records keyed by a digest of their whole content (no printed code: 施政重點, 以往年度施政成果) get
  `Type:<the IRI's digest>` instead;
- the record field the citation was read from: the first of the subject's texts holding the evidence;
- the record type where two records share a node: a revenue row's node carries its explanation's own
  citations (direct, mention) and the authority lifted from the rows below it (inferred);
- the article of an unresolved statute (no provision node): from the statement's article label;
- the order of `via`: RDF keeps none, so it is sorted.

The answer is cached per store, keyed on the store's triple count (every ingest changes it).
"""

from __future__ import annotations

import re
import threading
import unicodedata
import weakref
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any
from urllib.parse import unquote

from graph.laws.authority import Plan, Subject, authority_for, cited_by
from graph.laws.index import Law, LawIndex, default_index
from graph.laws.links import DIRECT, INFERRED, MENTION, LegalLink
from graph.laws.normalise import similarity
from graph.laws.resolve import Candidate, Statute
from graph.store import Store
from ingest.records import RECORD_TYPES

PLAN_TYPES = ("WorkPlan", "BranchPlan", "Project", "Subsidy", "Donation", "Commission")
GRANT_TYPES = frozenset({"Subsidy", "Donation", "Commission"})
REVENUE_TYPES = frozenset({"RevenueItem", "RevenueHeading"})
KINDS = {name.lower(): name for name in RECORD_TYPES}  # IRI path segment → record type
# Classes graph/mapping names differently from the record type, for the records graph/laws reads citations in.
CLASS_TYPES = {
    "OrganizationalUnit": "OrgUnit",
    "Narrative": "BudgetNarrative",
    "RevenueHeading": "RevenueItem",
}

# The subject's texts a citation may have been read from, in graph/laws/links.cited_fields order.
TEXT_FIELDS = {
    "legalBasisText": "legal_basis_text",
    "content": "content",
    "duty": "duties",
    "response": "response",
    "note": "note",
    "expectedResults": "expected_results",
    "description": "description",
    "text": "text",
}
# Record fields graph/mapping states as bud:content under another name.
FIELD_RENAMES = {
    ("WorkPlan", "content"): "contents",
    ("PastPerformance", "content"): "text",
    ("BudgetNarrative", "content"): "text",
}
# A subject node with no text in the store (a mapping without that record family): its type's one cited field.
UNMAPPED_FIELDS = {"PolicyPriority": "content", "PastPerformance": "text", "BudgetNarrative": "text"}
ARTICLE_LABEL = re.compile(r"第(\d+)[條點](?:之(\d+))?")

STATEMENTS = """
SELECT DISTINCT ?st ?subject ?relation ?authority ?statute ?evidence ?document ?page ?articleLabel
       ?statuteText ?book
WHERE {
  ?st a bud:LegalBasisStatement ; bud:subject ?subject ; bud:relation ?relation ;
      bud:authority ?authority ; bud:statute ?statute .
  OPTIONAL { ?st bud:evidence ?evidence }
  OPTIONAL { ?st bud:document ?document }
  OPTIONAL { ?st bud:page ?page }
  OPTIONAL { ?st bud:articleLabel ?articleLabel }
  OPTIONAL { ?st bud:statuteText ?statuteText }
  OPTIONAL { ?st bud:inBook ?book }
}
"""

# bud:via names a record by IRI, or by its record key (a literal) when the record has no links of its own.
VIAS = """
SELECT DISTINCT ?st ?via ?named
WHERE { ?st a bud:LegalBasisStatement ; bud:via ?via BIND(isIRI(?via) AS ?named) }
"""

NODES = f"""
SELECT DISTINCT ?x ?p ?o
WHERE {{
  {{ SELECT DISTINCT ?x WHERE {{
       ?st a bud:LegalBasisStatement .
       {{ ?st bud:subject ?x }} UNION {{ ?st bud:via ?x FILTER(isIRI(?x)) }}
  }} }}
  VALUES ?p {{
    rdf:type rdfs:label bud:amount bud:printedTotal bud:item bud:recipientType bud:objectClass bud:section
    {" ".join(f"bud:{name}" for name in TEXT_FIELDS)}
  }}
  ?x ?p ?o .
}}
"""

PLANS = f"""
SELECT DISTINCT ?x ?type ?label ?item ?recipientType ?objectClass ?explained ?amount ?total
WHERE {{
  VALUES ?type {{ {" ".join(f"bud:{t}" for t in (*PLAN_TYPES, "RevenueItem"))} }}
  ?x a ?type ; rdfs:label ?label .
  OPTIONAL {{ ?x bud:item ?item }}
  OPTIONAL {{ ?x bud:recipientType ?recipientType }}
  OPTIONAL {{ ?x bud:objectClass ?objectClass }}
  OPTIONAL {{ ?x bud:amount ?amount }}
  OPTIONAL {{ ?x bud:printedTotal ?total }}
  BIND(EXISTS {{ ?x bud:legalBasisText|bud:content [] }} AS ?explained)
}}
"""

STATUTES = """
SELECT DISTINCT ?s ?label ?pcode ?date
WHERE {
  ?s a bud:Statute ; rdfs:label ?label .
  OPTIONAL { ?s bud:pcode ?pcode }
  OPTIONAL { ?s eli:date_document ?date }
}
"""

CANDIDATES = "SELECT DISTINCT ?s ?c WHERE { ?s a bud:Statute ; bud:candidate ?c }"

PROVISIONS = "SELECT DISTINCT ?p ?article WHERE { ?p a bud:Provision ; bud:articleNumber ?article }"

BOOKS = """
SELECT DISTINCT ?book ?year ?agency
WHERE {
  ?book a bud:BudgetBook .
  OPTIONAL { ?book bud:rocYear ?year }
  OPTIONAL { ?book bud:agency/rdfs:label ?agency }
}
"""

HAS_BOOKS = "ASK { ?book a bud:BudgetBook }"

ROW_LIMIT = 10_000_000  # the reader needs every row; the store's default cap is for interactive queries


def store_has_books(store: Store) -> bool:
    return bool(store.query(HAS_BOOKS).boolean)


def _local(iri: object) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rsplit("/", 1)[-1]


def _tail(iri: str, count: int) -> list[str]:
    return [unquote(part) for part in iri.rstrip("/").split("/")[-count:]]


def _value(row: dict[str, object], name: str) -> str:
    value = row.get(name)
    return "" if value is None else str(value)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def article_of_label(label: str) -> str:
    """ "第62條之1第2項" → "62-1", "第4點" → "4" (graph/laws/citations writes labels with Arabic numerals)."""
    match = ARTICLE_LABEL.match(label)
    if match is None:
        return ""
    return match.group(1) + (f"-{match.group(2)}" if match.group(2) else "")


def record_key_of(
    kind: str, iri: str, label: str, item: str = "", recipient_type: str = "", object_class: str = ""
) -> str:
    """The `ingest.records.record_key` of the record stated at `iri` (IRIs from graph/mapping_base.record_iri)."""
    if kind in {"WorkPlan", "RevenueItem", "RevenueExplanation", "Resolution"}:
        return f"{kind}:{_tail(iri, 1)[0]}"
    if kind == "BranchPlan":
        return f"{kind}:{'/'.join(_tail(iri, 2))}"
    if kind == "Project":
        return f"{kind}:{'/'.join(_tail(iri, 3))}"
    if kind in GRANT_TYPES:
        return f"{kind}:{_tail(iri, 3)[0]}/{item or label}/{recipient_type}/{_local(object_class)}"
    if kind in {"Agency", "OrgUnit", "MultiYearPlan", "BudgetBook"} and label:
        return f"{kind}:{label}"
    return f"{kind}:{_tail(iri, 1)[0]}"


@dataclass(frozen=True)
class _Node:
    """What the store says about an entity a statement is about, or was lifted through."""

    iri: str
    types: tuple[str, ...]
    label: str = ""
    amount: Decimal | None = None
    item: str = ""
    recipient_type: str = ""
    object_class: str = ""  # the object class's IRI (its code is the last segment)
    section: str = ""
    texts: tuple[tuple[str, str], ...] = ()  # (bud: local name, text) in TEXT_FIELDS order

    def kind(self, explanation: bool) -> str:
        """The record type; `explanation`: the node's own citations, which a revenue row's explanation made."""
        if any(t in REVENUE_TYPES for t in self.types):
            return "RevenueExplanation" if explanation else "RevenueItem"
        known = [CLASS_TYPES.get(t, t) for t in self.types if CLASS_TYPES.get(t, t) in RECORD_TYPES]
        if known:
            return known[0]
        segments = self.iri.split("/")
        return next((KINDS[s] for s in reversed(segments) if s in KINDS), "Entity")

    def key(self, explanation: bool) -> str:
        return record_key_of(
            self.kind(explanation), self.iri, self.label, self.item, self.recipient_type, self.object_class
        )

    def name(self, explanation: bool) -> str:
        if self.kind(explanation) == "Resolution" and (self.section or self.item):
            return f"{self.section} {self.item}".strip()  # as graph.laws.links.subject_name names it
        return self.label or self.key(explanation)

    def field_of(self, evidence: str, explanation: bool) -> str:
        """The record field the evidence was read from: the first of the node's texts holding it."""
        kind = self.kind(explanation)
        wanted = _squeeze(evidence)
        for name, text in self.texts:
            if wanted and wanted in _squeeze(text):
                field = TEXT_FIELDS[name]
                return FIELD_RENAMES.get((kind, field), field)
        return UNMAPPED_FIELDS.get(kind, "") if not self.texts else ""


class _Reader:
    """One pass over the store: a few SELECTs, joined here."""

    def __init__(self, store: Store, index: LawIndex) -> None:
        self.store = store
        self.index = index

    def rows(self, sparql: str) -> list[dict[str, object]]:
        return self.store.select(sparql, limit=ROW_LIMIT)

    def nodes(self) -> dict[str, _Node]:
        props: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
        for row in self.rows(NODES):
            props[str(row["x"])][_local(row["p"])].append(row["o"])
        nodes = {}
        for iri, values in props.items():
            amount = next(iter(values.get("amount", []) or values.get("printedTotal", [])), None)
            nodes[iri] = _Node(
                iri=iri,
                types=tuple(sorted(_local(t) for t in values.get("type", []))),
                label=min((str(v) for v in values.get("label", [])), default=""),
                amount=Decimal(str(amount)) if amount is not None else None,
                item=str(next(iter(values.get("item", [])), "")),
                recipient_type=str(next(iter(values.get("recipientType", [])), "")),
                object_class=str(next(iter(values.get("objectClass", [])), "")),
                section=str(next(iter(values.get("section", [])), "")),
                texts=tuple(
                    (name, "\n".join(sorted(str(v) for v in values[name])))
                    for name in TEXT_FIELDS
                    if values.get(name)
                ),
            )
        return nodes

    def statutes(self) -> dict[str, Statute]:
        candidates: dict[str, list[str]] = defaultdict(list)
        for row in self.rows(CANDIDATES):
            candidates[str(row["s"])].append(str(row["c"]))
        found: dict[str, tuple[str, str, str]] = {}
        for row in self.rows(STATUTES):
            found.setdefault(
                str(row["s"]),
                (_value(row, "label"), _value(row, "pcode"), _value(row, "date").replace("-", "")),
            )
        labels = {iri: name for iri, (name, _pcode, _date) in found.items()}
        statutes = {}
        for iri, (name, pcode, published) in found.items():
            if pcode:
                law = self.index.laws.get(pcode) or Law(pcode, name, published)
                statutes[iri] = Statute(name, pcode, law=law)
            else:
                statutes[iri] = Statute(name, candidates=self._candidates(name, candidates[iri], labels))
        return statutes

    def _candidates(self, name: str, iris: list[str], labels: dict[str, str]) -> tuple[Candidate, ...]:
        """The stored candidates, scored as graph.laws.resolve.closest scored them (the score is not stored)."""
        scored = []
        for iri in iris:
            pcode = _local(iri)
            law = self.index.laws.get(pcode)
            other = law.name if law else labels.get(iri, pcode)
            scored.append(Candidate(pcode, other, round(similarity(name, other), 3)))
        return tuple(sorted(scored, key=lambda c: (-c.score, c.pcode)))

    def books(self) -> dict[str, tuple[str, int | None]]:
        books = {}
        for row in self.rows(BOOKS):
            year = row.get("year")
            books[str(row["book"])] = (_value(row, "agency"), int(str(year)) if year is not None else None)
        return books

    def links(self) -> list[LegalLink]:
        statements = self.rows(STATEMENTS)
        self.node = self.nodes()
        self.statute = self.statutes()
        self.article = {str(row["p"]): _value(row, "article") for row in self.rows(PROVISIONS)}
        self.book = self.books()
        explained = {str(row["subject"]) for row in statements if str(row["relation"]) != INFERRED}
        vias: dict[str, list[tuple[str, str]]] = defaultdict(list)  # statement → (IRI or "", record key)
        for row in self.rows(VIAS):
            via = str(row["via"])
            if row.get("named"):
                node = self.node.get(via) or _Node(via, ())
                vias[str(row["st"])].append((via, node.key(via in explained)))
            else:
                vias[str(row["st"])].append(("", via))

        direct = [self._link(row) for row in statements if str(row["relation"]) != INFERRED]
        fields = {
            (link.subject_iri, link.statute.key, link.article, link.evidence): link.field for link in direct
        }
        lifted = []
        for row in statements:
            if str(row["relation"]) != INFERRED:
                continue
            passed = vias.get(str(row["st"]), [])
            link = self._link(row, tuple(sorted(key for _iri, key in passed)))
            # An inferred link's field is that of the citation it was lifted from.
            field = next(
                (
                    fields[k]
                    for v, _key in passed
                    if (k := (v, link.statute.key, link.article, link.evidence)) in fields
                ),
                link.field,
            )
            lifted.append(replace(link, field=field))

        direct.sort(key=lambda link: (link.agency, link.roc_year or 0, link.page or 0, *_order(link)))
        lifted.sort(key=lambda link: (link.agency, link.roc_year or 0, *_order(link)))
        return direct + lifted

    def _link(self, row: dict[str, object], via: tuple[str, ...] = ()) -> LegalLink:
        relation = str(row["relation"])
        explanation = relation != INFERRED
        subject = str(row["subject"])
        node = self.node.get(subject) or _Node(subject, ())
        statute_iri = str(row["statute"])
        statute = self.statute.get(statute_iri) or Statute(unquote(_local(statute_iri)))
        label = _value(row, "articleLabel")
        evidence = _value(row, "evidence")
        agency, roc_year = self.book.get(_value(row, "book"), ("", None))
        page = row.get("page")
        return LegalLink(
            subject=node.key(explanation),
            subject_type=node.kind(explanation),
            subject_name=node.name(explanation),
            subject_iri=subject,
            statute=statute,
            article=self.article.get(str(row["authority"])) or article_of_label(label),
            article_label=label,
            relation=relation if relation in {DIRECT, MENTION, INFERRED} else MENTION,
            evidence=evidence,
            document=_value(row, "document"),
            page=int(str(page)) if page is not None else None,
            field=node.field_of(evidence, explanation),
            via=via,
            amount=node.amount,
            agency=agency,
            roc_year=roc_year,
            statute_text=_value(row, "statuteText"),
        )

    def plan_subjects(self) -> list[Plan]:
        # The IRI and amount too: a plan no statement is about has nothing else to give them back.
        subjects = set()
        for row in self.rows(PLANS):
            kind = _local(row["type"])
            if kind == "RevenueItem":
                if not row.get("explained"):
                    continue  # graph.laws treats only a revenue row's explanation as a plan
                kind = "RevenueExplanation"
            iri, label = str(row["x"]), _value(row, "label")
            key = record_key_of(
                kind,
                iri,
                label,
                _value(row, "item"),
                _value(row, "recipientType"),
                _value(row, "objectClass"),
            )
            amount = row.get("amount") if row.get("amount") is not None else row.get("total")
            subjects.add(Plan(key, kind, label, iri, Decimal(str(amount)) if amount is not None else None))
        return sorted(subjects)


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """Printed numbers in order: Project …/02/3 before …/02/11."""
    return tuple((int(part), "") if part.isdigit() else (0, part) for part in re.split(r"(\d+)", text))


def _order(link: LegalLink) -> tuple[object, ...]:
    return (_natural(link.subject), link.relation, link.statute.name, _natural(link.article))


@dataclass(frozen=True)
class StoreLinks:
    """What the authority answers need from one state of the store."""

    links: tuple[LegalLink, ...]
    plans: tuple[Plan, ...]  # (record key, type, name, IRI, amount) of every plan, linked or not


_CACHE: weakref.WeakKeyDictionary[Store, tuple[int, int, StoreLinks]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def read_store(store: Store, index: LawIndex | None = None) -> StoreLinks:
    """The links and plans of every book in the store; read again only when its triple count changed."""
    index = index or default_index()
    count = store.triple_count()
    with _LOCK:
        cached = _CACHE.get(store)
    if cached is not None and cached[:2] == (count, id(index)):
        return cached[2]
    reader = _Reader(store, index)
    answer = StoreLinks(tuple(reader.links()), tuple(reader.plan_subjects()))
    with _LOCK:
        _CACHE[store] = (count, id(index), answer)
    return answer


def links_from_store(store: Store, index: LawIndex | None = None) -> list[LegalLink]:
    """Every legal-basis link of every ingested book: direct and mention first, then inferred."""
    return list(read_store(store, index).links)


def plan_subjects_from_store(store: Store, index: LawIndex | None = None) -> list[Plan]:
    """(record key, type, name, IRI, amount) of every plan, project, grant and explained revenue row in the store."""
    return list(read_store(store, index).plans)


def authority_json(query: str, subjects: list[Subject]) -> dict[str, Any]:
    """The JSON answer of `budgetkg authority NAME --json` and GET /authority."""
    return {"query": query, "subjects": [subject.to_json() for subject in subjects]}


def authority_from_store(store: Store, query: str, index: LawIndex | None = None) -> dict[str, Any]:
    """What `query` (a plan, project or item name or code) rests on, over every book in the store.

    Raises graph.laws.authority.AuthorityQueryError when nothing in the store matches.
    """
    answer = read_store(store, index)
    return authority_json(query, authority_for(answer.links, query, subjects=answer.plans))


def cited_by_from_store(store: Store, statute: str, index: LawIndex | None = None) -> dict[str, Any]:
    """Every record in the store resting on `statute` (name, short name or pcode), with amounts."""
    return cited_by(read_store(store, index).links, statute, index).to_json()
