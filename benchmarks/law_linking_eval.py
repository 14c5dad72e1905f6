"""Precision and recall of statute linking on the sample book against the hand-built gold table.

Run: .venv/bin/python benchmarks/law_linking_eval.py [--book PATH] [--verbose]
The gold table is tests/graph/laws_gold.py (built by reading the book).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.laws import link_book
from ingest.book import parse_book
from ingest.resources import SAMPLE_BOOK
from tests.graph.laws_gold import misses, score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=SAMPLE_BOOK)
    parser.add_argument("--verbose", action="store_true", help="list the pairs missed and the extra ones")
    args = parser.parse_args()
    records = parse_book(args.book).records
    started = time.perf_counter()
    links = link_book(records)
    elapsed = time.perf_counter() - started
    print(f"{args.book.name}: {len(records)} records, {len(links)} links in {elapsed:.2f} s")
    for line in score(records, links):
        print("  " + line.line())
    missed, extra = misses(records, links)
    print(f"  missed {len(missed)}, extra {len(extra)}")
    if args.verbose:
        for row in missed:
            print("  - missed", row)
        for row in extra:
            print("  + extra ", row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
