"""One real service for the security tests: the sample book in a fresh data directory, served by
`budgetkg serve` in a subprocess with small limits, and a loopback listener no query may reach."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.pipeline import ingest_books
from ingest.resources import SAMPLE_BOOK
from tests.api.security.live_service import (
    UPLOAD_TOKEN,
    Listener,
    LiveService,
    start_service,
    stop_service,
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here talks to `budgetkg serve` in a subprocess over the data directory the `live`
    fixture ingests in-process: embedded_store_only (the remote-store run skips them)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.embedded_store_only)


QUERY_TIMEOUT_S = 2.0
SERVICE_ENV = {
    "BUDGETKG_QUERY_TIMEOUT": str(QUERY_TIMEOUT_S),
    "BUDGETKG_QUERY_WORKERS": "2",
    "BUDGETKG_QUERY_WAIT": "1",
    "BUDGETKG_UPLOAD_TOKEN": UPLOAD_TOKEN,
    "BUDGETKG_MAX_UPLOAD_MB": "4",
    "BUDGETKG_UPLOAD_MAX_MEMORY_MB": "400",
    "BUDGETKG_UPLOAD_MAX_PAGES": "2000",
    "BUDGETKG_UPLOAD_READ_TIMEOUT": "8",
}


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    canary = Listener().start()
    yield canary
    canary.close()


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    data_dir = tmp_path_factory.mktemp("security-data")
    [result] = ingest_books([SAMPLE_BOOK], data_dir, index_search=False)
    assert result.ok, result.error
    service = start_service(data_dir, tmp_path_factory.mktemp("security-run"), SERVICE_ENV)
    yield service
    stop_service(service)


@pytest.fixture
def unchanged(live: LiveService) -> Iterator[int]:
    """The store's triple count before the test; after it, the service must answer with the same."""
    before = live.triples()
    yield before
    assert live.triples() == before


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("security-pdfs")
