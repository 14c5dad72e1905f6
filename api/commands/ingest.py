"""`budgetkg ingest BOOK…`: read, check, map, validate and store books (and index them for search)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from api.cli import UserError
from api.pipeline import ingest_books
from api.serving import locked_advice, store_is_locked
from graph.store import StoreError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ingest", help="load budget books into the graph store and the search index"
    )
    parser.add_argument(
        "books",
        nargs="+",
        type=Path,
        metavar="BOOK",
        help="book files (.pdf, .md, .txt) or review tables (READr temp_A.csv)",
    )
    parser.add_argument(
        "--data", default=argparse.SUPPRESS, help="data directory (overrides the global --data)"
    )
    parser.add_argument("--no-search", action="store_true", help="skip the search index (graph only)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    missing = [str(p) for p in args.books if not p.is_file()]
    if missing:
        raise UserError(f"no such file: {', '.join(missing)}")
    data_dir = Path(args.data)

    def progress(message: str) -> None:
        print(f"… {message}", file=sys.stderr)

    try:
        results = ingest_books(args.books, data_dir, progress, index_search=not args.no_search)
    except StoreError as exc:
        if store_is_locked(str(exc)):
            raise UserError(locked_advice(data_dir, list(args.books)), status=3) from None
        raise
    for result in results:
        if result.ok:
            checks = ", ".join(f"{k} {v}" for k, v in result.checks.items() if v)
            print(
                f"ok      {result.path.name}: {result.triples} triples in <{result.graph}> "
                f"({result.records} records; checks: {checks or 'none'}; {result.seconds:.1f} s)"
            )
            if result.not_read:  # issue 14: say what was not read, section by section
                print(
                    f"        {result.kind}: {result.sections_read} of "
                    f"{result.sections_read + len(result.not_read)} sections read; not read:"
                )
                for line in result.not_read:
                    print(f"          {line}")
        else:
            print(f"failed  {result.path.name}: {result.error}")
    failed = sum(1 for r in results if not r.ok)
    if failed:
        print(
            f"{failed} of {len(results)} book(s) failed; the store keeps their previous state",
            file=sys.stderr,
        )
    return 1 if failed else 0
