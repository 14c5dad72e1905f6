"""GET /search: entity-linked hits with pages, and their graph neighbours from the service's store."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_hits_name_their_entity_type_and_page(client: TestClient) -> None:
    body = client.get("/search", params={"q": "智慧杆產業推動暨城市智慧基建計畫", "k": 5}).json()
    assert body["hits"]
    for hit in body["hits"]:
        assert hit["iri"].startswith("https://") and hit["type"] and hit["page"] is not None
    # 智慧杆 subsidies to 直轄市 and 縣市 governments, p.78 of the book.
    assert any(h["type"] == "Subsidy" for h in body["hits"])


def test_expansion_lists_graph_neighbours(client: TestClient) -> None:
    body = client.get("/search", params={"q": "智慧杆", "k": 3, "expand": "true"}).json()
    assert any(hit["neighbours"] for hit in body["hits"])


def test_a_bad_mode_is_refused(client: TestClient) -> None:
    assert client.get("/search", params={"q": "x", "mode": "fuzzy"}).status_code == 422
