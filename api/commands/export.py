"""`budgetkg export`: the store (or one book's graph) as Turtle, N-Triples, TriG, N-Quads or JSON-LD;
`--format nquads.gz` the whole store as gzip N-Quads (the /dump file); `--format csv|xlsx` the records
as tables, one per record type (a zip of CSV files or a folder of them; one XLSX sheet per type)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from api.cli import UserError, store_for_reading
from graph.export import export, format_for
from graph.store import RDF_FORMATS, Store, StoreError

TABLE_EXPORTS = ("nquads.gz", "csv", "xlsx")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="write the graph as RDF")
    parser.add_argument(
        "--format",
        choices=[*RDF_FORMATS, *TABLE_EXPORTS],
        default=None,
        help="ttl, nt, trig, nq or jsonld (default: from -o, else ttl); nquads.gz for a gzip dump of the "
        "whole store; csv (-o DIR or FILE.zip) or xlsx (-o FILE.xlsx) for the records, one table per type",
    )
    parser.add_argument("--book", metavar="IRI", default=None, help="only this book's named graph")
    parser.add_argument("-o", "--output", type=Path, default=None, help="write to a file instead of stdout")
    parser.add_argument("--list", action="store_true", help="list the named graphs and their triple counts")
    parser.add_argument(
        "--data", default=argparse.SUPPRESS, help="data directory (overrides the global --data)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    store = store_for_reading(Path(args.data))
    try:
        if args.list:
            for graph in store.graphs():
                print(f"{store.triple_count(graph):>9}  {graph}")
            return 0
        if args.format in TABLE_EXPORTS:
            return _export_tables(store, args)
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


def _export_tables(store: Store, args: argparse.Namespace) -> int:
    import gzip

    if args.format == "nquads.gz":
        if args.book is not None:
            raise UserError(
                "--format nquads.gz dumps the whole store; for one book use --format nq --book IRI"
            )
        data = gzip.compress(store.serialize("nq"), compresslevel=6, mtime=0)
        return _write(data, args.output, "gzip N-Quads")
    from api.exports import csv_bytes, xlsx_bytes
    from graph.record_tables import record_tables

    if args.output is None:
        raise UserError(
            f"--format {args.format} writes several tables: give -o (a folder, FILE.zip or FILE.xlsx)"
        )
    tables = record_tables(store, args.book)
    if not tables:
        raise UserError("the store holds no records; ingest a book first (`budgetkg ingest BOOK`)")
    output: Path = args.output
    if args.format == "xlsx":
        return _write(xlsx_bytes(tables), output, f"{len(tables)} sheets of XLSX")
    if output.suffix.lower() == ".zip":
        import io
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, rows in tables.items():
                archive.writestr(f"{name}.csv", csv_bytes(rows))
        return _write(buffer.getvalue(), output, f"{len(tables)} CSV tables")
    if output.exists() and not output.is_dir():
        raise UserError(f"{output} is a file; give a folder or a .zip name for --format csv")
    output.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        (output / f"{name}.csv").write_bytes(csv_bytes(rows))
    total = sum(len(rows) for rows in tables.values())
    print(f"wrote {len(tables)} CSV tables ({total:,} rows) to {output}/", file=sys.stderr)
    return 0


def _write(data: bytes, output: Path | None, what: str) -> int:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    # Written beside and renamed into place: an interrupted export never leaves half a file.
    partial = output.with_name(output.name + ".partial")
    partial.write_bytes(data)
    partial.replace(output)
    print(f"wrote {len(data):,} bytes of {what} to {output}", file=sys.stderr)
    return 0
