"""The web page's HTML shells, its JSON feeds and the service's health and docs."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient


def test_pages_render(client: TestClient) -> None:
    for path, marker in [("/", "搜尋預算書"), ("/budget", "treemap"), ("/query", "SPARQL")]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert marker in response.text
    assert client.get("/static/treemap.js").status_code == 200


def test_budget_tree_adds_up_to_the_printed_total(client: TestClient) -> None:
    tree = client.get("/api/budget-tree").json()
    # 歲出機關別預算表 p.27: 產業發展署 13,539,071 千元
    total = sum(Decimal(str(node["value"])) for node in tree["children"])
    assert total == Decimal("13539071000")
    technology = next(n for n in tree["children"] if n["name"] == "工業技術升級輔導")
    assert sum(Decimal(str(b["value"])) for b in technology["children"]) == Decimal("12111581000")


def test_example_queries_are_offered(client: TestClient) -> None:
    examples = client.get("/api/queries").json()
    assert len(examples) >= 15
    assert all(e["text"].strip() for e in examples)


def test_health_and_openapi(client: TestClient) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["books"] >= 1 and health["triples"] > 10_000
    assert "/sparql" in client.get("/openapi.json").json()["paths"]


def test_api_docs_load_their_assets_from_this_server(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "cdn.jsdelivr" not in page and "unpkg.com" not in page
    script = next(part.split('"')[0] for part in page.split('src="')[1:] if "swagger-ui-bundle" in part)
    assert client.get(script).status_code == 200
