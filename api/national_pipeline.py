"""Ingesting the national tables: read → reconcile → map → store, one named graph per file.

Called by `budgetkg ingest` beside `api.pipeline.ingest_books` (the command sorts files by content).
The DGBAS 歲出機關別預算表 files of the run are read first: they are the register every other file's rows
are matched against (same year for twbudget, two years back for 決算). Each file is one transaction
(`Store.replace_graph`), so ingesting again replaces its graph with the same triples; a file that fails
leaves the store as it was. Reports (checks, counts, unmatched rows) go to DATA/reports/ like the books'.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from api.recovery import save_report
from graph.namespaces import ONTOLOGY_GRAPH
from graph.national import NationalSink, Register, graph_iri, table_triples
from graph.store import Store, StoreError, open_store
from graph.validate import ontology_triples
from ingest.national import NationalTable, TableFileError, read_national
from ingest.national.reconcile import function_total, reconcile_table, year_counts
from ingest.national.table import DGBAS_EXPENDITURE, DGBAS_FUNCTION
from ingest.records import CrossTabCell

Progress = Callable[[str], None]


@dataclass
class NationalResult:
    path: Path
    ok: bool
    graph: str = ""
    table: str = ""
    roc_year: int | None = None
    triples: int = 0
    records: int = 0
    checks: dict[str, int] = field(default_factory=dict)
    unmatched: int = 0
    error: str = ""
    skipped: bool = False
    seconds: float = 0.0


def _priority(path: Path) -> int:
    name = path.name
    if DGBAS_EXPENDITURE in name:
        return 0
    if DGBAS_FUNCTION in name:
        return 1
    return 2


def ingest_national(
    paths: Sequence[Path],
    data_dir: Path,
    progress: Progress | None = None,
    *,
    store: Store | None = None,
    index_search: bool = True,
) -> list[NationalResult]:
    say = progress or (lambda _m: None)
    ordered = sorted((Path(p) for p in paths), key=lambda p: (_priority(p), str(p)))
    cache: dict[Path, NationalTable] = {}
    failures: dict[Path, NationalResult] = {}
    register = Register()
    totals: dict[int, CrossTabCell] = {}
    for index, path in enumerate(p for p in ordered if _priority(p) < 2):
        say(f"reading register {index + 1}: {path.name}")
        try:
            table = read_national(path)
        except TableFileError as exc:
            failures[path] = NationalResult(path, ok=False, error=str(exc))
            continue
        cache[path] = table
        register.add(table)
        total = function_total(table)
        if total is not None:
            totals[table.roc_year] = total
    own_store = store is None
    active = store if store is not None else open_store(data_dir)
    results: list[NationalResult] = []
    try:
        active.replace_graph(ONTOLOGY_GRAPH, ontology_triples())
        for number, path in enumerate(ordered, start=1):
            if path in failures:
                results.append(failures[path])
                say(f"[{number}/{len(ordered)}] FAILED {path.name}: {failures[path].error}")
                continue
            results.append(
                _one(
                    path, cache.pop(path, None), register, totals, active, data_dir, say, number, len(ordered)
                )
            )
    finally:
        if own_store:
            active.close()
    return results


def _one(
    path: Path,
    table: NationalTable | None,
    register: Register,
    totals: dict[int, CrossTabCell],
    store: Store,
    data_dir: Path,
    say: Progress,
    number: int,
    count: int,
    index_search: bool = True,
) -> NationalResult:
    started = time.perf_counter()
    try:
        if table is None:
            table = read_national(path)
        # The years this file's rows are matched against: its own, and two back for 決算.
        for year in (table.roc_year, table.roc_year - 2):
            register.load_from_store(store, year)
        report = reconcile_table(table, totals.get(table.roc_year))
        sink = table_triples(table, register)
        graph = graph_iri(table)
        stored = store.replace_graph(graph, sink.own, shared=sink.shared)
    except TableFileError as exc:
        unsupported = "which DGBAS table" in str(exc) or "no header naming" in str(exc)
        say(f"[{number}/{count}] {'skipped' if unsupported else 'FAILED'} {path.name}: {exc}")
        return NationalResult(path, ok=unsupported, skipped=unsupported, error=str(exc))
    except (StoreError, OSError) as exc:
        say(f"[{number}/{count}] FAILED {path.name}: {exc}")
        return NationalResult(path, ok=False, error=str(exc))
    _save_report(data_dir, graph, table, report.checks, sink.unmatched)
    if index_search:
        _index_notes(data_dir, table, sink, say)
    result = NationalResult(
        path,
        ok=True,
        graph=graph,
        table=table.table,
        roc_year=table.roc_year,
        triples=stored,
        records=len(table.records),
        checks=report.counts(),
        unmatched=len(sink.unmatched),
        seconds=round(time.perf_counter() - started, 3),
    )
    say(
        f"[{number}/{count}] {path.name}: {table.roc_year} {table.table}, {len(table.records)} rows, "
        f"{stored} triples, {result.checks.get('fail', 0)} failed checks, {len(sink.unmatched)} unmatched"
    )
    return result


def _save_report(
    data_dir: Path, graph: str, table: NationalTable, checks: list, unmatched: list[str]
) -> Path:
    # Beside the books' reports, written the same way (atomically, named by the graph IRI).
    return save_report(
        data_dir,
        {
            "graph": graph,
            "document": str(table.path),
            "table": table.table,
            "roc_year": table.roc_year,
            "year_from": table.year_from,
            "counts": year_counts([table]).get(table.roc_year, {}),
            "checks": [c.to_json() for c in checks],
            "unmatched": unmatched,
        },
    )


def _index_notes(data_dir: Path, table: NationalTable, sink: NationalSink, say: Progress) -> None:
    try:
        from embed.national_chunks import index_national_chunks, note_chunks
    except ImportError:
        return
    chunks = note_chunks(sink.notes, _document_key(table), table.table)
    try:
        index_national_chunks(data_dir, _document_key(table), chunks)
    except Exception as exc:  # the graph is stored; a search-index failure is reported, not fatal
        say(f"search index not updated for {table.document}: {exc}")
        return
    say(f"search: {len(chunks)} note chunks from {table.document}")


def _document_key(table: NationalTable) -> str:
    """The index's document name: unique per file across years (113 and 114 both ship C歲出機關別預算表.xlsx)."""
    return f"{table.source}/{table.roc_year}/{table.document}"
