"""Graph neighbours of search hits, when the data directory holds a graph store.

Search works without the graph stage; expansion is best effort and silently adds nothing when no
store is present or it cannot be opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

LIMIT = 8


def attach_neighbours(data_dir: Path, hits: list[Any]) -> None:
    store = _open_store(data_dir)
    if store is None:
        return
    for hit in hits:
        hit.neighbours = _neighbours(store, hit.iri)


def _open_store(data_dir: Path) -> Any:
    try:
        from graph import store as graph_store
    except ImportError:
        return None
    opener = getattr(graph_store, "open_store", None)
    if opener is None:
        return None
    try:
        return opener(data_dir)
    except Exception:  # expansion is optional: a missing or locked store must not fail the search
        return None


def _neighbours(store: Any, iri: str) -> list[dict[str, str]]:
    query = f"""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?p ?o (SAMPLE(?l) AS ?label) WHERE {{
          GRAPH ?g {{ <{iri}> ?p ?o . FILTER(isIRI(?o)) }}
          OPTIONAL {{ GRAPH ?g2 {{ ?o rdfs:label ?l }} }}
        }} GROUP BY ?p ?o LIMIT {LIMIT}"""
    try:
        rows = store.query(query)
    except Exception:
        return []
    out = []
    for row in rows:
        values = [str(getattr(v, "value", v)) if v is not None else "" for v in row]
        relation = values[0].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        out.append({"relation": relation, "iri": values[1], "label": values[2] if len(values) > 2 else ""})
    return out
