"""The `budgetkg` command. Each subcommand is a module in `api/commands/` with `register(subparsers)`.

Errors a user can act on (BookError, StoreError, QueryError, …) print one line and exit non-zero,
never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import api.commands as commands

if TYPE_CHECKING:
    from graph.store import Store


class UserError(Exception):
    """An error the user can fix; its message says how. Exit status 2 unless `status` says otherwise."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def store_for_reading(data_dir: Path) -> Store:
    """The data directory's store opened read-only (beside a running service), or a UserError saying why
    it cannot be (no store yet: ingest first)."""
    from graph.store import StoreError, open_store

    try:
        return open_store(data_dir, read_only=True)
    except StoreError as exc:
        raise UserError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="budgetkg",
        description="Taiwan government budget books as a knowledge graph, with legal-basis links and search.",
    )
    parser.add_argument(
        "--data",
        default=os.environ.get("BUDGETKG_DATA", ".budgetkg"),
        help="data directory holding the store and the search index (env BUDGETKG_DATA; default .budgetkg)",
    )
    parser.add_argument(  # issue 16
        "--store",
        default=None,
        metavar="URL",
        help="a SPARQL 1.1 server to use as the store instead of DATA/store, e.g. http://127.0.0.1:7878 "
        "(an Oxigraph server; env BUDGETKG_STORE)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if not module.name.startswith("_"):
            importlib.import_module(f"{commands.__name__}.{module.name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "store", None):  # read by graph.store.open_store, here and in worker processes
        os.environ["BUDGETKG_STORE"] = args.store
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        status = int(args.handler(args) or 0)
        sys.stdout.flush()  # a reader that went away shows here, not at exit
        return status
    except BrokenPipeError:
        return _reader_went_away()
    except UserError as exc:
        print(f"budgetkg: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("budgetkg: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # known error types of the stages share a `user_message` convention
        if exc.__class__.__name__.endswith("Error") and exc.__class__.__module__.split(".")[0] in {
            "ingest",
            "graph",
            "embed",
            "api",
        }:
            print(f"budgetkg: {exc}", file=sys.stderr)
            return 2
        raise


SIGPIPE_STATUS = 141  # 128 + SIGPIPE, the status a shell reports for `yes | head`


def _reader_went_away() -> int:
    """`budgetkg … | head`: the reader closed the pipe. Stop quietly, as Unix tools do; stdout is pointed at
    /dev/null so the interpreter's final flush does not complain either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is not a real file (captured in tests)
        pass
    return SIGPIPE_STATUS


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
