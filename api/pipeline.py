"""Ingesting books: read → parse → reconcile → map → SHACL → store (one transaction per book) → search index.

The one orchestration the CLI (`budgetkg ingest`) and the upload route both call. A book that fails at any
step leaves the store as it was; ingesting a book again replaces its named graph (same triples, same count).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.mapping import book_triples, split_shared
from graph.mapping_base import BookScope
from graph.namespaces import ONTOLOGY_GRAPH
from graph.store import Store, StoreError, open_store
from graph.validate import ValidationReport, ontology_triples, validate_triples
from ingest.book import ParsedBook, parse_book
from ingest.readers import BookError
from ingest.review import ReviewError, review_reader_for

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


class IngestError(Exception):
    """A book could not be ingested; the store is unchanged."""


class ShaclError(IngestError):
    def __init__(self, message: str, violations: list[str]) -> None:
        super().__init__(message)
        self.violations = violations


@dataclass
class IngestResult:
    """What happened to one book."""

    path: Path
    ok: bool
    graph: str = ""
    triples: int = 0
    records: int = 0
    checks: dict[str, int] = field(default_factory=dict)
    error: str = ""
    violations: list[str] = field(default_factory=list)
    search: dict[str, Any] | None = None
    seconds: float = 0.0


def reports_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "reports"


def ingest_books(
    paths: Sequence[Path],
    data_dir: Path,
    progress: Progress | None = None,
    *,
    store: Store | None = None,
    index_search: bool = True,
) -> list[IngestResult]:
    """Ingest each book in turn; a failing book is reported and skipped, the others still load."""
    say = progress or (lambda _m: None)
    own_store = store is None
    active = store if store is not None else open_store(data_dir)
    try:
        active.replace_graph(ONTOLOGY_GRAPH, ontology_triples())
        results = [_ingest_one(Path(p), Path(data_dir), active, say, index_search) for p in paths]
        _relink_reviews(results, Path(data_dir), active, say)
    finally:
        if own_store:
            active.close()
    return results


def _ingest_one(path: Path, data_dir: Path, store: Store, say: Progress, index_search: bool) -> IngestResult:
    started = time.perf_counter()
    if review_reader_for(path) is not None:  # a review table (issue 13), sniffed by its header row
        return _ingest_review(path, data_dir, store, say, index_search)
    try:
        parsed = parse_book(path, progress=say)
        graph, triples = map_and_validate(parsed, say)
        own, shared = split_shared(triples)
        say(f"storing {len(own)} triples in <{graph}> and {len(shared)} in the shared graph")
        count = store.replace_graph(graph, own, shared=shared)
    except (BookError, IngestError, StoreError, OSError) as exc:
        say(f"FAILED {path.name}: {exc}")
        violations = exc.violations if isinstance(exc, ShaclError) else []
        return IngestResult(
            path=path, ok=False, error=str(exc), violations=violations, seconds=_since(started)
        )
    save_report(data_dir, graph, parsed)
    result = IngestResult(
        path=path,
        ok=True,
        graph=graph,
        triples=count,
        records=len(parsed.records),
        checks=parsed.report.counts(),
        seconds=_since(started),
    )
    if index_search:
        result.search = _index_for_search(data_dir, parsed, say)
    result.seconds = _since(started)
    return result


def map_and_validate(parsed: ParsedBook, say: Progress) -> tuple[str, list[Any]]:
    """The book's graph IRI and triples, or ShaclError if they break the shapes."""
    graph = str(BookScope.of(parsed.records).book)
    say(f"mapping {len(parsed.records)} records to RDF")
    triples = list(book_triples(parsed))
    say("validating against ontology/shapes.ttl")
    report: ValidationReport = validate_triples(triples)
    if not report.conforms:
        raise ShaclError(
            f"{parsed.document.source}: the mapped graph breaks {len(report.violations)} SHACL constraint(s); "
            f"nothing was stored.\n{report.summary()}",
            [str(v) for v in report.violations],
        )
    return graph, triples


def save_report(data_dir: Path, graph: str, parsed: ParsedBook) -> Path:
    """The book's reconciliation report beside the store (re-read by `budgetkg validate`)."""
    folder = reports_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{_slug(graph)}.json"
    checks = [c.to_json() for c in parsed.report.checks]
    body = {"graph": graph, "document": parsed.document.source, "checks": checks}
    target.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def load_reports(data_dir: Path) -> list[dict[str, Any]]:
    folder = reports_dir(data_dir)
    if not folder.is_dir():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def _slug(graph: str) -> str:
    from graph.iris import short_hash

    return short_hash(graph, 16)


def _index_for_search(data_dir: Path, parsed: ParsedBook, say: Progress) -> dict[str, Any] | None:
    try:
        from embed.pipeline import index_book
    except ImportError:
        return None
    try:
        summary: dict[str, Any] = index_book(data_dir, parsed, say)
    except Exception as exc:  # the graph is stored; a search-index failure is reported, not fatal
        log.exception("search indexing failed")
        say(f"search index not updated for {parsed.document.source}: {exc}")
        return {"error": str(exc)}
    return summary


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


