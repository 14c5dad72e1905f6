"""National corpus benchmark: load every DGBAS table and twbudget CSV in one run, then time the queries.

    PYTHONPATH=. .venv/bin/python benchmarks/national_bench.py [--corpus DIR] [--data DIR] [--repeat R]

Loads exactly what `budgetkg ingest CORPUS/dgbas CORPUS/twbudget-proposed` loads (the same
`api.national_pipeline.ingest_national`) into an on-disk Oxigraph store, and prints a Markdown table for
BENCHMARKS.md: wall time, peak resident memory, files loaded/skipped/failed, checks, triples, each national
competency query's median latency, and `budgetkg series` latency.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from api.national_pipeline import ingest_national
from graph.national_series import series_points
from graph.store import OxigraphStore
from ingest.resources import ONTOLOGY_DIR

DEFAULT_CORPUS = Path("/work/shared/corpus")


def files_of(corpus: Path) -> list[Path]:
    folders = [corpus / "dgbas", corpus / "twbudget-proposed"]
    return sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())


def median_ms(action, repeat: int) -> tuple[float, int]:
    runs, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = action()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs), size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--data", type=Path, default=None, help="data directory (default: a temporary one)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--queries-only", action="store_true", help="time the queries and pages of an already loaded --data"
    )
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="national-bench-"))
    print("| measure | value |\n|---|---|")
    if not args.queries_only:
        load(args.corpus, data)
    store = OxigraphStore(data / "store", read_only=True)
    print(f"| triples (all graphs) | {store.triple_count():,} |")
    for path in sorted((ONTOLOGY_DIR / "queries" / "national").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        ms, rows = median_ms(
            lambda text=text: len(store.query(text, timeout_s=600, limit=100_000).rows), args.repeat
        )
        print(f"| query {path.stem} | {ms:.0f} ms ({rows} rows) |")
    for query in ("5226102200", "經濟部產業發展署", "0026100000"):
        ms, rows = median_ms(lambda query=query: len(series_points(store, query)), args.repeat)
        print(f"| series {query} | {ms:.0f} ms ({rows} points) |")
    store.close()
    pages(data, args.repeat)
    return 0


def load(corpus: Path, data: Path) -> None:
    files = files_of(corpus)
    print(f"loading {len(files)} files into {data}", file=sys.stderr)
    started = time.perf_counter()
    results = ingest_national(files, data, lambda m: print(f"… {m}", file=sys.stderr))
    load_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    loaded = [r for r in results if r.ok and not r.skipped]
    checks: Counter[str] = Counter()
    for r in loaded:
        checks.update(r.checks)
    skipped = sum(r.skipped for r in results)
    failed = sum(not r.ok for r in results)
    print(f"| files loaded / skipped / failed | {len(loaded)} / {skipped} / {failed} |")
    print(f"| load time (one command, 2 cores shared) | {load_s:.0f} s |")
    print(f"| peak resident memory | {peak_mb:.0f} MB |")
    print(f"| checks | {', '.join(f'{k} {v}' for k, v in sorted(checks.items()))} |")
    print(f"| unmatched rows (listed in reports) | {sum(r.unmatched for r in loaded)} |")


def pages(data: Path, repeat: int) -> None:
    """The web pages on the loaded store, through the app (TestClient: no network, no server process)."""
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    with TestClient(create_app(replace(Settings(), data_dir=data))) as client:
        for path, params in (
            ("/series", {"q": "5226102200"}),
            ("/series.csv", {"q": "0026100000"}),
            ("/entity", {"iri": "https://budgetkg.tw/id/經濟部產業發展署/114/workplan/5226102200"}),
            ("/api/national-tree", {"year": "114"}),
        ):
            ms, size = median_ms(
                lambda path=path, params=params: len(client.get(path, params=params).content), repeat
            )
            print(f"| page {path} {params} | {ms:.0f} ms ({size:,} bytes) |")


if __name__ == "__main__":
    sys.exit(main())
