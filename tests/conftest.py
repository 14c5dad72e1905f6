"""Shared fixtures: the bundled sample book and the shared material beside the repository."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
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
    if os.environ.get("BUDGETKG_TEST_STORE") == "remote":
        pytest.skip("the remote-store run (issue 16) reads the sample book only")
    return shared_dir / "fixtures" / "moi-114-unit-budget.pdf"


# ---------------------------------------------------------------- the remote store (issue 16)

_REMOTE_RUN: object = None


def pytest_sessionstart(session: pytest.Session) -> None:
    """BUDGETKG_TEST_STORE=remote: every data directory's store is an Oxigraph server (the graph and
    API tests' second run in scripts/test.sh)."""
    global _REMOTE_RUN
    if os.environ.get("BUDGETKG_TEST_STORE") != "remote":
        return
    from graph.store import use_remote_factory
    from tests.oxigraph_server import ServerPerDataDirectory, oxigraph_command

    if oxigraph_command() is None:
        raise pytest.UsageError("BUDGETKG_TEST_STORE=remote needs the Oxigraph server: pip install oxigraph")
    factory = ServerPerDataDirectory()
    use_remote_factory(factory)
    _REMOTE_RUN = factory


@pytest.hookimpl(trylast=True)  # after the folders' conftests have marked their tests
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The remote run skips tests marked embedded_store_only: a subprocess they start opens the data
    directory's embedded store, which the directory's Oxigraph server holds locked in that run."""
    if os.environ.get("BUDGETKG_TEST_STORE") != "remote":
        return
    skip = pytest.mark.skip(
        reason="embedded_store_only: a subprocess opens the embedded store the server holds"
    )
    for item in items:
        if item.get_closest_marker("embedded_store_only") is not None:
            item.add_marker(skip)


def pytest_sessionfinish(session: pytest.Session) -> None:
    from tests.oxigraph_server import ServerPerDataDirectory

    if isinstance(_REMOTE_RUN, ServerPerDataDirectory):
        _REMOTE_RUN.stop()


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[str]:
    """The URL of an in-memory Oxigraph server on a free loopback port, for this session."""
    from tests.oxigraph_server import OxigraphServer, oxigraph_command

    if oxigraph_command() is None:
        pytest.skip("the Oxigraph server is not installed: pip install oxigraph")
    server = OxigraphServer()
    try:
        yield server.url
    finally:
        server.stop()


# ---------------------------------------------------------------- issue 13: the review table over loaded books

REVIEW_TABLE = ("corpus", "readr", "temp_A.csv")


@pytest.fixture(scope="session")
def moi_book(moi_pdf: Path) -> ParsedBook:
    """The 392-page 內政部 PDF read once per session (~25 CPU-s)."""
    return parse_book(moi_pdf)


@pytest.fixture(scope="session")
def readr_csv(shared_dir: Path) -> Path:
    return shared_dir.joinpath(*REVIEW_TABLE)


@pytest.fixture(scope="session")
def review_data_dir(
    tmp_path_factory: pytest.TempPathFactory, moi_book: ParsedBook, sample_book: ParsedBook, readr_csv: Path
) -> Path:
    """A store holding the 內政部 PDF book and the sample book (graph only), then READr's table ingested
    through api.pipeline (linked against them)."""
    from api.pipeline import ingest_books, map_and_validate
    from graph.mapping import split_shared
    from graph.namespaces import ONTOLOGY_GRAPH
    from graph.store import open_store
    from graph.validate import ontology_triples

    data_dir = tmp_path_factory.mktemp("review-data")
    with open_store(data_dir) as store:
        store.replace_graph(ONTOLOGY_GRAPH, ontology_triples())
        for parsed in (moi_book, sample_book):
            graph, triples = map_and_validate(parsed, lambda _m: None)
            own, shared = split_shared(triples)
            store.replace_graph(graph, own, shared=shared)
    [result] = ingest_books([readr_csv], data_dir, index_search=False)
    assert result.ok, result.error
    return data_dir
