"""Two books in one store: shared nodes (statutes, concepts) are described once, so joins do not multiply."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from graph.mapping import BookScope, book_triples, split_shared
from graph.namespaces import ONTOLOGY_GRAPH, shared_graph
from graph.store import OxigraphStore
from graph.validate import ontology_triples, validate_triples, with_shared
from ingest.book import ParsedBook
from tests.graph.sample_store import THOUSAND, as_another_book, query_text


def test_two_books_answer_without_double_counting(sample_book: ParsedBook) -> None:
    scope = BookScope.of(sample_book.records)
    triples = list(book_triples(sample_book))
    store = OxigraphStore()
    store.replace_graph(ONTOLOGY_GRAPH, ontology_triples())
    for graph, book in [(str(scope.book), triples), as_another_book(triples, scope, "-copy")]:
        own, shared = split_shared(book)
        store.replace_graph(graph, own, shared=shared)
    assert len(store.book_graphs()) == 2

    statutes = store.select("SELECT ?s ?label WHERE { ?s a bud:Statute ; rdfs:label ?label }")
    assert statutes and max(Counter(r["s"] for r in statutes).values()) == 1

    totals = {r["code"]: r["amount"] for r in store.select(query_text("object-class-totals"))}
    assert totals["2039"] == 2 * Decimal(6_646_052) * THOUSAND  # each book's 委辦費 once
    plans = store.select(query_text("work-plan-totals"))
    assert len(plans) == 10 and len({r["book"] for r in plans}) == 2

    # What `budgetkg validate` checks: each book with the shared graph both books wrote into.
    common = [(s, p, o) for s, p, o, _g in store.quads(shared_graph())]
    assert common
    for graph in store.book_graphs():
        report = validate_triples(with_shared(((s, p, o) for s, p, o, _g in store.quads(graph)), common))
        assert report.conforms, report.summary()
    store.close()
