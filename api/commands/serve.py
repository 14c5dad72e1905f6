"""`budgetkg serve [--host 127.0.0.1] [--port 8000] [--sample] [--workers N]`: the HTTP service and web page.

With --workers N > 1 the service runs N processes (uvicorn's workers), each on a read-only view of
the store: the embedded store opened read-only by every worker (pyoxigraph allows many readers when
nobody writes), or the SPARQL server that --store / BUDGETKG_STORE names. Uploads are then refused;
ingest with `budgetkg ingest` while the service is stopped (embedded store) or at any time (server).
"""

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
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="serve from N processes on read-only views of the store (uploads off when N > 1)",
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
    if args.workers < 1:
        raise SystemExit("budgetkg: --workers needs a number of processes ≥ 1")
    if args.sample:
        ingest_sample_once(data_dir)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if args.workers > 1:
        return _serve_workers(data_dir, args.host, args.port, args.workers)
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


def _serve_workers(data_dir: Path, host: str, port: int, workers: int) -> int:
    """uvicorn's worker processes, each building the app from the environment (read-only settings)."""
    import os

    import uvicorn

    from graph.store import StoreError, open_store

    try:  # fail here, once, rather than in every worker
        open_store(data_dir, read_only=True).close()
    except StoreError as exc:
        raise SystemExit(f"budgetkg: {exc}") from None
    os.environ["BUDGETKG_DATA"] = str(data_dir.resolve())
    os.environ["BUDGETKG_READ_ONLY"] = "1"
    print(
        f"budgetkg: serving {data_dir} read-only from {workers} processes on http://{host}:{port}/",
        file=sys.stderr,
    )
    uvicorn.run(
        "api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="warning"
    )
    return 0


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
