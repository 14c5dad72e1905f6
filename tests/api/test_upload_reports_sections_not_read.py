"""POST /documents answers what it did not read (issue 14): a 高雄市 book uploads, and the answer names its
kind and each section not read, instead of a short record count that looks complete."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

TOKEN = "test-token-kinds"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = replace(
        Settings(),
        data_dir=tmp_path_factory.mktemp("budgetkg-kinds"),
        upload_token=TOKEN,
        max_upload_bytes=4 * 1024 * 1024,
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_the_upload_answer_lists_the_sections_not_read(client: TestClient, shared_dir: Path) -> None:
    book = shared_dir / "corpus" / "pdf" / "kaohsiung-115.pdf"
    response = client.post(
        "/documents",
        files={"file": (book.name, book.read_bytes(), "application/pdf")},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["kind"] == "高雄市 (直轄市) 單位預算"
    assert answer["sections_read"] == 8
    assert answer["not_supported"] == [
        "歲出計畫說明提要與各項費用明細表 (pp.7–19): not supported",
        "人事費彙計表 (p.24): empty",
        "約聘僱人員費用分析表 (p.25): not supported",
    ]
