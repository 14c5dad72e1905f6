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


def test_hits_page_with_facets_highlights_and_the_entity_named_first(client: TestClient) -> None:
    # 「5226102200 工業技術升級輔導 … 12,111,581」 (p. 39): the work plan, not a passage naming it.
    body = client.get("/search", params={"q": "工業技術升級輔導", "k": 5}).json()
    first = body["hits"][0]
    assert first["type"] == "WorkPlan" and first["iri"].endswith("/workplan/5226102200")
    assert first["amount_ntd"] == "12111581000" and first["name_match"] == "exact"
    assert "<mark>工業技術升級輔導</mark>" in first["snippet_html"]
    assert next(first["text"][a:b] for a, b in first["highlights"]) == "工業技術升級輔導"
    assert set(body["facets"]) == {"type", "agency", "year", "stage"}
    assert sum(body["facets"]["type"].values()) == body["total"]
    second = client.get("/search", params={"q": "工業技術升級輔導", "k": 5, "page": 2}).json()
    assert second["offset"] == 5 and second["total"] == body["total"]
    assert not {h["iri"] for h in second["hits"]} & {h["iri"] for h in body["hits"]}


def test_more_like_this_from_a_hit(client: TestClient) -> None:
    iri = client.get("/search", params={"q": "亞洲無人機新創計畫", "k": 1}).json()["hits"][0]["iri"]
    body = client.get("/search/similar", params={"iri": iri, "k": 5}).json()
    assert body["like"] == iri and len(body["hits"]) == 5
    assert iri not in {h["iri"] for h in body["hits"]}
    assert any("無人機" in h["label"] for h in body["hits"])
    assert client.get("/search/similar", params={"iri": "https://budgetkg.tw/id/none"}).status_code == 404


def test_an_entity_page_links_to_its_similar_entities(client: TestClient) -> None:
    from urllib.parse import quote

    hit = client.get("/search", params={"q": "亞洲無人機新創計畫", "k": 1}).json()["hits"][0]
    page = client.get("/entity", params={"iri": hit["iri"]})
    assert page.status_code == 200
    assert f'<a class="like" href="/?like={quote(hit["iri"], safe="/")}">' in page.text