# ---------------------------------------------------------------- issue 13: review tables


def review_reports_dir(data_dir: Path) -> Path:
    """Link reports of review tables (kept apart from the books' reconciliation reports)."""
    return Path(data_dir) / "review"


def load_review_reports(data_dir: Path) -> list[dict[str, Any]]:
    folder = review_reports_dir(data_dir)
    if not folder.is_dir():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def _ingest_review(
    path: Path, data_dir: Path, store: Store, say: Progress, index_search: bool
) -> IngestResult:
    """Read → link against the store (SPARQL) → map → SHACL → one named graph for the file → index.

    Links are resolved against what is loaded when the table is ingested: ingest the books and national
    tables first, or ingest the table again after them (the graph is replaced, never duplicated).
    """
    from graph.review.links import link_summary, resolve_all
    from graph.review.mapping import review_graph_iri, review_triples
    from ingest.review import read_review

    started = time.perf_counter()
    try:
        say(f"reading review table {path.name}")
        table = read_review(path)
        say(f"linking {len(table.proposals)} proposals to the lines loaded for {table.roc_year}")
        links = resolve_all(store, table.proposals, table.roc_year)
        summary = link_summary(links)
        graph = review_graph_iri(table.source, table.roc_year)
        triples = review_triples(table, links)
        say("validating against ontology/shapes.ttl")
        report = validate_triples(triples)
        if not report.conforms:
            raise ShaclError(
                f"{path.name}: the mapped review breaks {len(report.violations)} SHACL constraint(s); "
                f"nothing was stored.\n{report.summary()}",
                [str(v) for v in report.violations],
            )
        own, shared = split_shared(triples)
        say(f"storing {len(own)} triples in <{graph}> and {len(shared)} in the shared graph")
        count = store.replace_graph(graph, own, shared=shared)
    except (ReviewError, IngestError, StoreError, OSError) as exc:
        say(f"FAILED {path.name}: {exc}")
        violations = exc.violations if isinstance(exc, ShaclError) else []
        return IngestResult(
            path=path, ok=False, error=str(exc), violations=violations, seconds=_since(started)
        )
    proposals = {p.proposal_id: p for p in table.proposals}
    unmatched = [
        {
            "id": x.proposal_id,
            "agency": proposals[x.proposal_id].agency,
            "path": proposals[x.proposal_id].path_text,
            "reason": x.reason,
        }
        for x in links
        if not x.linked and x.reason
    ]
    folder = review_reports_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    body = {
        "graph": graph,
        "document": table.source,
        "path": str(path.resolve()),
        "summary": summary,
        "unmatched": unmatched,
    }
    (folder / f"{_slug(graph)}.json").write_text(
        json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    checks = {
        "linked": int(str(summary["linked"])),
        "unmatched": int(str(summary["on_loaded_agencies"])) - int(str(summary["linked"])),
        "agency not loaded": len(links) - int(str(summary["on_loaded_agencies"])),
    }
    result = IngestResult(
        path=path, ok=True, graph=graph, triples=count, records=len(table.proposals), checks=checks
    )
    if index_search:
        result.search = _index_review(data_dir, table, say)
    result.seconds = _since(started)
    return result


def _index_review(data_dir: Path, table: Any, say: Progress) -> dict[str, Any] | None:
    try:
        from embed.chunks import proposal_chunks
        from embed.pipeline import index_chunks
    except ImportError:
        return None
    try:
        chunks = proposal_chunks(table)
        say(f"search: {len(chunks)} chunks from {table.source}")
        summary: dict[str, Any] = index_chunks(data_dir, table.source, chunks, progress=say)
    except Exception as exc:  # the graph is stored; a search-index failure is reported, not fatal
        log.exception("search indexing failed")
        say(f"search index not updated for {table.source}: {exc}")
        return {"error": str(exc)}
    return summary


def _relink_reviews(results: list[IngestResult], data_dir: Path, store: Store, say: Progress) -> None:
    """After books (or national tables) load, the review tables already stored are linked again, so their
    proposals meet the lines that just arrived (their search chunks do not depend on the links)."""
    loaded_books = [r for r in results if r.ok and not r.graph.startswith(review_graph_prefix())]
    if not loaded_books:
        return
    batch = {r.graph for r in results}
    for report in load_review_reports(data_dir):
        source = Path(str(report.get("path", "")))
        if report["graph"] in batch or not source.is_file():
            continue
        say(f"re-linking review table {source.name} to the lines now loaded")
        again = _ingest_review(source, data_dir, store, say, index_search=False)
        if not again.ok:
            say(f"review table {source.name} kept its previous links: {again.error}")


def review_graph_prefix() -> str:
    from graph.iris import base_iri

    return f"{base_iri()}review/"
