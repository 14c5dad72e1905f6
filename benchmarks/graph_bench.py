"""Graph benchmark: triples per book, ingest time, and every competency query on Oxigraph vs rdflib.

    .venv/bin/python benchmarks/graph_bench.py [--book PATH] [--copies N] [--repeat R]
        [--stores oxigraph rdflib server]

`server` (issue 16) is the Oxigraph SPARQL server (`oxigraph serve`, PyPI package `oxigraph`) on a
free loopback port over a temporary directory, reached through graph.remote.RemoteStore; its row
"store size" is that directory's size, as for the embedded store. Each cell is p50 / p99 ms.

`--copies N` stores the book N times as if N agencies had published it (own IRIs and named graph each,
statutes and code lists shared) to show how each store scales. Prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.mapping import BookScope, book_triples, split_shared
from graph.namespaces import ONTOLOGY_GRAPH
from graph.store import MemoryStore, OxigraphStore, Store
from graph.synthetic import as_another_book
from graph.validate import ontology_triples, validate_triples
from ingest.book import parse_book
from ingest.resources import ONTOLOGY_DIR, SAMPLE_BOOK


def query_ms(store: Store, query: str, repeat: int) -> tuple[float, float, int]:
    """Median and 99th-percentile wall time of `repeat` runs in ms, and the number of rows."""
    runs = []
    rows = 0
    for _ in range(repeat):
        started = time.perf_counter()
        result = store.query(query, timeout_s=600, limit=100_000)
        runs.append((time.perf_counter() - started) * 1000)
        rows = len(result.rows)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, int(len(runs) * 0.99))], rows


def _size_mb(path: Path) -> str:
    if not path.exists():
        return "-"
    return f"{sum(f.stat().st_size for f in path.rglob('*') if f.is_file()) / 1e6:,.0f}"


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--book", type=Path, default=SAMPLE_BOOK)
    parser.add_argument("--copies", type=int, default=1, help="store the book's graph this many times")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (the median is reported)")
    parser.add_argument(
        "--stores",
        nargs="+",
        default=["oxigraph", "rdflib"],
        choices=["oxigraph", "rdflib", "server", "server-union"],
    )
    args = parser.parse_args()

    started = time.perf_counter()
    parsed = parse_book(args.book)
    parse_s = time.perf_counter() - started
    triples = list(book_triples(parsed))
    map_s = time.perf_counter() - started - parse_s
    report = validate_triples(triples)
    shacl_s = time.perf_counter() - started - parse_s - map_s
    scope = BookScope.of(parsed.records)
    graph = str(scope.book)
    print(f"book: {args.book.name}: {len(parsed.records)} records → {len(triples):,} triples")
    print(f"parse {parse_s:.2f} s, map {map_s:.2f} s, SHACL {shacl_s:.2f} s (conforms: {report.conforms})")

    with tempfile.TemporaryDirectory() as directory:
        stores: dict[str, Store] = {}
        server = union_server = None
        if "oxigraph" in args.stores:
            stores["Oxigraph (disk)"] = OxigraphStore(Path(directory) / "store")
        if "server" in args.stores:
            from graph.remote import RemoteStore
            from tests.oxigraph_server import OxigraphServer

            server = OxigraphServer(Path(directory) / "server")
            stores["Oxigraph server (HTTP)"] = RemoteStore(server.url, timeout_s=600)
        if "server-union" in args.stores:
            from graph.remote import RemoteStore
            from tests.oxigraph_server import OxigraphServer

            union_server = OxigraphServer(Path(directory) / "server-union", "--union-default-graph")
            stores["Oxigraph server, union graph"] = RemoteStore(
                union_server.url, timeout_s=600, union_default_graph=True
            )
        if "rdflib" in args.stores:
            stores["rdflib (memory)"] = MemoryStore()
        load: dict[str, float] = {}
        for name, store in stores.items():
            store.replace_graph(ONTOLOGY_GRAPH, ontology_triples())
            started = time.perf_counter()
            for copy in range(args.copies):
                iri, book = (graph, triples) if copy == 0 else as_another_book(triples, scope, f"-copy{copy}")
                own, shared = split_shared(book)
                store.replace_graph(iri, own, shared=shared)
            load[name] = time.perf_counter() - started
            print(f"{name}: stored in {load[name]:.1f} s; peak RSS {_peak_rss_mb():.0f} MB", file=sys.stderr)
        total = next(iter(stores.values())).triple_count()
        print(f"stored: {args.copies} × {len(triples):,} triples (+ ontology) = {total:,} triples per store")

        names = list(stores)
        header = "| query | " + " | ".join(f"{n} ms" for n in names) + " | rows |"
        lines = [header, "|---|" + "---:|" * (len(names) + 1)]
        lines.append(
            "| ingest (replace_graph, all copies) | "
            + " | ".join(f"{load[n] * 1000:,.0f}" for n in names)
            + " | |"
        )
        sizes = {
            "Oxigraph (disk)": _size_mb(Path(directory) / "store"),
            "Oxigraph server (HTTP)": _size_mb(Path(directory) / "server"),
            "Oxigraph server, union graph": _size_mb(Path(directory) / "server-union"),
        }
        lines.append("| store size MB | " + " | ".join(sizes.get(n, "(memory)") for n in names) + " | |")
        for path in sorted((ONTOLOGY_DIR / "queries").glob("*.rq")):
            query = path.read_text(encoding="utf-8")
            cells = []
            rows = 0
            for name in names:
                repeat = args.repeat if name.startswith("Oxigraph") else max(1, args.repeat // 2)
                ms, p99, rows = query_ms(stores[name], query, repeat)
                cells.append(f"{ms:,.1f} / {p99:,.1f}")
            lines.append(f"| {path.stem} | " + " | ".join(cells) + f" | {rows} |")
            print(lines[-1], file=sys.stderr)
        for store in stores.values():
            store.close()
        for running in (server, union_server):
            if running is not None:
                running.stop()
    print("\n".join(lines))
    print(f"peak RSS of this process {_peak_rss_mb():.0f} MB (the server's is its own)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
