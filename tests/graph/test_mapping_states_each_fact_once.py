"""The mapping: one IRI per entity, provenance on every entity, printed subtotals never counted as amounts."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from graph.iris import is_ours
from graph.mapping import BookScope, book_triples, record_iri
from graph.mapping_base import is_subtotal_name
from graph.namespaces import BUD, PROV, RDF
from graph.validate import ontology_graph, validate_triples
from ingest.book import ParsedBook
from ingest.records import (
    BranchPlan,
    Grant,
    MultiYearPlan,
    PastPerformance,
    PolicyPriority,
    Project,
    Resolution,
    WorkPlan,
    record_key,
)

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
    pages = {
        int(str(graph.value(source, BUD.page))) for source in graph.objects(industrial, PROV.wasDerivedFrom)
    }
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
    printed = graph.value(heading, BUD.printedTotal)
    assert printed is not None
    broken.append((heading, BUD.amount, printed))
    bad = validate_triples(broken)
    assert not bad.conforms
    failing = {(v.focus, v.path) for v in bad.violations}
    assert (str(plan), str(BUD.amount)) in failing
    assert (str(plan), str(PROV.wasDerivedFrom)) in failing
    assert (str(heading), str(BUD.amount)) in failing


def test_records_get_the_iri_record_iri_promises(sample_book: ParsedBook, graph: Graph) -> None:
    scope = BookScope.of(sample_book.records)
    kinds = (WorkPlan, BranchPlan, Project, Grant, Resolution, MultiYearPlan, PolicyPriority, PastPerformance)
    checked = 0
    for record in sample_book.records:
        if isinstance(record, kinds) and not is_subtotal_name(getattr(record, "plan_name", "") or ""):
            assert (record_iri(record, scope), RDF.type, None) in graph, record_key(record)
            checked += 1
    assert checked > 100


def test_iris_do_not_depend_on_the_process(sample_path: Path) -> None:
    script = (
        "import hashlib, sys; from pathlib import Path; from ingest.book import parse_book; "
        "from graph.mapping import book_triples; "
        "s = sorted({str(t[0]) for t in book_triples(parse_book(Path(sys.argv[1])))}); "
        "print(hashlib.sha1('\\n'.join(s).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script, str(sample_path)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_staff_are_counted_once(graph: Graph) -> None:
    lines = list(graph.subjects(RDF.type, BUD.StaffingLine))
    assert (
        sum(int(str(graph.value(line, BUD["count"]))) for line in lines) == 283
    )  # 合計, 預算員額明細表 p.72


def test_every_edge_reaches_a_described_node(graph: Graph) -> None:
    described = set(graph.subjects(RDF.type, None)) | set(ontology_graph().subjects(RDF.type, None))
    dangling = {
        (str(p), str(o))
        for s, p, o in graph
        if isinstance(o, URIRef)
        and is_ours(str(o))
        and p not in {RDF.type, BUD.candidate}
        and o not in described
    }
    assert not dangling, sorted(dangling)[:5]
