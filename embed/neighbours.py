"""Graph neighbours of search hits, read from the data directory's triple store when there is one.

Search works without the graph stage; expansion is best effort: with no store (or a store another
process holds open) the hits simply carry no neighbours.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
LIMIT = 12

_QUERY = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?direction ?p ?o (SAMPLE(?l) AS ?label) WHERE {
  { <$NODE> ?p ?o . FILTER(isIRI(?o)) BIND("out" AS ?direction) }
  UNION
  { ?o ?p <$NODE> . BIND("in" AS ?direction) }
  FILTER(?p != rdf:type && ?p != prov:wasDerivedFrom)
  OPTIONAL { ?o rdfs:label ?l }
} GROUP BY ?direction ?p ?o ORDER BY ?direction ?p LIMIT %d
"""


def attach_neighbours(data_dir: Path, hits: list[Any], store: Any = None) -> None:
    """Fill `hit.neighbours` with {direction, relation, iri, label} of each hit's graph node."""
    opened = None
    if store is None:
        store = opened = _open_store(data_dir)
    if store is None:
        return
    try:
        for hit in hits:
            hit.neighbours = neighbours(store, hit.iri)
    finally:
        if opened is not None:
            opened.close()


def neighbours(store: Any, iri: str) -> list[dict[str, str]]:
    if "<" in iri or ">" in iri or " " in iri:  # not a well-formed IRI; never splice it into a query
        return []
    try:
        rows = store.select(_QUERY.replace("$NODE", iri) % LIMIT)
    except Exception as exc:  # a store error must not fail the search it decorates
        log.debug("neighbours of %s: %s", iri, exc)
        return []
    return [
        {
            "direction": str(row.get("direction") or ""),
            "relation": str(row.get("p") or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1],
            "iri": str(row.get("o") or ""),
            "label": str(row.get("label") or ""),
        }
        for row in rows
    ]


def _open_store(data_dir: Path) -> Any:
    try:
        from graph.store import open_store, store_exists
    except ImportError:
        return None
    if not store_exists(data_dir):
        return None
    try:
        return open_store(data_dir, read_only=True)
    except Exception as exc:  # locked by a running server, or not a store
        log.debug("no graph store for neighbours: %s", exc)
        return None
