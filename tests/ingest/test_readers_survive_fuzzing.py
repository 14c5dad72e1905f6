"""Fuzzing the readers: damaged Markdown books and PDF bytes through `budgetkg parse` and `budgetkg ingest`.

Whatever the damage, no traceback: the command either reads what it can (exit 0) or prints ONE line
`budgetkg: …` and exits non-zero. A failed ingest leaves the store and the search index as they were.
Bounded: a few dozen cases per run (hypothesis' database replays any failure found earlier first).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.cli import main
from api.pipeline import ingest_books
from embed.index import SearchIndex
from graph.store import open_store
from ingest.resources import SAMPLE_BOOK
from tests.fuzz_books import OUTCOMES, markdown_books, pdf_books, printed_pdf, record

FUZZ = settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=False)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Status and stderr of `budgetkg ARGV`, stderr including what logging would print on a terminal
    (warnings of the libraries, which Python prints when no handler is configured)."""
    capsys.readouterr()
    seen = _Warnings()
    logging.getLogger().addHandler(seen)
    try:
        status = main(list(argv))  # an unexpected exception propagates: hypothesis reports the case
    finally:
        logging.getLogger().removeHandler(seen)
    err = capsys.readouterr().err
    return status, err + "".join(f"{line}\n" for line in seen.lines)


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}:{record.name}:{record.getMessage()}")


def assert_clear_failure(status: int, err: str) -> str:
    lines = [line for line in err.splitlines() if not line.startswith("… ")]  # progress lines aside
    assert status != 0
    assert "Traceback" not in err
    assert len(lines) == 1 and lines[0].startswith("budgetkg: "), err[-2000:]
    return lines[0]


@pytest.fixture(scope="module", autouse=True)
def counts_at_the_end() -> Iterator[None]:
    yield
    for test, outcomes in sorted(OUTCOMES.items()):
        print(
            f"\nfuzz {test}: {sum(outcomes.values())} cases, "
            + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
        )


@settings(FUZZ, max_examples=40)
@given(book=markdown_books())
def test_damaged_markdown_books_parse_or_fail_in_one_line(
    book: tuple[str, bytes], tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    kind, data = book
    path = tmp_path_factory.mktemp("md") / "book.md"
    path.write_bytes(data)
    status, err = run_cli(capsys, "parse", str(path))
    if status == 0:
        record("markdown parse", f"{kind} read")
    else:
        assert_clear_failure(status, err)
        record("markdown parse", f"{kind} refused")


@pytest.fixture(scope="module")
def pdf_seed(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return printed_pdf(tmp_path_factory.mktemp("pdf") / "seed.pdf").read_bytes()


def test_the_printed_seed_pdf_is_a_readable_book(
    pdf_seed: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "seed.pdf"
    path.write_bytes(pdf_seed)
    status, err = run_cli(capsys, "parse", str(path))
    assert status == 0, err  # so the mutations below start from a book, not from garbage


@settings(FUZZ, max_examples=30)
@given(data=st.data())
def test_damaged_pdf_bytes_parse_or_fail_in_one_line(
    data: st.DataObject,
    pdf_seed: bytes,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    kind, damaged = data.draw(pdf_books(pdf_seed))
    path = tmp_path_factory.mktemp("pdf") / "book.pdf"
    path.write_bytes(damaged)
    status, err = run_cli(capsys, "parse", str(path))
    if status == 0:
        assert "WARNING" not in err and "ERROR" not in err, err[-2000:]
        record("pdf parse", f"{kind} read")
    else:
        assert_clear_failure(status, err)
        record("pdf parse", f"{kind} refused")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("ingested")
    assert ingest_books([SAMPLE_BOOK], directory)[0].ok
    return directory


def snapshot(data_dir: Path) -> tuple[dict[str, int], dict[str, int], str]:
    with open_store(data_dir) as store:
        graphs = {g: store.triple_count(g) for g in store.graphs()}
    index = SearchIndex.open(data_dir)
    return graphs, index.books(), index.generation


@settings(FUZZ, max_examples=8)
@given(data=st.data())
def test_a_damaged_book_that_fails_to_ingest_changes_neither_store_nor_index(
    data: st.DataObject,
    ingested: Path,
    pdf_seed: bytes,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path_factory.mktemp("ingest")
    data_dir = folder / "data"
    shutil.copytree(ingested, data_dir)
    if data.draw(st.booleans()):
        kind, damaged = data.draw(pdf_books(pdf_seed))
        path, label = folder / "book.pdf", f"pdf {kind}"
    else:
        kind, damaged = data.draw(markdown_books(("truncate", "garble", "huge_cell", "deep_nesting")))
        path, label = folder / "book.md", f"markdown {kind}"
    path.write_bytes(damaged)
    before = snapshot(data_dir)
    status, err = run_cli(capsys, "--data", str(data_dir), "ingest", "--no-search", str(path))
    assert "Traceback" not in err
    if status == 0:
        record("ingest", f"{label} stored")
        return
    assert status == 1, err[-2000:]
    record("ingest", f"{label} refused")
    assert snapshot(data_dir) == before
    assert not list((data_dir / "journal").glob("*"))
