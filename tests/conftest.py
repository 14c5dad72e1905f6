"""Shared fixtures: the bundled sample book and the shared material beside the repository."""

from __future__ import annotations

import os
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
