"""A book's figures are also stage observations (bud:Proposed for a 單位預算), checked by SHACL."""

from __future__ import annotations

from decimal import Decimal

from graph.mapping import book_triples
from graph.namespaces import BUD
from graph.validate import validate_triples
from ingest.book import ParsedBook


def test_the_sample_books_work_plans_are_proposed_observations(sample_book: ParsedBook):
    triples = list(book_triples(sample_book))
    observations = {s for s, p, o in triples if p == BUD.stage and o == BUD.Proposed}
    amounts = {
        str(entity).rsplit("/", 1)[1]: Decimal(str(amount))
        for s, p, entity in triples
        if p == BUD.observedEntity and s in observations and "/workplan/" in str(entity)
        for s2, p2, amount in triples
        if s2 == s and p2 == BUD.observedAmount
    }
    assert amounts == {  # printed 本年度預算數, 千元
        "5226102200": Decimal(12_111_581_000),
        "5726100100": Decimal(383_155_000),
        "5726102000": Decimal(363_335_000),
        "5726108110": Decimal(678_000_000),
        "5726109800": Decimal(3_000_000),
    }
    assert validate_triples(triples).conforms
    broken = [t for t in triples if not (t[1] == BUD.stage and t[0] == next(iter(observations)))]
    assert not validate_triples(broken).conforms
