"""SPARQLWrapper, the common Python client, against the running service in each return format it offers
(issue 15 item 3: JSON-LD and N3 got 406, RDF/XML got Turtle)."""

from __future__ import annotations

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests.api.security.live_service import LiveService

CONSTRUCT = "CONSTRUCT { ?p bud:amount ?a } WHERE { ?p a bud:WorkPlan ; bud:amount ?a }"
SELECT = "SELECT ?code WHERE { ?p a bud:WorkPlan ; bud:code ?code } ORDER BY ?code"
WORK_PLANS = 5  # 歲出機關別預算表 p.27


def _wrapper(live: LiveService, query: str, fmt: str) -> SPARQLWrapper:
    endpoint = SPARQLWrapper(live.base + "/sparql")
    endpoint.setQuery(query)
    endpoint.setReturnFormat(fmt)
    return endpoint


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        (JSONLD, "application/ld+json"),
        (N3, "text/n3"),
        (TURTLE, "text/turtle"),
        (RDFXML, "application/rdf+xml"),
        (XML, "application/rdf+xml"),
    ],
)
def test_construct_in_every_graph_format(live: LiveService, fmt: str, media: str) -> None:
    response = _wrapper(live, CONSTRUCT, fmt).query()
    assert response.response.headers["content-type"].startswith(media)
    data = response.response.read()
    rdflib_format = {"application/ld+json": "json-ld", "text/n3": "n3", "text/turtle": "turtle"}.get(
        media, "xml"
    )
    assert len(Graph().parse(data=data, format=rdflib_format)) == WORK_PLANS


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_select_in_every_results_format(live: LiveService, fmt: str) -> None:
    response = _wrapper(live, SELECT, fmt).query()
    if fmt == JSON:
        assert len(response.convert()["results"]["bindings"]) == WORK_PLANS
    else:
        body = response.response.read().decode("utf-8")
        assert body.count("5") >= WORK_PLANS  # each code starts 5…; one row per work plan
        assert len(body.strip().splitlines()) in {WORK_PLANS + 1, WORK_PLANS + 3} or fmt == XML
