"""What an entity page shows, gathered with a few SPARQL queries: facts, amounts, hierarchy, children,
legal basis with evidence, resolutions that concern it, records resting on it, and source pages.

Both the HTML page and the JSON view are built from `entity_view(store, iri)`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from api.entity_laws import add_law_context
from api.routes.document_files import pdf_href
from graph.namespaces import PREFIXES
from graph.query_guard import iri_term
from graph.store import Store

AMOUNT_LABELS = {
    "amount": "本年度預算數",
    "previousYearAmount": "上年度預算數",
    "priorYearActual": "前年度決算數",
    "change": "本年度與上年度比較",
    "frozenAmount": "凍結金額",
    "cutAmount": "刪減金額",
    "totalAmount": "經費需求總額",
}
MAX_FACTS = 400


@dataclass
class EntityView:
    iri: str
    href: str
    label: str = ""
    types: list[str] = field(default_factory=list)
    amounts: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    ancestors: list[dict[str, Any]] = field(default_factory=list)
    children: list[dict[str, Any]] = field(default_factory=list)
    legal_basis: list[dict[str, Any]] = field(default_factory=list)
    resolutions: list[dict[str, Any]] = field(default_factory=list)
    dependants: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    # Sentences placing the entity in time (a resolution's two years).
    context: list[str] = field(default_factory=list)
    law: dict[str, Any] | None = (
        None  # statute / provision pages: text, enabling clause, chain (api/entity_laws)
    )
    # issue 13: the Legislative Yuan's proposals on this line (and beneath it), with the work plan's cut
    proposals: list[dict[str, Any]] = field(default_factory=list)
    review_cuts: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def entity_href(iri: str) -> str:
    return "/entity?iri=" + quote(iri, safe="")


def short(iri: str) -> str:
    """A prefixed name for a vocabulary IRI (bud:amount), else the IRI."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _this(iri: str) -> str:
    """The entity as a bound value: `VALUES ?this { <iri> }` with the IRI checked (QueryError if it is none),
    so no request text is ever spliced into a query's syntax."""
    return f"VALUES ?this {{ {iri_term(iri)} }}"


def entity_view(store: Store, iri: str) -> EntityView | None:
    """The page content of one entity, or None when the graph says nothing about it (QueryError: not an IRI)."""
    subject = "?this"
    this = _this(iri)
    facts = store.select(
        f"SELECT DISTINCT ?p ?o ?olabel WHERE {{ {this} {subject} ?p ?o . OPTIONAL {{ ?o rdfs:label ?olabel }} }} LIMIT {MAX_FACTS}"
    )
    if not facts:
        return None
    view = EntityView(iri=iri, href=entity_href(iri))
    seen: set[tuple[str, str]] = set()
    for row in facts:
        predicate, value = str(row["p"]), row["o"]
        # An object labelled in several languages (the ontology's classes) comes back once per label.
        if (predicate, str(value)) in seen:
            continue
        seen.add((predicate, str(value)))
        name = short(predicate)
        if name == "rdf:type":
            view.types.append(short(str(value)).removeprefix("bud:"))
            continue
        if name == "rdfs:label" and not view.label:
            view.label = str(value)
        local = name.removeprefix("bud:")
        if local in AMOUNT_LABELS and isinstance(value, Decimal | int | float):
            view.amounts.append({"label": AMOUNT_LABELS[local], "property": local, "value": str(value)})
        is_iri = (
            isinstance(value, str) and value.startswith(("http://", "https://")) and row["olabel"] is not None
        )
        view.facts.append(
            {
                "predicate": name,
                "label": str(row["olabel"] if row["olabel"] is not None else value),
                "value": str(value),
                "href": entity_href(str(value)) if is_iri or _is_ours(store, value) else None,
            }
        )
    view.context = _context(view)
    view.ancestors = _ancestors(store, iri)
    view.children = _rows(
        store,
        f"""SELECT ?x ?label ?type ?amount WHERE {{ {this} ?x bud:partOf {subject} . OPTIONAL {{ ?x rdfs:label ?label }}
            OPTIONAL {{ ?x a ?type }} OPTIONAL {{ ?x bud:amount ?amount }} }} ORDER BY DESC(?amount)""",
    )
    view.legal_basis = _legal_basis(store, this)
    view.resolutions = _rows(
        store,
        f"SELECT ?x ?label ?type WHERE {{ {this} ?x bud:concerns {subject} . OPTIONAL {{ ?x rdfs:label ?label }} OPTIONAL {{ ?x a ?type }} }}",
    )
    view.dependants = _rows(
        store,
        f"""SELECT DISTINCT ?x ?label ?type ?amount WHERE {{ {this}
              {{ ?st bud:authority {subject} }} UNION {{ ?st bud:statute {subject} }}
              ?st a bud:LegalBasisStatement ; bud:subject ?x ; bud:relation "direct" .
              OPTIONAL {{ ?x rdfs:label ?label }} OPTIONAL {{ ?x a ?type }} OPTIONAL {{ ?x bud:amount ?amount }} }}""",
    )
    view.sources = [
        {
            "document": r["document"],
            "page": r["page"],
            "pdf_page": r["pdfPage"],
            # Links into the PDF go to the physical page: printed 第 48 頁 is the 55th page of the 內政部 PDF.
            "href": pdf_href(str(r["document"]), int(str(r["pdfPage"])))
            if r["pdfPage"] is not None
            else None,
            "text": r["text"],
        }
        for r in store.select(
            f"""SELECT DISTINCT ?document ?page ?pdfPage ?text WHERE {{ {this} {subject} prov:wasDerivedFrom ?s .
                OPTIONAL {{ ?s bud:document ?document }} OPTIONAL {{ ?s bud:page ?page }}
                OPTIONAL {{ ?s bud:pdfPage ?pdfPage }} OPTIONAL {{ ?s bud:sourceText ?text }} }}
                ORDER BY ?page LIMIT 20"""
        )
    ]
    _add_review(store, view)
    add_law_context(view)  # article texts and delegation chains from the law corpus
    return view


