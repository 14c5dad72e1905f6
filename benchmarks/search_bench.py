"""Search quality and speed on the sample book: hit@1, hit@5, MRR@10, nDCG@10 per mode and query set,
index build time, query latency in-process and as a whole `budgetkg search` process.

    .venv/bin/python benchmarks/search_bench.py [--data DIR] [--queries FILE ...] [--cli-runs N]

Without --data the sample is indexed into a fresh temporary directory (cold embedding cache), so
the build time includes encoding every passage. A hit is correct when its entity owns a chunk
sharing a ≥15-character span (whitespace and punctuation ignored) with one of the query's answer
passages — i.e. the hit is the passage or belongs to the entity the passages describe. Queries whose
answers are entity IRIs (benchmarks/queries/user-queries.json, issue 19) count a hit correct when it
is one of those entities; they are grouped by file and by `kind` (name, topic, amount, law …).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from embed.index import load_index  # noqa: E402
from embed.pipeline import index_book  # noqa: E402
from embed.search import search  # noqa: E402
from ingest.book import parse_book  # noqa: E402
from ingest.resources import SAMPLE_BOOK  # noqa: E402

QUERIES = REPO / "benchmarks" / "queries"
DEFAULT_QUERY_FILES = [
    QUERIES / "dev-queries.json",
    QUERIES / "own-queries.json",
    QUERIES / "user-queries.json",
]
SPAN = 15
MODES = ("keyword", "dense", "hybrid")


def squeeze(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch.isalnum())


def grams(text: str) -> set[str]:
    s = squeeze(text)
    return {s[i : i + SPAN] for i in range(len(s) - SPAN + 1)}


def load_queries(files: list[Path]) -> list[dict[str, Any]]:
    queries: list[dict[str, Any]] = []
    for path in files:
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            rows = data["queries"] if isinstance(data, dict) else data
            queries.extend({**row, "file": path.stem.removesuffix("-queries")} for row in rows)
    return queries


def relevant_iris(chunks: list[Any], answers: list[str]) -> set[str]:
    if answers and all(a.startswith(("http://", "https://")) for a in answers):
        return set(answers)  # judged entities
    wanted: set[str] = set()
    for answer in answers:
        wanted |= grams(answer)
    return {c.iri for c in chunks if grams(c.text) & wanted}


def metrics(ranked: list[str], relevant: set[str]) -> tuple[float, float, float, float]:
    hit1 = float(bool(ranked) and ranked[0] in relevant)
    hit5 = float(any(iri in relevant for iri in ranked[:5]))
    mrr = next((1 / (i + 1) for i, iri in enumerate(ranked[:10]) if iri in relevant), 0.0)
    dcg = sum(1 / math.log2(i + 2) for i, iri in enumerate(ranked[:10]) if iri in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    return hit1, hit5, mrr, dcg / ideal if ideal else 0.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, help="an already indexed data directory (default: index the sample afresh)"
    )
    parser.add_argument("--queries", type=Path, nargs="*", default=DEFAULT_QUERY_FILES)
    parser.add_argument(
        "--cli-runs", type=int, default=5, help="whole-process `budgetkg search` runs to time"
    )
    parser.add_argument("--verbose", action="store_true", help="print each query's first relevant rank")
    args = parser.parse_args()

    data_dir = args.data or Path(tempfile.mkdtemp(prefix="budgetkg-search-bench-"))
    if args.data is None:
        started = time.perf_counter()
        parsed = parse_book(SAMPLE_BOOK)
        summary = index_book(data_dir, parsed, progress=None)
        build = time.perf_counter() - started
        print(
            f"index build (parse + chunk + encode {summary['encoded']} passages, cold cache): {build:.1f} s; "
            f"{summary['chunks']} chunks, model {summary['model']}"
        )
    index = load_index(data_dir)
    queries = load_queries(args.queries)
    print(f"{len(queries)} queries, {index.size} chunks indexed")

    results: dict[str, dict[str, list[tuple[float, float, float, float]]]] = {m: {} for m in MODES}
    latency: dict[str, list[float]] = {m: [] for m in MODES}
    search(data_dir, "暖身", k=10, mode="dense")  # model load is not query latency
    for query in queries:
        relevant = relevant_iris(index.chunks, query["answers"])
        if not relevant:
            print(f"  ! no indexed chunk holds an answer of {query['q']!r}")
        for mode in MODES:
            started = time.perf_counter()
            hits = search(data_dir, query["q"], k=10, mode=mode)
            latency[mode].append((time.perf_counter() - started) * 1000)
            scores = metrics([h.iri for h in hits], relevant)
            kind = query.get("set") or query.get("kind", "?")
            for group in ("all", kind, f"{query['file']}", f"{query['file']}/{kind}"):
                results[mode].setdefault(group, []).append(scores)
            if args.verbose:
                rank = next((i + 1 for i, h in enumerate(hits) if h.iri in relevant), None)
                print(f"  {mode:<8} {kind} rank {rank!s:>4}  {query['q']}")

    groups = sorted(results["hybrid"], key=lambda g: (g != "all", "/" in g, len(g) > 1, g))
    print(f"\n{'mode':<8} {'set':<16} {'n':>3} {'hit@1':>6} {'hit@5':>6} {'MRR@10':>7} {'nDCG@10':>8}")
    for mode in MODES:
        for group in groups:
            rows = results[mode][group]
            m = [statistics.mean(col) for col in zip(*rows, strict=True)]
            print(f"{mode:<8} {group:<16} {len(rows):>3} {m[0]:>6.3f} {m[1]:>6.3f} {m[2]:>7.3f} {m[3]:>8.3f}")
    print(
        "\nin-process latency (ms): "
        + ", ".join(
            f"{m} p50 {percentile(latency[m], 0.5):.1f} / p95 {percentile(latency[m], 0.95):.1f}"
            for m in MODES
        )
    )

    if args.cli_runs:
        walls = []
        cli = [str(Path(sys.executable).with_name("budgetkg")), "--data", str(data_dir), "search", "--json"]
        for query in queries[: args.cli_runs]:
            started = time.perf_counter()
            subprocess.run([*cli, query["q"]], check=True, capture_output=True, env={**os.environ})
            walls.append((time.perf_counter() - started) * 1000)
        print(
            f"whole-process `budgetkg search` wall time (ms): p50 {percentile(walls, 0.5):.0f} / "
            f"p95 {percentile(walls, 0.95):.0f} over {len(walls)} runs"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
