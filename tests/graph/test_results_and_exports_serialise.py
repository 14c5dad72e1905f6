"""Query results serialise to SPARQL JSON/XML/CSV/TSV; graphs to Turtle/N-Triples/JSON-LD and back."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from rdflib import Dataset, Graph

from graph.export import export
from graph.sparql import QueryError, serialize_result
from graph.store import Store
from tests.graph.sample_store import sample_store

SELECT = "SELECT ?code ?name ?amount WHERE { ?p a bud:WorkPlan ; bud:code ?code ; rdfs:label ?name ; bud:amount ?amount } ORDER BY ?code"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = sample_store(tmp_path_factory.mktemp("serialise"))
    yield opened
    opened.close()


def test_select_as_sparql_json(store: Store) -> None:
    body, media = serialize_result(store.query(SELECT), "application/sparql-results+json")
    data = json.loads(body)
    assert media == "application/sparql-results+json"
    assert data["head"]["vars"] == ["code", "name", "amount"]
    first = data["results"]["bindings"][0]
    assert first["code"]["value"] == "5226102200"
    assert first["name"] == {
        "type": "literal",
        "value": "工業技術升級輔導",
        "xml:lang": first["name"]["xml:lang"],
    }
    assert first["name"]["xml:lang"].lower() == "zh-hant"
    assert first["amount"]["datatype"].endswith("#decimal") and first["amount"]["value"] == "12111581000"


def test_select_as_sparql_xml(store: Store) -> None:
    body, _ = serialize_result(store.query(SELECT), "xml")
    root = ET.fromstring(body)
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == ["code", "name", "amount"]
    assert len(root.findall("r:results/r:result", ns)) == 5


def test_select_as_csv_and_tsv(store: Store) -> None:
    body, media = serialize_result(store.query(SELECT), "text/csv")
    table = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert media.startswith("text/csv")
    assert table[0] == ["code", "name", "amount"] and table[1] == [
        "5226102200",
        "工業技術升級輔導",
        "12111581000",
    ]
    tsv, _ = serialize_result(store.query(SELECT), "tsv")
    lines = tsv.decode("utf-8").splitlines()
    assert lines[0] == "?code\t?name\t?amount" and lines[1].startswith('"5226102200"\t"工業技術升級輔導"@')


def test_ask_and_construct(store: Store) -> None:
    body, _ = serialize_result(store.query("ASK { ?p a bud:WorkPlan }"), "json")
    assert json.loads(body)["boolean"] is True
    construct = store.query("CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a bud:WorkPlan ; rdfs:label ?l }")
    turtle, media = serialize_result(construct, "text/turtle")
    assert media == "text/turtle" and len(Graph().parse(data=turtle, format="turtle")) == 5
    with pytest.raises(QueryError):
        serialize_result(construct, "text/csv")


@pytest.mark.parametrize("fmt,parser", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_a_book_graph_round_trips(store: Store, fmt: str, parser: str) -> None:
    [book] = [g for g in store.graphs() if "/book/" in g]
    data, _ = export(store, fmt, book)
    if fmt == "jsonld":
        parsed = Dataset()
        parsed.parse(data=data, format=parser)
        count = sum(len(g) for g in parsed.graphs())
    else:
        count = len(Graph().parse(data=data, format=parser))
    assert count == store.triple_count(book)


def test_the_whole_store_round_trips_as_trig(store: Store) -> None:
    data, media = export(store, "trig")
    parsed = Dataset()
    parsed.parse(data=data, format="trig")
    assert media == "application/trig"
    assert {str(g.identifier) for g in parsed.graphs() if len(g)} == set(store.graphs())
    assert sum(len(g) for g in parsed.graphs()) == store.triple_count()
