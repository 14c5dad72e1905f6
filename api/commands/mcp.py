"""`budgetkg mcp [--http --host H --port P]`: the graph's tools for assistants (Model Context Protocol).

Over stdio by default (an assistant's MCP client spawns `budgetkg --data DIR mcp`); with `--http`, the
streamable HTTP transport on HOST:PORT at /mcp. The store is opened read-only, so it can run beside
`budgetkg serve` on the same data directory.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from api.cli import UserError
from api.settings import Settings
from graph.store import StoreError, open_store, store_path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "mcp", help="serve search, SPARQL, entities, grants and legal authority as MCP tools for assistants"
    )
    parser.add_argument("--http", action="store_true", help="streamable HTTP at /mcp instead of stdio")
    parser.add_argument("--host", default="127.0.0.1", help="with --http (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="with --http (default 8765)")
    parser.add_argument(
        "--data", default=argparse.SUPPRESS, help="data directory (overrides the global --data)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from api.mcp_server import BudgetTools, build_server

    data_dir = Path(args.data)
    if not store_path(data_dir).exists():
        raise UserError(
            f"{data_dir} holds no store; ingest a book first (`budgetkg --data {data_dir} ingest BOOK`)"
        )
    try:
        store = open_store(data_dir, read_only=True)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    server = build_server(BudgetTools(store, replace(Settings(), data_dir=data_dir)))
    try:
        if args.http:
            print(
                f"budgetkg: MCP (streamable HTTP) on http://{args.host}:{args.port}/mcp for {data_dir}",
                file=sys.stderr,
            )
            server.run("streamable-http", host=args.host, port=args.port)
        else:
            server.run("stdio")  # stdout carries the protocol: nothing else may print there
    finally:
        store.close()
    return 0
