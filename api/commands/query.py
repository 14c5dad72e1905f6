"""`budgetkg query SPARQL_OR_FILE`: a read-only SPARQL query over all books (prefixes bud:, rdfs:, skos: … pre-bound)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from api.cli import UserError, store_for_reading
from graph.sparql import QueryError, format_table, serialize_result

FORMATS = ("table", "json", "xml", "csv", "tsv", "ttl", "nt", "jsonld")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "query", help="run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the store"
    )
    parser.add_argument("sparql", metavar="SPARQL_OR_FILE", help="the query text, a .rq file, or - for stdin")
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before the query is abandoned")
    parser.add_argument("--limit", type=int, default=10_000, help="most rows or triples returned")
    parser.add_argument(
        "--data", default=argparse.SUPPRESS, help="data directory (overrides the global --data)"
    )
    parser.set_defaults(handler=run)


def read_query(argument: str) -> str:
    """The query text: from stdin (-), from a file (.rq, or an existing path), or the argument itself."""
    if argument == "-":
        return sys.stdin.read()
    if "{" in argument or "\n" in argument:
        return argument
    candidate = Path(argument)
    try:
        exists = candidate.is_file()
    except OSError:
        exists = False
    if candidate.suffix in {".rq", ".sparql"} and not exists:
        raise UserError(f"no such query file: {argument}")
    return candidate.read_text(encoding="utf-8") if exists else argument


def run(args: argparse.Namespace) -> int:
    text = read_query(args.sparql)
    store = store_for_reading(Path(args.data))
    try:
        result = store.query(text, timeout_s=args.timeout, limit=args.limit)
        if args.format == "table":
            output = format_table(result) + "\n"
            sys.stdout.write(output)
        else:
            data, _media_type = serialize_result(result, args.format)
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
    except QueryError as exc:
        raise UserError(str(exc)) from None
    finally:
        store.close()
    if result.truncated:
        print(f"budgetkg: results cut at {args.limit}; raise --limit to see more", file=sys.stderr)
    return 0
