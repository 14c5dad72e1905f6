"""`budgetkg ingest BOOK…`: read, check, map, validate and store books (and index them for search)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from api.cli import UserError
from api.national_pipeline import ingest_national
from api.pipeline import ingest_books
from api.serving import locked_advice, store_is_locked
from graph.store import StoreError
from ingest.national import is_national_file
from ingest.review import review_reader_for


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ingest", help="load budget books into the graph store and the search index"
    )
    parser.add_argument(
        "books",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="book files (.pdf, .md, .txt), national tables (DGBAS .xls/.xlsx, twbudget .csv), "
        "review tables (READr temp_A.csv), or directories",
    )
    parser.add_argument(
        "--data", default=argparse.SUPPRESS, help="data directory (overrides the global --data)"
    )
    parser.add_argument("--no-search", action="store_true", help="skip the search index (graph only)")
    parser.set_defaults(handler=run)


def _expand(paths: list[Path]) -> list[Path]:
    """Files as given; a directory stands for every file below it (sorted)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            out.append(path)
    return out


def run(args: argparse.Namespace) -> int:
    missing = [str(p) for p in args.books if not p.is_file() and not p.is_dir()]
    if missing:
        raise UserError(
            f"no such file: {', '.join(missing)} (give book files, national tables or directories)"
        )
    data_dir = Path(args.data)
    files = _expand(list(args.books))
    # issue 11: national tables (spreadsheets, CSVs) go through their own pipeline; books through the books'.
    # A review table (issue 13) is a CSV too: told by its header first, it goes to the books' pipeline.
    national = [p for p in files if review_reader_for(p) is None and is_national_file(p)]
    # Other .csv files go to the books' pipeline, which tells a review table (issue 13) by its header row.
    books = [
        p for p in files if p not in set(national) and p.suffix.lower() in {".pdf", ".md", ".txt", ".csv"}
    ]
    ignored = [p for p in files if p not in set(national) and p not in set(books)]

    def progress(message: str) -> None:
        print(f"… {message}", file=sys.stderr)

    for path in ignored:
        progress(f"skipped {path} (neither a book, a review table nor a national table)")
    failed = 0
    try:
        if national:
            failed += _ingest_national(national, data_dir, progress, index_search=not args.no_search)
        if not books:
            return 1 if failed else 0
        results = ingest_books(books, data_dir, progress, index_search=not args.no_search)
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
    failed += sum(1 for r in results if not r.ok)
    if failed:
        print(
            f"{failed} of {len(results)} book(s) failed; the store keeps their previous state",
            file=sys.stderr,
        )
    return 1 if failed else 0


def _ingest_national(
    paths: list[Path], data_dir: Path, progress: Callable[[str], None], *, index_search: bool
) -> int:
    results = ingest_national(paths, data_dir, progress, index_search=index_search)
    for result in results:
        if result.skipped:
            print(f"skipped {result.path.name}: {result.error}")
        elif result.ok:
            checks = ", ".join(f"{k} {v}" for k, v in result.checks.items() if v)
            print(
                f"ok      {result.path.name}: {result.roc_year} {result.table}, {result.triples} triples in "
                f"<{result.graph}> ({result.records} rows; checks: {checks or 'none'}; "
                f"{result.unmatched} unmatched; {result.seconds:.1f} s)"
            )
        else:
            print(f"failed  {result.path.name}: {result.error}")
    return sum(1 for r in results if not r.ok)
