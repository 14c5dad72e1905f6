"""Every IRI the graph mints dereferences on the service: HTML, Turtle, JSON-LD or a JSON view."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from graph import iris


def _iri_of(client: TestClient, code: str) -> str:
    query = f'SELECT ?p WHERE {{ ?p a bud:WorkPlan ; bud:code "{code}" }}'
    return client.get("/sparql", params={"query": query}).json()["results"]["bindings"][0]["p"]["value"]


def _local(iri: str) -> str:
    return "/id/" + quote(iri.removeprefix(iris.base_iri()), safe="/")


def test_a_work_plan_iri_dereferences_to_an_html_page_with_its_amount(client: TestClient) -> None:
    iri = _iri_of(client, "5226102200")
    response = client.get(_local(iri), headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "工業技術升級輔導" in response.text
    assert 'data-ntd="12111581000' in response.text  # 12,111,581 千元, printed on p.39


def test_turtle_and_json_ld_by_accept(client: TestClient) -> None:
    iri = _iri_of(client, "5726100100")
    turtle = client.get(_local(iri), headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef(iri), None, None) in graph
    jsonld = client.get(_local(iri), headers={"Accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) == len(graph)


def test_json_view_lists_branch_plans_as_children(client: TestClient) -> None:
    iri = _iri_of(client, "5226102200")
    view = client.get("/api/entity", params={"iri": iri}).json()
    children = {c["label"]: int(c["amount"]) // 1000 for c in view["children"] if c["type"] == "BranchPlan"}
    # p.41–53: 01 發展新興與高科技產業 4,748,679; 02 策進產業躍升與永續發展環境 7,362,902
    assert sorted(children.values()) == [4_748_679, 7_362_902]
    assert view["sources"], "every entity keeps its source page"


def test_unknown_iri_is_404(client: TestClient) -> None:
    response = client.get("/id/no/such/thing", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert client.get("/api/entity", params={"iri": iris.base_iri() + "no/such"}).status_code == 404
