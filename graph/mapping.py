"""A parsed book → RDF triples in the budget ontology (ontology/budget.ttl).

`book_triples(parsed)` is the one entry point: every record type of ingest/records.py is mapped by the
family modules (mapping_plans, mapping_other) into one Sink, one IRI per entity (graph/iris.py), each
entity typed, tied to its book with `bud:inBook` and to its source with `prov:wasDerivedFrom`.
Legal-basis edges come from graph/laws when that stage is installed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph import iris
from graph.mapping_appendix import map_appendix
from graph.mapping_base import (
    BookScope,
    Sink,
    Triple,
    fiscal_year_literal,
    integer_literal,
    record_iri,
    record_iri_index,
)
from graph.mapping_other import (
    Names,
    map_citations,
    map_grants,
    map_multi_year,
    map_resolutions,
    map_resources,
    map_texts,
)
from graph.mapping_plans import map_branches, map_expenditure, map_organisation, map_revenue
from graph.namespaces import BUD, DCTERMS, ELI, ORG, PROV, RDF, RDFS, SHARED_PATHS, SKOS, TIME, XSD
from graph.national import book_observations
from ingest.book import ParsedBook
from ingest.records import BudgetBook, Project, Provenance, Record, gregorian, records_of

log = logging.getLogger(__name__)

__all__ = [
    "BookScope",
    "Triple",
    "book_triples",
    "record_iri",
    "record_iri_index",
    "records_triples",
    "split_shared",
]


def book_triples(parsed: ParsedBook) -> Iterator[Triple]:
    """All triples of one parsed book (its named graph's content)."""
    yield from records_triples(parsed.records)


# What a shared node IS (its type, names, codes, place in a hierarchy): the same whichever book states it.
# What a book says ABOUT it (where it was read, duties as printed that year, its legal basis) stays in the
# book's graph, so re-ingesting or removing a book never leaves stale statements behind.
_IDENTITY = frozenset(
    {
        RDF.type,
        RDFS.label,
        RDFS.seeAlso,
        SKOS.prefLabel,
        SKOS.notation,
        SKOS.inScheme,
        SKOS.broader,
        SKOS.topConceptOf,
        BUD.code,
        BUD.level,
        BUD.pcode,
        BUD.articleOf,
        BUD.articleNumber,
        BUD.text,
        BUD.unresolved,
        BUD.candidate,
        BUD.issuer,
        BUD.rocDate,
        BUD.documentNumber,
        BUD.rocYear,
        BUD.fiscalYear,
        DCTERMS.date,
        ORG.hasUnit,
        ORG.unitOf,
        ORG.subOrganizationOf,
    }
)


def split_shared(triples: Iterable[Triple]) -> tuple[list[Triple], list[Triple]]:
    """(book graph, shared graph): what statutes, concepts, agencies, letters … are goes to the shared graph.

    Edges from the book's entities to those nodes, and what the book says about them, stay in the book's graph.
    """
    triples = list(triples)
    prefixes = tuple(iris.base_iri() + path for path in SHARED_PATHS)
    statements = {s for s, p, o in triples if p == RDF.type and o == BUD.LegalBasisStatement}
    own: list[Triple] = []
    shared: list[Triple] = []
    for triple in triples:
        s, p, _o = triple
        is_shared = (
            str(s).startswith(prefixes)
            and s not in statements
            and (p in _IDENTITY or str(p).startswith((str(ELI), str(TIME))))
        )
        (shared if is_shared else own).append(triple)
    return own, shared


def records_triples(records: Sequence[Record]) -> Iterator[Triple]:
    scope = BookScope.of(records)
    sink = Sink(scope)
    _map_book(sink, records)
    map_organisation(sink, records)
    work_plans = map_expenditure(sink, records)
    branches = map_branches(sink, records, work_plans)
    map_appendix(sink, records, work_plans)
    map_revenue(sink, records)
    names = Names()
    for node in [*work_plans.values(), *branches.values()]:
        names.add(sink.labels.get(node, ""), node)
    for code, node in work_plans.items():
        names.add(code, node)
    for (work_plan, number), node in branches.items():
        names.add(f"{work_plan}/{number}", node)
    for project in records_of(list(records), Project):
        names.add(project.name, record_iri(project, scope))
    map_grants(sink, records, names)
    map_multi_year(sink, records, names)
    map_resolutions(sink, records, names)
    map_resources(sink, records, names)
    map_texts(sink, records, names)
    map_citations(sink, records)
    _add_legal_basis(sink, records)
    yield from sink
    # issue 11: the book's figures as stage-qualified observations beside bud:amount (graph/national.py)
    yield from book_observations(records)


def _map_book(sink: Sink, records: Sequence[Record]) -> None:
    scope = sink.scope
    book = next(r for r in records if isinstance(r, BudgetBook))
    node = sink.entity(scope.book, BUD.BudgetBook, book, book.title)
    sink.text(node, DCTERMS.title, book.title)
    sink.add(node, BUD.agency, scope.agency_node)
    sink.add(node, BUD.fiscalYear, fiscal_year_literal(book.roc_year))
    sink.add(node, BUD.rocYear, integer_literal(book.roc_year))
    sink.text(node, BUD.budgetKind, book.budget_kind)
    sink.plain(node, BUD.document, book.document)
    # OWL-Time: the fiscal year is the Gregorian calendar year (會計年度 runs 1 January–31 December).
    year = gregorian(book.roc_year)
    period = f"{iris.base_iri()}fiscal-year/{book.roc_year}"
    period_node = URIRef(period)
    sink.add(period_node, RDF.type, BUD.FiscalYear)
    sink.add(period_node, RDFS.label, Literal(f"{book.roc_year}年度", lang="zh-Hant"))
    sink.add(period_node, TIME.hasXSDDuration, Literal("P1Y", datatype=XSD.duration))
    sink.add(period_node, BUD.rocYear, integer_literal(book.roc_year))
    sink.add(period_node, BUD.fiscalYear, fiscal_year_literal(book.roc_year))
    for edge, day in ((TIME.hasBeginning, f"{year}-01-01"), (TIME.hasEnd, f"{year}-12-31")):
        instant = URIRef(f"{period}/{'begin' if edge == TIME.hasBeginning else 'end'}")
        sink.add(instant, RDF.type, TIME.Instant)
        sink.add(instant, TIME.inXSDDate, Literal(day, datatype=XSD.date))
        sink.add(period_node, edge, instant)
    sink.add(node, BUD.fiscalPeriod, period_node)
    agency = scope.agency_node
    sink.add(agency, RDF.type, BUD.Agency)
    sink.text(agency, RDFS.label, book.agency)
    if book.parent_agency:
        sink.text(node, BUD.parentAgencyName, book.parent_agency)


def _add_legal_basis(sink: Sink, records: Sequence[Record]) -> None:
    """bud:legalBasis edges from graph/laws, when that stage is installed.

    Its citation statements carry document, page and evidence; they are tied to the book and given a
    SourceReference here so that every entity in the graph has the same provenance shape.
    """
    try:
        from graph.laws import legal_basis_triples
    except (ImportError, AttributeError):
        return
    try:
        triples = list(legal_basis_triples(list(records)))
    except Exception:  # law linking must never cost a book its budget facts
        log.exception("graph.laws.legal_basis_triples failed; the book is mapped without legal-basis edges")
        return
    statements: dict[Node, dict[Node, Node]] = {}
    for s, p, o in triples:
        sink.add(s, p, o)
        if p == RDF.type and o == BUD.LegalBasisStatement:
            statements.setdefault(s, {})
    for s, p, o in triples:
        if s in statements:
            statements[s].setdefault(p, o)
    for statement, values in statements.items():
        sink.add(statement, BUD.inBook, sink.scope.book)
        page = values.get(BUD.page)
        provenance = Provenance(
            document=str(values.get(BUD.document, sink.scope.document)),
            page=int(str(page)) if page is not None else None,
            text=str(values.get(BUD.evidence, "")),
            section="法令依據",
        )
        sink.add(statement, PROV.wasDerivedFrom, sink.source(provenance))
