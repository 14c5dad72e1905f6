"""Legal authority of budget records: statute citations → 全國法規資料庫 pcodes → graph edges.

`link_book(records)` gives every (record, statute, article) link with its evidence; `legal_basis_triples`
the RDF the graph mapping adds to a book's named graph; `graph.laws.authority` answers questions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from graph.laws.links import LegalLink, link_book
from graph.laws.triples import Triple, triples_of
from ingest.records import Record


def legal_basis_triples(records: Sequence[Record]) -> Iterator[Triple]:
    """The legal-basis triples of one book's records (statements, statutes, provisions)."""
    yield from triples_of(link_book(records))


__all__ = ["LegalLink", "legal_basis_triples", "link_book"]
