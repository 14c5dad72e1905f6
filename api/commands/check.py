"""`budgetkg check BOOK`: the reconciliation report; non-zero exit on an unexplained failure."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ingest.amounts import format_number
from ingest.book import parse_book


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help="check a book's printed totals against its rows")
    parser.add_argument("book", type=Path, help="the book file (.pdf, .md or .txt)")
    parser.add_argument("--json", action="store_true", help="the checks as JSON")
    parser.add_argument("--failures", action="store_true", help="show only checks that did not pass")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    parsed = parse_book(args.book, progress=lambda message: print(f"… {message}", file=sys.stderr))
    report = parsed.report
    if args.json:
        print(
            json.dumps(
                [c.to_json() for c in report.checks],
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        for c in report.checks:
            if args.failures and c.status == "pass":
                continue
            printed = format_number(c.printed / 1000) if c.printed is not None else "?"
            computed = format_number(c.computed / 1000) if c.computed is not None else "?"
            page = f"p.{c.page}" if c.page is not None else ""
            line = f"{c.status.upper():<9} [{c.family}] {c.name} @ {c.location} {page}: printed {printed} vs {computed} 千元"
            print(line + (f" — {c.note}" if c.note else ""))
        counts = report.counts()
        print(
            "summary: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + f" ({len(report.checks)} checks)"
        )
    return 0 if report.ok else 1
