"""Exporting the store (or one book's graph) as RDF files."""

from __future__ import annotations

from pathlib import Path

from graph.store import RDF_FORMATS, Store, StoreError

MEDIA_TYPES = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "trig": "application/trig",
    "nq": "application/n-quads",
    "jsonld": "application/ld+json",
}
SUFFIXES = {".ttl": "ttl", ".nt": "nt", ".trig": "trig", ".nq": "nq", ".jsonld": "jsonld", ".json": "jsonld"}


def format_for(path: Path | None, requested: str | None) -> str:
    """The export format: as requested, else from the output file's suffix, else Turtle."""
    if requested:
        if requested not in RDF_FORMATS:
            raise StoreError(f"unknown export format {requested!r}; use one of {', '.join(RDF_FORMATS)}")
        return requested
    if path is not None and path.suffix.lower() in SUFFIXES:
        return SUFFIXES[path.suffix.lower()]
    return "ttl"


def export(store: Store, fmt: str, graph_iri: str | None = None) -> tuple[bytes, str]:
    """The data and its media type. ttl/nt merge the graphs; trig/nq/jsonld keep one named graph per book."""
    return store.serialize(fmt, graph_iri), MEDIA_TYPES[fmt]
