"""Ingesting books: read → parse → reconcile → map → SHACL → journal → store (one transaction) → search index.

The one orchestration the CLI (`budgetkg ingest`) and the upload route both call. A book that fails at any
step leaves the store as it was; ingesting a book again replaces its named graph (same triples, same count)
and its search chunks (keyed by the graph IRI). The graph commit and the indexing form one recoverable
unit (api/recovery.py): a redo journal is written before the store is touched and removed when both are
done, and pending journals are replayed before any new ingest.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api import recovery
from graph.mapping import book_triples, split_shared
from graph.mapping_base import BookScope
from graph.namespaces import ONTOLOGY_GRAPH
from graph.store import Store, StoreError, open_store
from graph.validate import ValidationReport, ontology_triples, validate_triples
from ingest.book import ParsedBook, parse_book
from ingest.coverage import unread
from ingest.crashpoints import crash_point
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
    # issue 14: the book's kind and its sections that were not read ("title (pages): status")
    kind: str = ""
    sections_read: int = 0
    not_read: list[str] = field(default_factory=list)


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
        recovery.recover(Path(data_dir), active, say)
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
        crash_point("read")
        graph, triples = map_and_validate(parsed, say)
        own, shared = split_shared(triples)
        chunks = _search_chunks(parsed, graph) if index_search else None
        ingest_id = recovery.new_ingest_id()
        journal = recovery.Journal.of(
            graph,
            parsed.document.source,
            ingest_id,
            own,
            shared,
            chunks,
            report_body(graph, parsed, path, ingest_id, indexed=chunks is not None),
        )
        journal.write(data_dir)
        crash_point("journal-written")
        say(f"storing {len(own)} triples in <{graph}> and {len(shared)} in the shared graph")
        try:
            count = store.replace_graph(graph, own, shared=shared)
        except StoreError:
            journal.done()  # nothing was written: the unit never happened
            raise
    except (BookError, IngestError, StoreError, OSError) as exc:
        say(f"FAILED {path.name}: {exc}")
        violations = exc.violations if isinstance(exc, ShaclError) else []
        return IngestResult(
            path=path, ok=False, error=str(exc), violations=violations, seconds=_since(started)
        )
    crash_point("graph-committed")
    keep_pdf(data_dir, path, parsed)
    result = IngestResult(
        path=path,
        ok=True,
        graph=graph,
        triples=count,
        records=len(parsed.records),
        checks=parsed.report.counts(),
        seconds=_since(started),
        kind=parsed.document.kind.describe(),
        sections_read=sum(1 for s in parsed.coverage if s.status == "read"),
        not_read=[f"{s.title} ({s.pages}): {s.status}" for s in unread(parsed.coverage)],
    )
    if chunks is not None:
        say(f"search: {len(chunks)} chunks from {parsed.document.source}")
        result.search = _index_for_search(journal, data_dir, say)
        if "error" in result.search:
            # The graph is stored, the index is not: the journal stays, so `budgetkg repair` (or the next
            # ingest, or the service's start) finishes the unit once the cause is fixed.
            result.seconds = _since(started)
            return result
    crash_point("index-saved")
    recovery.save_report(data_dir, journal.report)
    journal.done()
    result.seconds = _since(started)
    return result


def _search_chunks(parsed: ParsedBook, graph: str) -> list[dict[str, Any]] | None:
    """The book's search chunks (keyed by its graph IRI), or None when the search stage is not installed."""
    try:
        from embed.chunks import book_chunks
    except ImportError:
        return None
    chunks = book_chunks(parsed.document, parsed.records, parsed.sections)
    return [{**c.to_json(), "book": graph} for c in chunks]


def map_and_validate(parsed: ParsedBook, say: Progress) -> tuple[str, list[Any]]:
    """The book's graph IRI and triples, or ShaclError if they break the shapes."""
    graph = str(BookScope.of(parsed.records).book)
    say(f"mapping {len(parsed.records)} records to RDF")
    triples = list(book_triples(parsed))
    say("validating against ontology/shapes.ttl")
    report: ValidationReport = validate_triples(triples)
    if not report.conforms:
        first = " ".join(str(report.violations[0]).split()) if report.violations else ""
        # One line (CLI, upload's 422); every violation is in `violations`.
        raise ShaclError(
            f"{parsed.document.source}: the mapped graph breaks {len(report.violations)} SHACL constraint(s); "
            f"nothing was stored. First: {first}",
            [str(v) for v in report.violations],
        )
    return graph, triples


def report_body(graph: str, parsed: ParsedBook, path: Path, ingest: str, *, indexed: bool) -> dict[str, Any]:
    """The book's reconciliation report, with what `budgetkg validate` and `repair` need: the source
    file, the ingest id (also stored with the book's search chunks) and whether it was indexed."""
    checks = [c.to_json() for c in parsed.report.checks]
    return {
        "graph": graph,
        "document": parsed.document.source,
        "path": str(Path(path).resolve()),
        "ingest": ingest,
        "indexed": indexed,
        "checks": checks,
    }


def keep_pdf(data_dir: Path, path: Path, parsed: ParsedBook) -> Path | None:
    """A copy of an ingested PDF beside the store, so pages can link into it (GET /documents/NAME#page=N).

    Uploads are kept in uploads/ already; a PDF ingested from elsewhere is copied to documents/.
    """
    if parsed.document.reader != "pdf" or path.resolve().parent == (Path(data_dir) / "uploads").resolve():
        return None
    folder = Path(data_dir) / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / parsed.document.source
    try:
        if path.resolve() != target.resolve():
            shutil.copyfile(path, target)
    except OSError as exc:  # the book is stored; only the links into its PDF are missing
        log.warning("could not keep a copy of %s for links into it: %s", path, exc)
        return None
    return target


def load_reports(data_dir: Path) -> list[dict[str, Any]]:
    return recovery.load_reports(data_dir)


def _index_for_search(journal: recovery.Journal, data_dir: Path, say: Progress) -> dict[str, Any]:
    try:
        summary: dict[str, Any] = recovery.index_journal(journal, data_dir, say)
    except ImportError as exc:
        return {"error": f"the search stage is not installed: {exc}"}
    except Exception as exc:  # the graph is stored; a search-index failure is reported, not fatal
        log.debug("search indexing failed", exc_info=True)  # the user sees the one-line reason
        say(f"search index not updated for {journal.document}: {exc}")
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
    (folder / f"{recovery.book_slug(graph)}.json").write_text(
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
        result.search = _index_review(data_dir, table, graph, say)
    result.seconds = _since(started)
    return result


def _index_review(data_dir: Path, table: Any, graph: str, say: Progress) -> dict[str, Any] | None:
    try:
        from embed.chunks import proposal_chunks
        from embed.pipeline import index_chunks
    except ImportError:
        return None
    try:
        chunks = proposal_chunks(table)
        say(f"search: {len(chunks)} chunks from {table.source}")
        # Keyed by the table's graph IRI like every book (issue 15), so validate and repair see it as stored.
        summary: dict[str, Any] = index_chunks(data_dir, table.source, chunks, progress=say, book=graph)
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
