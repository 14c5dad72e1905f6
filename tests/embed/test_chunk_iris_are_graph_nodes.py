"""Every entity a search hit names is a node of the book's graph, so a hit links to its page in the graph."""

from __future__ import annotations

import pytest

from embed.chunks import PASSAGE, book_chunks


def test_every_record_chunk_iri_is_a_subject_in_the_mapped_graph(sample_book) -> None:  # type: ignore[no-untyped-def]
    mapping = pytest.importorskip("graph.mapping")
    subjects = {str(s) for s, _p, _o in mapping.records_triples(sample_book.records)}
    chunks = [c for c in book_chunks(sample_book.document, sample_book.records, sample_book.sections)]
    entity_chunks = [c for c in chunks if c.type != PASSAGE]
    assert len({c.type for c in entity_chunks}) >= 10
    missing = sorted({(c.type, c.iri) for c in entity_chunks if c.iri not in subjects})
    assert not missing, missing[:5]
