"""Fuzzing POST /documents: damaged Markdown books, damaged PDF bytes and arbitrary bytes.

Every answer is 201 (the book was read and stored) or a refusal (413 too large, 415 not a book's
format, 422 not a readable book) whose detail is one clear line; never a 500 or a traceback. A refused
upload leaves the store, the search index and the uploads folder as they were.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import create_app
from api.pipeline import ingest_books
from api.settings import Settings
from embed.index import SearchIndex
from ingest.resources import SAMPLE_BOOK
from tests.fuzz_books import OUTCOMES, markdown_books, pdf_books, printed_pdf, record

TOKEN = "fuzz-token-51c2"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
REFUSALS = {413, 415, 422}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Path]]:
    source = tmp_path_factory.mktemp("ingested")
    assert ingest_books([SAMPLE_BOOK], source)[0].ok
    data_dir = tmp_path_factory.mktemp("fuzz-upload") / "data"
    shutil.copytree(source, data_dir)
    settings = replace(Settings(), data_dir=data_dir, upload_token=TOKEN, max_upload_bytes=2 * 1024 * 1024)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client, data_dir
    for test, outcomes in sorted(OUTCOMES.items()):
        if test.startswith("upload"):
            print(
                f"\nfuzz {test}: {sum(outcomes.values())} cases, "
                + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
            )


@pytest.fixture(scope="module")
def pdf_seed(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return printed_pdf(tmp_path_factory.mktemp("pdf") / "seed.pdf").read_bytes()


def snapshot(client: TestClient, data_dir: Path) -> tuple[int, dict[str, int], str, list[str]]:
    triples = int(client.get("/healthz").json()["triples"])
    index = SearchIndex.open(data_dir)
    uploads = (
        sorted(p.name for p in (data_dir / "uploads").glob("*")) if (data_dir / "uploads").exists() else []
    )
    return triples, index.books(), index.generation, uploads


@settings(deadline=None, max_examples=12, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_damaged_upload_is_refused_in_one_line_and_changes_nothing(
    data: st.DataObject, service: tuple[TestClient, Path], pdf_seed: bytes
) -> None:
    client, data_dir = service
    source = data.draw(st.sampled_from(["markdown", "pdf", "bytes"]))
    if source == "markdown":
        kind, body = data.draw(markdown_books(("truncate", "garble", "deep_nesting", "drop")))
    elif source == "pdf":
        kind, body = data.draw(pdf_books(pdf_seed))
    else:
        kind, body = "random", data.draw(st.binary(min_size=0, max_size=4096))
    name = data.draw(st.sampled_from(["book.md", "book.pdf", "book.txt", "../../etc/passwd", "書.pdf", ""]))
    before = snapshot(client, data_dir)
    response = client.post(
        "/documents", files={"file": (name or "x", body, "application/octet-stream")}, headers=AUTH
    )
    label = f"{source} {kind}"
    if response.status_code == 201:
        record("upload", f"{label} stored")
        return
    assert response.status_code in REFUSALS, (response.status_code, response.text[-2000:])
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail and "\n" not in detail and "Traceback" not in detail, detail
    record("upload", f"{label} {response.status_code}")
    assert snapshot(client, data_dir) == before
