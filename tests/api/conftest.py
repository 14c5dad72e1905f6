"""A service over the sample book, ingested once per test session into a temporary data directory."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.pipeline import ingest_books
from api.settings import Settings
from ingest.resources import SAMPLE_BOOK

UPLOAD_TOKEN = "test-token-7f3a"


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("budgetkg-api")
    results = ingest_books([SAMPLE_BOOK], directory)
    assert results[0].ok, results[0].error
    return directory


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    return replace(
        Settings(),
        data_dir=data_dir,
        upload_token=UPLOAD_TOKEN,
        query_timeout_s=2.0,
        result_limit=5_000,
        max_upload_bytes=2 * 1024 * 1024,
    )


@pytest.fixture(scope="session")
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client
