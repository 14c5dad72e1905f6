"""Shared fixtures: the bundled sample book and the shared material beside the repository."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from ingest.book import ParsedBook, parse_book
from ingest.resources import SAMPLE_BOOK

REPO = Path(__file__).resolve().parents[1]
# CI lays shared/ beside the clone; sessions have it at /work/shared.
SHARED = next(
    (
        p
        for p in (Path(os.environ.get("BUDGETKG_SHARED", "")), REPO.parent / "shared", Path("/work/shared"))
        if (p / "fixtures").is_dir()
    ),
    None,
)


def pytest_configure(config: pytest.Config) -> None:
    # One embedding cache for every ingest of the session (subprocesses inherit it): the sample is
    # encoded once, and repeat local runs reuse .pytest_cache. CI starts cold and encodes it once.
    if os.environ.get("BUDGETKG_EMBED_CACHE"):
        return
    cache = getattr(config, "cache", None)
    folder = cache.mkdir("budgetkg-embeddings") if cache is not None else Path(tempfile.mkdtemp())
    os.environ["BUDGETKG_EMBED_CACHE"] = str(folder / "cache.sqlite")


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE_BOOK


@pytest.fixture(scope="session")
def sample_book() -> ParsedBook:
    return parse_book(SAMPLE_BOOK)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if SHARED is None:
        pytest.skip("the shared/ material is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def moi_pdf(shared_dir: Path) -> Path:
    return shared_dir / "fixtures" / "moi-114-unit-budget.pdf"
