"""`budgetkg parse BOOK [--json]`: a book's records, or a summary of them."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from ingest.book import parse_book
from ingest.coverage import summary as coverage_summary
from ingest.records import to_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("parse", help="read a book (PDF or Markdown) into typed records")
    parser.add_argument("book", type=Path, help="the book file (.pdf, .md or .txt)")
    parser.add_argument("--json", action="store_true", help="one JSON object per record (JSON Lines)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    progress = None if args.json else (lambda message: print(f"… {message}", file=sys.stderr))
    parsed = parse_book(args.book, progress=progress)
    if args.json:
        for record in parsed.records:
            print(json.dumps(to_json(record), ensure_ascii=False))
        return 0
    book = parsed.book
    print(
        f"{book.title} — 中華民國{book.roc_year}年度 ({parsed.document.source}, {len(parsed.document.pages)} pages)"
    )
    counts = Counter(record.type for record in parsed.records)
    for name, count in sorted(counts.items()):
        print(f"  {name:<20} {count:>6}")
    summary = parsed.report.counts()
    print("reconciliation: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
    # issue 14: what was read and what was not, per section (ingest/coverage.py)
    kind = parsed.document.kind
    print(f"book kind: {kind.describe()} (layout: {kind.layout})")
    print("sections:")
    for section in parsed.coverage:
        print(f"  {section.describe()}")
    for title in parsed.unread_tables:
        print(f"  not supported: {title}")
    print(coverage_summary(parsed.coverage))
    return 0
