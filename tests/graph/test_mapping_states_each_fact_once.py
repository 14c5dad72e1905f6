"""The mapping: one IRI per entity, provenance on every entity, printed subtotals never counted as amounts."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from rdflib import Graph, URIRef

from graph.mapping import book_triples
from graph.namespaces import BUD, PROV, RDF
from graph.validate import ontology_graph, validate_triples
from ingest.book import ParsedBook

THOUSAND = Decimal(1000)


@pytest.fixture(scope="module")
def graph(sample_book: ParsedBook) -> Graph:
    made = Graph()
    for triple in book_triples(sample_book):
        made.add(triple)
    return made


def total(graph: Graph, cls: URIRef) -> Decimal:
    return sum(
        (Decimal(str(a)) for s in graph.subjects(RDF.type, cls) for a in graph.objects(s, BUD.amount)),
        Decimal(0),
    )


def test_work_plans_branches_and_line_items_each_sum_to_the_agency_total(graph: Graph) -> None:
    agency_total = Decimal(13_539_071) * THOUSAND  # 產業發展署 row, 歲出機關別預算表 p.27
    assert total(graph, BUD.WorkPlan) == agency_total
    assert total(graph, BUD.BranchPlan) == agency_total
    assert total(graph, BUD.LineItem) == agency_total


def test_revenue_items_sum_to_the_printed_total_and_headings_carry_no_amount(graph: Graph) -> None:
    assert total(graph, BUD.RevenueItem) == Decimal(110_636) * THOUSAND  # 合計, 歲入來源別預算表 p.25
    for cls in (BUD.RevenueHeading, BUD.ExpenditureHeading, BUD.AgencyExpenditure, BUD.FunctionExpenditure):
        headings = set(graph.subjects(RDF.type, cls))
        assert not [h for h in headings if (h, BUD.amount, None) in graph], cls


def test_the_work_plan_row_and_its_page_are_one_entity(graph: Graph) -> None:
    plans = [s for s in graph.subjects(BUD.code, None) if (s, RDF.type, BUD.WorkPlan) in graph]
    codes = Counter(str(graph.value(p, BUD.code)) for p in plans)
    assert codes == Counter(
        {"5226102200": 1, "5726100100": 1, "5726102000": 1, "5726108110": 1, "5726109800": 1}
    )
    industrial = next(p for p in plans if str(graph.value(p, BUD.code)) == "5226102200")
    pages = {int(graph.value(source, BUD.page)) for source in graph.objects(industrial, PROV.wasDerivedFrom)}  # type: ignore[arg-type]
    assert pages == {27, 39}  # 歲出機關別預算表 and 歲出計畫提要 both state it
    assert graph.value(industrial, BUD.previousYearAmount) is not None
    assert len(list(graph.objects(industrial, BUD.amount))) == 1


def test_every_entity_has_provenance_with_document_page_and_text(graph: Graph) -> None:
    ontology = ontology_graph()
    entity_classes = {c for c in ontology.subjects(RDF.type, None) if str(c).startswith(str(BUD))}
    typed = {
        s for s, o in graph.subject_objects(RDF.type) if o in entity_classes and o != BUD.SourceReference
    }
    typed = {s for s in typed if (s, BUD.inBook, None) in graph}
    assert len(typed) > 500
    for entity in typed:
        sources = list(graph.objects(entity, PROV.wasDerivedFrom))
        assert sources, entity
        for source in sources:
            assert graph.value(source, BUD.document) is not None
            assert graph.value(source, BUD.sourceText) is not None


def test_mapping_is_deterministic(sample_book: ParsedBook) -> None:
    assert list(book_triples(sample_book)) == list(book_triples(sample_book))


def test_shacl_passes_on_the_sample_and_catches_a_broken_graph(graph: Graph) -> None:
    report = validate_triples(graph)
    assert report.conforms, report.summary()
    heading = next(graph.subjects(RDF.type, BUD.RevenueHeading))
    plan = next(graph.subjects(RDF.type, BUD.WorkPlan))
    broken = [t for t in graph if not (t[0] == plan and t[1] in {BUD.amount, PROV.wasDerivedFrom})]
    broken.append((heading, BUD.amount, graph.value(heading, BUD.printedTotal)))  # type: ignore[arg-type]
    bad = validate_triples(broken)
    assert not bad.conforms
    failing = {(v.focus, v.path) for v in bad.violations}
    assert (str(plan), str(BUD.amount)) in failing
    assert (str(plan), str(PROV.wasDerivedFrom)) in failing
    assert (str(heading), str(BUD.amount)) in failing
