"""`budgetkg repair`: bring the graph and the search index back into agreement after a crash.

Finishes interrupted ingests from their journals, drops index entries of books the store no longer
holds, and re-ingests (from the recorded source file) a book missing from the index or indexed from an
older ingest. Exit 0 when they agree afterwards, 1 when something is left (each with what to do).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from api.cli import UserError
from api.recovery import RecoveryError, findings, repair
from graph.store import StoreError, open_store, store_path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "repair", help="finish interrupted ingests and mend disagreements between graph and search index"
    )
    parser.add_argument(
        "--data", default=argparse.SUPPRESS, help="data directory (overrides the global --data)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    data_dir = Path(args.data)
    if not store_path(data_dir).exists():
        raise UserError(f"no store at {store_path(data_dir)}; ingest a book first (`budgetkg ingest BOOK`)")
    try:
        store = open_store(data_dir)
    except StoreError as exc:
        raise UserError(f"{exc} (stop `budgetkg serve` first: the service repairs at its start)") from None
    try:
        result = repair(data_dir, store, lambda m: print(f"… {m}", file=sys.stderr))
        left = [f for f in findings(data_dir, store) if f.problem]
    except RecoveryError as exc:
        raise UserError(str(exc)) from None
    finally:
        store.close()
    for line in result.mended:
        print(f"mended  {line}")
    for line in result.left:
        print(f"left    {line}")
    for finding in left:
        if not any(finding.graph and finding.graph in line for line in result.left):
            print(f"left    {finding.graph}: {finding.message}")
    if not result.mended and not left:
        print("graph and search index agree; nothing to repair")
    return 1 if left or result.left else 0
