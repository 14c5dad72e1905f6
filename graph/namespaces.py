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