def _context(view: EntityView) -> list[str]:
    """A resolution is made on one budget year and reported on in a later year's book: say both."""
    years = {f["predicate"]: f["value"] for f in view.facts if f["predicate"] in YEAR_FACTS}
    made, reported = years.get("bud:resolutionRocYear"), years.get("bud:reportedInRocYear")
    if "Resolution" not in view.types or made is None:
        return []
    line = f"立法院審議 {made} 年度預算時所作之決議"
    if reported is not None and reported != made:
        line += f"；本筆為 {reported} 年度預算書所載之辦理情形報告（非 {reported} 年度之決議）"
    return [line + "。"]


YEAR_FACTS = ("bud:resolutionRocYear", "bud:reportedInRocYear")


_REVIEWED_TYPES = {"WorkPlan", "BranchPlan", "LineItem", "ExpenditureHeading", "AgencyExpenditure"}


def _add_review(store: Store, view: EntityView) -> None:
    """Proposals (減列/凍結) on this line and beneath it, and for a work plan its proposed/enacted/cut."""
    if not _REVIEWED_TYPES & set(view.types):
        return
    from graph.review.report import proposals_of, work_plan_cuts

    view.proposals = proposals_of(store, view.iri)
    for proposal in view.proposals:
        proposal["href"] = entity_href(proposal["iri"])
    if view.proposals and "WorkPlan" in view.types:
        view.review_cuts = work_plan_cuts(store, [view.iri])


def _is_ours(store: Store, value: object) -> bool:
    from graph.iris import is_ours

    return isinstance(value, str) and is_ours(value)


def _rows(store: Store, sparql: str) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for row in store.select(sparql):
        iri = str(row["x"])
        entry = merged.setdefault(
            iri,
            {
                "iri": iri,
                "href": entity_href(iri),
                "label": str(row.get("label") or iri),
                "type": "",
                "amount": None,
            },
        )
        kind = row.get("type")
        if kind is not None and str(kind).startswith(PREFIXES["bud"]) and not entry["type"]:
            entry["type"] = short(str(kind)).removeprefix("bud:")
        if row.get("amount") is not None:
            entry["amount"] = str(row["amount"])
    return list(merged.values())


def _ancestors(store: Store, iri: str) -> list[dict[str, Any]]:
    chain: list[dict[str, Any]] = []
    current = iri
    for _ in range(8):  # plan hierarchies are shallow; the bound guards against cycles
        rows = store.select(
            f"SELECT ?p ?label WHERE {{ {_this(current)} ?this bud:partOf ?p . OPTIONAL {{ ?p rdfs:label ?label }} }} LIMIT 1"
        )
        if not rows:
            break
        parent = str(rows[0]["p"])
        chain.insert(
            0, {"iri": parent, "href": entity_href(parent), "label": str(rows[0]["label"] or parent)}
        )
        current = parent
    return chain


def _legal_basis(store: Store, this: str) -> list[dict[str, Any]]:
    """Direct, inferred and mentioned authorities, each with its evidence sentence (graph/laws statements)."""
    rows = store.select(
        f"""SELECT DISTINCT ?basis ?label ?pcode ?url ?relation ?evidence ?page WHERE {{ {this}
              ?st a bud:LegalBasisStatement ; bud:subject ?this ; bud:authority ?basis .
              OPTIONAL {{ ?st bud:relation ?relation }} OPTIONAL {{ ?st bud:evidence ?evidence }}
              OPTIONAL {{ ?st bud:page ?page }}
              OPTIONAL {{ ?basis rdfs:label ?label }}
              OPTIONAL {{ ?st bud:statute ?statute . ?statute bud:pcode ?pcode }}
              OPTIONAL {{ ?basis rdfs:seeAlso ?url }}
            }} ORDER BY ?relation ?label"""
    )
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        basis = str(row["basis"])
        key = (basis, str(row["relation"] or ""))
        entry = merged.setdefault(
            key,
            {
                "iri": basis,
                "href": entity_href(basis),
                "label": str(row["label"] or basis),
                "pcode": row["pcode"],
                "url": row["url"],
                "relation": row["relation"],
                "evidence": row["evidence"],
                "page": row["page"],
            },
        )
        for field_name in ("pcode", "url", "evidence", "page"):
            if entry[field_name] is None and row[field_name] is not None:
                entry[field_name] = row[field_name]
    order = {"direct": 0, "inferred": 1, "mention": 2}
    return sorted(merged.values(), key=lambda e: order.get(str(e["relation"]), 3))
