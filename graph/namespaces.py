"""The vocabularies the graph speaks, and the prefixes pre-bound in every query and serialisation."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from graph.iris import base_iri, ontology_namespace

BUD = Namespace(ontology_namespace())
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")

# The named graph holding the ontology and the static code lists (loaded with every ingest).
ONTOLOGY_GRAPH = "https://budgetkg.tw/ontology"

# Descriptions of nodes many books point at (statutes, code-list concepts, agencies, recipients, letters)
# live once in this graph: the union default graph is a bag, so stating them in every book's graph would
# return each of them once per book and multiply every join through them.
SHARED_PATHS = ("eli/", "code/", "org/", "agency/", "letter/", "fiscal-year/")


def shared_graph() -> str:
    return f"{base_iri()}graph/shared"


PREFIXES: dict[str, str] = {
    "bud": str(BUD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "org": str(ORG),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "time": str(TIME),
    "eli": str(ELI),
}


def id_prefixes() -> dict[str, str]:
    """PREFIXES plus `id:` for our own resources (base depends on BUDGETKG_BASE_IRI)."""
    return {**PREFIXES, "id": base_iri()}


__all__ = [
    "BUD",
    "DCTERMS",
    "ELI",
    "ONTOLOGY_GRAPH",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SH",
    "SKOS",
    "TIME",
    "XSD",
]
