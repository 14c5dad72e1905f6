"""`budgetkg check BOOK`: the reconciliation report; non-zero exit on an unexplained failure."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

from ingest.amounts import format_number
from ingest.book import parse_book
from ingest.coverage import unread
from ingest.reconcile import Check


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help="check a book's printed totals against its rows")
    parser.add_argument("book", type=Path, help="the book file (.pdf, .md or .txt)")
    parser.add_argument("--json", action="store_true", help="the checks as JSON")
    parser.add_argument("--failures", action="store_true", help="show only checks that did not pass")
    parser.set_defaults(handler=run)


def describe(c: Check) -> str:
    """One line of the report: money in 千元 as the books print it, other units (人, 平方公尺) as they
    are, and a check that compares no values (a count of 項次, a date that parses) by its note."""
    page = f" p.{c.page}" if c.page is not None else ""
    head = f"{c.status.upper():<9} [{c.family}] {c.name} @ {c.location}{page}"
    if c.printed is None and c.computed is None:
        return f"{head}: {c.note}" if c.note else head
    money = c.unit == "元"
    unit = "千元" if money else c.unit
    printed, computed = (_number(v, money) for v in (c.printed, c.computed))
    line = f"{head}: printed {printed} vs {computed} {unit}"
    return line + (f" — {c.note}" if c.note else "")


def _number(value: Decimal | None, money: bool) -> str:
    if value is None:
        return "?"
    return format_number(value / 1000 if money else value)


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
            print(describe(c))
        # issue 14: sections not read have no checks; say so instead of a silently short report
        for section in unread(parsed.coverage):
            print(f"unchecked: {section.describe()}")
        counts = report.counts()
        print(
            "summary: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + f" ({len(report.checks)} checks)"
        )
    return 0 if report.ok else 1
