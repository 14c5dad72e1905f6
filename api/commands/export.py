"""`budgetkg export`: the store (or one book's graph) as Turtle, N-Triples, TriG, N-Quads or JSON-LD."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from api.cli import UserError
from graph.export import export, format_for
from graph.store import RDF_FORMATS, StoreError, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="write the graph as RDF")
    parser.add_argument(
        "--format",
        choices=RDF_FORMATS,
        default=None,
        help="ttl, nt, trig, nq or jsonld (default: from -o, else ttl)",
    )
    parser.add_argument("--book", metavar="IRI", default=None, help="only this book's named graph")
    parser.add_argument("-o", "--output", type=Path, default=None, help="write to a file instead of stdout")
    parser.add_argument("--list", action="store_true", help="list the named graphs and their triple counts")
    parser.add_argument(
        "--data", default=argparse.SUPPRESS, help="data directory (overrides the global --data)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        store = open_store(Path(args.data), read_only=True)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    try:
        if args.list:
            for graph in store.graphs():
                print(f"{store.triple_count(graph):>9}  {graph}")
            return 0
        fmt = format_for(args.output, args.format)
        data, _media = export(store, fmt, args.book)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    finally:
        store.close()
    if args.output is not None:
        args.output.write_bytes(data)
        print(f"wrote {len(data):,} bytes of {fmt} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
