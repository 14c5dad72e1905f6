"""`budgetkg serve [--host 127.0.0.1] [--port 8000] [--sample]`: the HTTP service and web page."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from dataclasses import replace
from pathlib import Path

from api.cli import UserError
from api.serving import marked_as_serving, serving
from api.settings import Settings
from ingest.resources import SAMPLE_BOOK


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="serve the SPARQL endpoint, search, entity pages and web page"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--data", default=argparse.SUPPRESS, help="data directory (overrides the global --data)"
    )
    parser.add_argument(
        "--sample",
        action="store_true",
        help="first ingest the bundled sample book (skipped when already in the store)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app

    data_dir = Path(args.data)
    running = serving(data_dir)
    if running is not None:
        raise UserError(
            f"{data_dir} is already served by `budgetkg serve` (pid {running.pid}, {running.url}); "
            "use that service, or stop it first"
        )
    if args.sample:
        ingest_sample_once(data_dir)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    settings = replace(Settings(), data_dir=data_dir)
    print(
        f"budgetkg: serving {data_dir} on http://{args.host}:{args.port}/ (API docs at /docs)",
        file=sys.stderr,
    )
    # Marked so a `budgetkg ingest` into this directory can name the service instead of a lock error.
    # uvicorn re-raises the SIGTERM it stopped on once it has shut down; as an exception here (not the
    # default handler's instant death) it unwinds through the block, which removes the marker.
    signal.signal(signal.SIGTERM, _stopped)
    with marked_as_serving(data_dir, f"http://{args.host}:{args.port}/"):
        uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="warning")
    return 0


def _stopped(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def ingest_sample_once(data_dir: Path) -> None:
    """Ingest the sample book unless the store already holds it with the same content."""
    from api.pipeline import ingest_books
    from graph.store import open_store

    marker = data_dir / "sample.sha256"
    digest = _sha256(SAMPLE_BOOK)
    if marker.exists() and marker.read_text().strip() == digest:
        with open_store(data_dir) as store:
            if store.book_graphs():
                print("budgetkg: sample book already ingested; skipping", file=sys.stderr)
                return
    data_dir.mkdir(parents=True, exist_ok=True)
    results = ingest_books([SAMPLE_BOOK], data_dir, progress=lambda m: print(f"… {m}", file=sys.stderr))
    if not all(r.ok for r in results):
        raise SystemExit(f"budgetkg: the sample book failed to ingest: {results[0].error}")
    marker.write_text(digest)


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
