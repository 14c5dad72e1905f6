"""`budgetkg ingest` killed (SIGKILL) at each named point: after `budgetkg repair`, or the service's start,
the graph and the search index agree, holding the whole book (or, killed before anything was written,
nothing).

The kill is deterministic: BUDGETKG_CRASH_AT names the point (ingest/crashpoints.py) where the process
sends itself SIGKILL, as `kill -9` would. The reference is a clean ingest of the same book.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from api.pipeline import ingest_books
from api.recovery import findings, pending_readonly
from api.settings import Settings
from embed.index import SearchIndex
from graph.store import open_store
from ingest.crashpoints import ENV, POINTS
from ingest.resources import SAMPLE_BOOK

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class State:
    """What a data directory holds: book graphs with triple counts, index books with chunk counts."""

    graphs: dict[str, int]
    index: dict[str, int]


def state_of(data_dir: Path) -> State:
    with open_store(data_dir) as store:
        graphs = {g: store.triple_count(g) for g in store.book_graphs()}
    return State(graphs=graphs, index=SearchIndex.open(data_dir).books())


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> State:
    directory = tmp_path_factory.mktemp("clean")
    [result] = ingest_books([SAMPLE_BOOK], directory)
    assert result.ok and result.search and "error" not in result.search, result
    state = state_of(directory)
    assert len(state.graphs) == 1 and state.index == {result.graph: result.search["chunks"]}
    return state


def killed_ingest(data_dir: Path, point: str, book: Path = SAMPLE_BOOK) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, ENV: point, "PYTHONPATH": str(REPO)}
    process = subprocess.run(
        [sys.executable, "-m", "api.cli", "--data", str(data_dir), "ingest", str(book)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert process.returncode == -signal.SIGKILL, (point, process.returncode, process.stderr[-2000:])
    return process


# The ingest killed is a subprocess on the embedded store: in the remote run it would test that store's
# crash, not the server's, and cost ~1.5 min of the run's budget.
@pytest.mark.embedded_store_only
@pytest.mark.parametrize("point", POINTS)
def test_an_ingest_killed_at_any_point_is_mended_by_repair(
    point: str, reference: State, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    killed_ingest(data_dir, point)
    if point == "read":
        assert not pending_readonly(data_dir) and not (data_dir / "search" / "meta.json").exists()
    else:
        # The unit is open: validate says so and fails until repair finishes it.
        assert [graph for graph, _doc in pending_readonly(data_dir)] == list(reference.graphs)
        assert main(["--data", str(data_dir), "validate"]) == 1
        assert "interrupted" in capsys.readouterr().out
        assert main(["--data", str(data_dir), "repair"]) == 0
        assert "interrupted ingest finished" in capsys.readouterr().out
        assert state_of(data_dir) == reference
        assert not pending_readonly(data_dir)
        assert main(["--data", str(data_dir), "validate"]) == 0
        assert "search index: agrees with the graph" in capsys.readouterr().out


@pytest.mark.embedded_store_only  # the killed ingest subprocess opens the store the test filled first
def test_a_reingest_under_another_name_killed_after_the_graph_commit_keeps_one_copy(
    reference: State, tmp_path: Path
) -> None:
    """The book is in store and index; it comes again under another file name (as an upload is stored)
    and the process dies between the graph and the index: after repair the index holds it once."""
    data_dir = tmp_path / "data"
    assert ingest_books([SAMPLE_BOOK], data_dir)[0].ok
    renamed = tmp_path / "moea-ida-114-0123456789ab.md"
    shutil.copyfile(SAMPLE_BOOK, renamed)
    killed_ingest(data_dir, "graph-committed", renamed)
    with open_store(data_dir) as store:
        assert [f.kind for f in findings(data_dir, store)] == ["pending"]
    assert main(["--data", str(data_dir), "repair"]) == 0
    assert state_of(data_dir) == reference
    assert set(SearchIndex.open(data_dir).documents()) == {renamed.name}


def test_the_service_mends_a_killed_ingest_at_its_start(reference: State, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    killed_ingest(data_dir, "index-encoded")
    settings = replace(Settings(), data_dir=data_dir, upload_token="")
    with TestClient(create_app(settings)) as client:
        hits = client.get("/search", params={"q": "補助地方政府"}).json()["hits"]
        assert hits and len({h["iri"] for h in hits}) == len(hits)
    assert not pending_readonly(data_dir)
    assert state_of(data_dir) == reference


def test_repair_drops_index_entries_of_books_the_store_does_not_hold(
    reference: State, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    assert ingest_books([SAMPLE_BOOK], data_dir)[0].ok
    [graph] = reference.graphs
    with open_store(data_dir) as store:
        store.remove_graph(graph)
        assert [f.kind for f in findings(data_dir, store)] == ["orphan"]
    assert main(["--data", str(data_dir), "repair"]) == 0
    assert SearchIndex.open(data_dir).size == 0


def test_a_lost_search_index_is_reported_and_rebuilt_from_the_recorded_book(
    reference: State, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    assert ingest_books([SAMPLE_BOOK], data_dir)[0].ok
    shutil.rmtree(data_dir / "search")
    assert main(["--data", str(data_dir), "validate"]) == 1
    assert "in the graph but not in the search index" in capsys.readouterr().out
    assert main(["--data", str(data_dir), "repair"]) == 0
    assert "re-ingested from" in capsys.readouterr().out
    assert state_of(data_dir) == reference
