"""The crash-test matrix: `budgetkg ingest` of the sample killed (SIGKILL) at each named point, then what
the data directory holds, what `budgetkg validate` says and what `budgetkg repair` leaves.

    .venv/bin/python benchmarks/crash_matrix.py [--book BOOK]

Each point gets a fresh data directory; BUDGETKG_CRASH_AT names the point (ingest/crashpoints.py).
Prints one Markdown table row per point (the table in BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from embed.index import SearchIndex  # noqa: E402
from graph.store import open_store, store_path  # noqa: E402
from ingest.crashpoints import ENV, POINTS  # noqa: E402
from ingest.resources import SAMPLE_BOOK  # noqa: E402


def budgetkg(data_dir: Path, *argv: str, crash: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if crash:
        env[ENV] = crash
    return subprocess.run(
        [sys.executable, "-m", "api.cli", "--data", str(data_dir), *argv],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def held(data_dir: Path) -> str:
    triples = 0
    if store_path(data_dir).exists():
        with open_store(data_dir) as store:
            triples = sum(store.triple_count(g) for g in store.book_graphs())
    chunks = SearchIndex.open(data_dir).size
    journal = len(list((data_dir / "journal").glob("*.json"))) if (data_dir / "journal").exists() else 0
    return f"graph {triples:,} triples, index {chunks} chunks, journal {journal}"


def agrees(data_dir: Path) -> bool:
    """No disagreement between graph and index, and each holds the book or neither does."""
    from api.recovery import findings

    with open_store(data_dir) as store:
        books = set(store.book_graphs())
        problems = [f for f in findings(data_dir, store) if f.problem]
    return not problems and books == set(SearchIndex.open(data_dir).books())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--book", type=Path, default=SAMPLE_BOOK)
    args = parser.parse_args()
    print("| killed at | left behind | `validate` | after `repair` | agree |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="budgetkg-crash-") as scratch:
        for point in POINTS:
            data_dir = Path(scratch) / point
            killed = budgetkg(data_dir, "ingest", str(args.book), crash=point)
            assert killed.returncode == -9, (point, killed.returncode, killed.stderr[-500:])
            before = held(data_dir)
            checked = budgetkg(data_dir, "validate")
            said = (
                "interrupted ingest reported"
                if "interrupted" in checked.stdout
                else checked.stderr.strip().split(":")[-1].split(";")[0].strip()
            )
            repaired = budgetkg(data_dir, "repair") if store_path(data_dir).exists() else None
            after = held(data_dir)
            agree = "yes" if agrees(data_dir) else "NO"
            status = f"exit {repaired.returncode}: " if repaired else ""
            print(f"| {point} | {before} | exit {checked.returncode}: {said} | {status}{after} | {agree} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
