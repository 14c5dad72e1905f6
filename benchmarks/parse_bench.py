"""Parse time of a book: `budgetkg parse` as a whole process, and in-process per stage and per page.

Usage: .venv/bin/python benchmarks/parse_bench.py [BOOK ...] [--runs N]
(default: the bundled sample book).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from ingest.book import parse_document
from ingest.readers import read_book
from ingest.resources import SAMPLE_BOOK


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("books", nargs="*", type=Path, default=[SAMPLE_BOOK])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cli = Path(sys.executable).with_name("budgetkg")
    print(
        "| book | pages | records | read s | parse+reconcile s | per page ms | `budgetkg parse` wall s (median) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for book in args.books:
        reads, parses = [], []
        records = pages = 0
        for _ in range(args.runs):
            started = time.perf_counter()
            document = read_book(book)
            read_done = time.perf_counter()
            parsed = parse_document(document)
            reads.append(read_done - started)
            parses.append(time.perf_counter() - read_done)
            records, pages = len(parsed.records), len(document.pages)
        walls = []
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run([str(cli), "parse", str(book)], check=True, capture_output=True)
            walls.append(time.perf_counter() - started)
        read_s, parse_s = statistics.median(reads), statistics.median(parses)
        per_page = (read_s + parse_s) / pages * 1000
        print(
            f"| {book.name} | {pages} | {records} | {read_s:.2f} | {parse_s:.2f} | {per_page:.1f} | "
            f"{statistics.median(walls):.2f} |"
        )


if __name__ == "__main__":
    main()
