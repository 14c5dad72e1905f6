"""POST /documents: token required, type checked from content, failures leave the store unchanged."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from ingest.resources import SAMPLE_BOOK
from tests.api.conftest import UPLOAD_TOKEN

AUTH = {"Authorization": f"Bearer {UPLOAD_TOKEN}"}


def _triples(client: TestClient) -> int:
    return int(client.get("/healthz").json()["triples"])


def test_upload_without_the_token_is_refused(client: TestClient) -> None:
    response = client.post("/documents", files={"file": ("book.md", b"# not read", "text/markdown")})
    assert response.status_code == 401


def test_upload_with_a_wrong_token_is_refused(client: TestClient) -> None:
    response = client.post(
        "/documents",
        files={"file": ("book.md", b"x", "text/markdown")},
        headers={"Authorization": "Bearer nope"},
    )
    assert response.status_code == 401


def test_uploads_are_disabled_when_no_token_is_configured(settings: Settings, tmp_path: Path) -> None:
    # A second service needs its own data directory: Oxigraph allows one open store per directory.
    with TestClient(create_app(replace(settings, upload_token="", data_dir=tmp_path))) as other:
        response = other.post("/documents", files={"file": ("book.md", b"x", "text/markdown")}, headers=AUTH)
    assert response.status_code == 403


def test_a_non_book_is_refused_with_a_clear_message_and_nothing_changes(client: TestClient) -> None:
    before = _triples(client)
    response = client.post(
        "/documents", files={"file": ("notes.md", "今天天氣很好。\n".encode(), "text/markdown")}, headers=AUTH
    )
    assert response.status_code == 422
    assert "budget book" in response.json()["detail"]
    assert _triples(client) == before


def test_binary_garbage_named_pdf_is_refused_by_content(client: TestClient) -> None:
    before = _triples(client)
    response = client.post(
        "/documents", files={"file": ("book.pdf", bytes(range(256)) * 8, "application/pdf")}, headers=AUTH
    )
    assert response.status_code in {415, 422}
    assert _triples(client) == before


def test_an_upload_over_the_size_limit_is_refused(client: TestClient) -> None:
    response = client.post(
        "/documents", files={"file": ("big.md", b"a" * (3 * 1024 * 1024), "text/markdown")}, headers=AUTH
    )
    assert response.status_code == 413


def test_uploading_the_sample_again_replaces_its_graph_with_the_same_triples(client: TestClient) -> None:
    before = _triples(client)
    response = client.post(
        "/documents", files={"file": ("sample.txt", SAMPLE_BOOK.read_bytes(), "text/plain")}, headers=AUTH
    )
    assert response.status_code == 201, response.text
    assert _triples(client) == before
