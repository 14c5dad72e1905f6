"""Review benchmark (issue 13): how many of READr's proposals link to a loaded line, how, and why not.

    .venv/bin/python benchmarks/review_bench.py [--data DIR] [--book PATH …] [--table CSV] [--search]

Loads the books (default: the 內政部 PDF and the sample, graph only) into DIR (a temporary directory by
default; an already prepared DIR is reused when it holds them), ingests the review table through
api.pipeline, and prints the link rate among proposals on loaded agencies, by level and match method, the
unmatched reasons, the ingest time and the latency of `review` reports. `--search` also encodes every
proposal for search (all 1,457: minutes of CPU) and times 「凍結 媒體宣導費」.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from api.pipeline import ingest_books, review_reports_dir
from graph.review.report import review_report
from graph.store import open_store
from ingest.resources import SAMPLE_BOOK

SHARED = Path("/work/shared")
MOI_PDF = SHARED / "fixtures" / "moi-114-unit-budget.pdf"
TABLE = SHARED / "corpus" / "readr" / "temp_A.csv"


STAND_IN_GRAPH = "https://budgetkg.tw/id/benchmark/twbudget-stand-in"


def stand_in_triples(path: Path) -> list[tuple[Any, Any, Any]]:
    """Work plans of twbudget's proposed CSV as the national graph would state them (one node per code)."""
    import csv

    from rdflib import Literal, URIRef

    from graph import iris
    from graph.mapping_base import integer_literal, zh
    from graph.namespaces import BUD, RDF, RDFS

    triples: list[tuple[Any, Any, Any]] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["code"].strip()
            if code in seen or len(code) != 10:
                continue
            seen.add(code)
            roc = int(row["year"]) - 1911
            node = URIRef(f"{iris.base_iri()}benchmark/{roc}/workplan/{code}")
            agency = URIRef(f"{iris.base_iri()}benchmark/agency/{iris.segment(row['depname'])}")
            triples += [
                (node, RDF.type, BUD.WorkPlan),
                (node, BUD.code, Literal(code)),
                (node, RDFS.label, zh(row["depcat"].strip())),
                (node, BUD.rocYear, integer_literal(roc)),
                (node, BUD.agency, agency),
                (agency, RDF.type, BUD.Agency),
                (agency, RDFS.label, zh(row["depname"].strip())),
            ]
    return triples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="data directory (default: a new temporary one)")
    parser.add_argument("--book", type=Path, action="append", help="books to load first")
    parser.add_argument("--table", type=Path, default=TABLE)
    parser.add_argument("--search", action="store_true", help="index the proposals for search too")
    parser.add_argument(
        "--twbudget-stand-in",
        type=Path,
        help="tw2025ap.csv: state its work plans as national work-plan nodes (code, name, agency, year) in a "
        "graph of their own, a stand-in for the national graph (issue 11) to measure linking across agencies",
    )
    args = parser.parse_args()
    data_dir = args.data or Path(tempfile.mkdtemp(prefix="review-bench-"))
    books = args.book or [MOI_PDF, SAMPLE_BOOK]
    with open_store(data_dir) as store:
        loaded = len(store.book_graphs())
    if not loaded:
        started = time.perf_counter()
        results = ingest_books(books, data_dir, index_search=False)
        assert all(r.ok for r in results), [r.error for r in results]
        print(f"books: {', '.join(b.name for b in books)} loaded in {time.perf_counter() - started:.1f} s")
    if args.twbudget_stand_in:
        with open_store(data_dir) as store:
            count = store.replace_graph(STAND_IN_GRAPH, stand_in_triples(args.twbudget_stand_in))
        print(f"twbudget stand-in: {count} triples in <{STAND_IN_GRAPH}>")
    started = time.perf_counter()
    [result] = ingest_books([args.table], data_dir, index_search=args.search)
    assert result.ok, result.error
    print(
        f"review table: {result.records} proposals, {result.triples} triples, {time.perf_counter() - started:.1f} s"
    )
    if result.search:
        print(f"search: {json.dumps(result.search, ensure_ascii=False)}")
    [report] = sorted(review_reports_dir(data_dir).glob("*.json"))
    body = json.loads(report.read_text(encoding="utf-8"))
    summary = body["summary"]
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    not_loaded = Counter(u["agency"] for u in body["unmatched"] if u["reason"] == "agency not loaded")
    print(f"agencies not loaded: {len(not_loaded)}; most proposals: {not_loaded.most_common(5)}")
    for item in body["unmatched"]:
        if item["reason"] != "agency not loaded":
            print(f"  unmatched #{item['id']} {item['agency']} {item['path']}: {item['reason']}")
    with open_store(data_dir, read_only=True) as store:
        for query in ("內政部", "3708012900", "產業發展署"):
            runs = []
            for _ in range(5):
                t0 = time.perf_counter()
                answer = review_report(store, query)
                runs.append((time.perf_counter() - t0) * 1000)
            print(f"review {query}: {answer['count']} proposals, median {statistics.median(runs):.0f} ms")
    if args.search:
        from embed.search import search

        t0 = time.perf_counter()
        hits = search(data_dir, "凍結 媒體宣導費", k=10)
        print(f"search 凍結 媒體宣導費: {(time.perf_counter() - t0) * 1000:.0f} ms (model load included)")
        for hit in hits:
            print(f"  {hit.type:10} {hit.agency} {hit.label}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
