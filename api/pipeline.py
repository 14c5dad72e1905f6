"""Ingesting books: read → parse → reconcile → map → SHACL → store (one transaction per book) → search index.

The one orchestration the CLI (`budgetkg ingest`) and the upload route both call. A book that fails at any
step leaves the store as it was; ingesting a book again replaces its named graph (same triples, same count).
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

from graph.mapping import book_triples, split_shared
from graph.mapping_base import BookScope
from graph.namespaces import ONTOLOGY_GRAPH
from graph.store import Store, StoreError, open_store
from graph.validate import ValidationReport, ontology_triples, validate_triples
from ingest.book import ParsedBook, parse_book
from ingest.readers import BookError

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
    finally:
        if own_store:
            active.close()
    return results


def _ingest_one(path: Path, data_dir: Path, store: Store, say: Progress, index_search: bool) -> IngestResult:
    started = time.perf_counter()
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
    keep_pdf(data_dir, path, parsed)
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
