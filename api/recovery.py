"""Crash-safe ingest: one book's graph and search-index entry as one recoverable unit.

An ingest writes a redo journal, `DATA/journal/<book>.json`, before it touches the store: the book's
graph IRI, its triples (N-Triples, own and shared), its search chunks, its reconciliation report and an
ingest id. Then it commits the graph (one store transaction), indexes the chunks (the index switches
generations with one rename), writes the report, and removes the journal: removing it is the commit
point of the unit. A crash anywhere before that leaves the journal; on the next open (`budgetkg
ingest`, `budgetkg repair`, the service's start) `recover` replays it, which is idempotent: the graph is
replaced again with the same triples, the chunks indexed again (their vectors come from the embedding
cache), the report written. A crash before the journal exists left nothing to undo (reading and mapping
write nothing). So after any crash the store and the index end up both with the new book or, when the
journal never reached the disk, both with what they held before.

`findings` compares the graph and the index (for `budgetkg validate`); `repair` mends what they show:
journals replayed, index entries of books the store no longer holds dropped, a book missing from the
index or indexed from an older ingest re-ingested from its recorded source file.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.iris import short_hash
from graph.sparql import Triple
from graph.store import Store, StoreError, from_ox, to_ox

JOURNAL_DIR = "journal"
REPORTS_DIR = "reports"

Progress = Callable[[str], None]


class RecoveryError(Exception):
    """A journal or the index cannot be read or mended (the message says what to do)."""


def journal_dir(data_dir: Path) -> Path:
    return Path(data_dir) / JOURNAL_DIR


def book_slug(graph: str) -> str:
    return short_hash(graph, 16)


def new_ingest_id() -> str:
    return uuid.uuid4().hex[:16]


# ---------------------------------------------------------------- the journal


@dataclass
class Journal:
    """The redo record of one book's ingest, on disk from before the graph commit until the unit is done."""

    graph: str
    document: str
    ingest: str
    triples: str  # N-Triples of the book's own graph
    shared: str  # N-Triples added to the shared graph
    chunks: list[dict[str, Any]] | None  # None: the book is not indexed for search (--no-search)
    report: dict[str, Any]
    file: Path | None = field(default=None, compare=False)

    @classmethod
    def of(
        cls,
        graph: str,
        document: str,
        ingest: str,
        own: Iterable[Triple],
        shared: Iterable[Triple],
        chunks: list[dict[str, Any]] | None,
        report: dict[str, Any],
    ) -> Journal:
        return cls(graph, document, ingest, _ntriples(own), _ntriples(shared), chunks, report)

    def write(self, data_dir: Path) -> Path:
        """Durably on disk (temporary file, fsync, rename, fsync of the folder) before anything else is."""
        folder = journal_dir(data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{book_slug(self.graph)}.json"
        partial = folder / f"{target.name}.tmp"
        body = {
            "graph": self.graph,
            "document": self.document,
            "ingest": self.ingest,
            "triples": self.triples,
            "shared": self.shared,
            "chunks": self.chunks,
            "report": self.report,
        }
        with partial.open("w", encoding="utf-8") as out:
            json.dump(body, out, ensure_ascii=False)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
        _fsync_dir(folder)
        self.file = target
        return target

    def done(self) -> None:
        """The commit point: graph, index and report are all in place."""
        if self.file is not None:
            self.file.unlink(missing_ok=True)
            _fsync_dir(self.file.parent)

    def own_triples(self) -> list[Triple]:
        return _parse(self.triples)

    def shared_triples(self) -> list[Triple]:
        return _parse(self.shared)


def pending(data_dir: Path) -> list[Journal]:
    """Journals of ingests a crash interrupted. A half-written journal (`.tmp`) means the ingest never
    reached the store: it is deleted."""
    folder = journal_dir(data_dir)
    if not folder.is_dir():
        return []
    for partial in folder.glob("*.tmp"):
        partial.unlink(missing_ok=True)
    journals = []
    for path in sorted(folder.glob("*.json")):
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
            journals.append(
                Journal(
                    graph=body["graph"],
                    document=body["document"],
                    ingest=body["ingest"],
                    triples=body["triples"],
                    shared=body["shared"],
                    chunks=body["chunks"],
                    report=body["report"],
                    file=path,
                )
            )
        except (OSError, ValueError, KeyError) as exc:
            raise RecoveryError(
                f"the ingest journal {path} is unreadable ({exc}); delete it and re-ingest the book"
            ) from exc
    return journals


def _ntriples(triples: Iterable[Triple]) -> str:
    try:
        return "".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} .\n" for s, p, o in triples)
    except (ValueError, TypeError) as exc:
        raise StoreError(f"cannot journal a triple; the store is unchanged: {exc}") from exc


def _parse(text: str) -> list[Triple]:
    if not text:
        return []
    return [
        (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
        for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    ]


def _fsync_dir(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


# ---------------------------------------------------------------- reports (reconciliation, ingest id)


def save_report(data_dir: Path, report: dict[str, Any]) -> Path:
    folder = Path(data_dir) / REPORTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{book_slug(report['graph'])}.json"
    partial = folder / f"{target.name}.tmp"
    partial.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, target)
    return target


def load_reports(data_dir: Path) -> list[dict[str, Any]]:
    folder = Path(data_dir) / REPORTS_DIR
    if not folder.is_dir():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


# ---------------------------------------------------------------- finishing an interrupted unit


def finish(
    journal: Journal, store: Store, data_dir: Path, say: Progress, embedder: Any = None
) -> dict[str, Any] | None:
    """Do the unit's remaining work (all of it, idempotently), then remove the journal.
    The search summary, or None when the book is not indexed."""
    count = store.replace_graph(journal.graph, journal.own_triples(), shared=journal.shared_triples())
    from ingest.crashpoints import crash_point

    crash_point("graph-committed")
    summary = None
    if journal.chunks is not None:
        summary = index_journal(journal, data_dir, say, embedder)
    crash_point("index-saved")
    save_report(data_dir, journal.report)
    journal.done()
    say(f"{journal.document}: {count} triples in <{journal.graph}>, search index in step")
    return summary


def index_journal(journal: Journal, data_dir: Path, say: Progress, embedder: Any = None) -> dict[str, Any]:
    from embed.chunks import Chunk
    from embed.pipeline import index_chunks

    chunks = [Chunk.from_json(c) for c in journal.chunks or []]
    return index_chunks(
        data_dir,
        journal.document,
        chunks,
        progress=say,
        embedder=embedder,
        book=journal.graph,
        ingest=journal.ingest,
    )


def recover(data_dir: Path, store: Store, say: Progress | None = None) -> list[str]:
    """Replay every journal a crash left; the graphs replayed."""
    tell = say or (lambda _m: None)
    replayed = []
    for journal in pending(data_dir):
        tell(f"finishing the interrupted ingest of {journal.document} (journal {journal.file})")
        finish(journal, store, data_dir, tell)
        replayed.append(journal.graph)
    return replayed


# ---------------------------------------------------------------- graph ↔ index agreement


@dataclass(frozen=True)
class Finding:
    """One way the graph and the search index disagree (or a note when `problem` is False)."""

    graph: str
    kind: str  # pending | missing | stale | orphan | unindexed | unreadable
    message: str
    problem: bool = True


def findings(data_dir: Path, store: Store) -> list[Finding]:
    """Where the store's books and the search index disagree, and interrupted ingests."""
    from embed.index import SearchIndex, SearchIndexError

    out: list[Finding] = []
    journals = pending_readonly(data_dir)
    for graph, document in journals:
        out.append(
            Finding(
                graph, "pending", f"the ingest of {document} was interrupted; `budgetkg repair` finishes it"
            )
        )
    interrupted = {g for g, _d in journals}
    books = set(store.book_graphs())
    reports = {r["graph"]: r for r in load_reports(data_dir)}
    try:
        index = SearchIndex.open(data_dir)
    except SearchIndexError as exc:
        return [*out, Finding("", "unreadable", str(exc))]
    indexed = index.books()
    by_name = {r.get("document"): g for g, r in reports.items()}
    keyed = {
        by_name.get(k, k) if not k.startswith(("http://", "https://")) else k: n for k, n in indexed.items()
    }
    for graph in sorted(books - interrupted):
        report = reports.get(graph, {})
        if report.get("indexed") is False:
            if graph not in keyed:
                out.append(
                    Finding(graph, "unindexed", "not in the search index (ingested with --no-search)", False)
                )
            continue
        if graph not in keyed:
            if report.get("indexed"):
                out.append(
                    Finding(
                        graph,
                        "missing",
                        "in the graph but not in the search index; `budgetkg repair` indexes it",
                    )
                )
            continue
        wanted, got = report.get("ingest"), index.ingests.get(graph)
        if wanted and got != wanted:
            out.append(
                Finding(
                    graph,
                    "stale",
                    "the search index holds an older ingest of this book than the graph; `budgetkg repair` re-indexes it",
                )
            )
    for key, count in sorted(keyed.items()):
        if key not in books and key not in interrupted:
            out.append(
                Finding(
                    key,
                    "orphan",
                    f"{count} search chunks of a book the graph does not hold; `budgetkg repair` drops them",
                )
            )
    return out


def pending_readonly(data_dir: Path) -> list[tuple[str, str]]:
    """(graph, document) of pending journals, read without deleting anything (for `validate`)."""
    folder = journal_dir(data_dir)
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.json")):
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
            found.append((str(body["graph"]), str(body["document"])))
        except (OSError, ValueError, KeyError):
            found.append(("", path.name))
    return found


@dataclass
class RepairResult:
    mended: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)  # what could not be mended, with what to do


def repair(data_dir: Path, store: Store, say: Progress | None = None) -> RepairResult:
    """Mend every disagreement `findings` reports that can be mended from what the data directory holds."""
    tell = say or (lambda _m: None)
    result = RepairResult()
    for graph in recover(data_dir, store, tell):
        result.mended.append(f"{graph}: interrupted ingest finished")
    from embed.pipeline import remove_book

    reports = {r["graph"]: r for r in load_reports(data_dir)}
    for finding in findings(data_dir, store):
        if not finding.problem:
            continue
        if finding.kind == "orphan":
            remove_book(data_dir, finding.graph)
            report = reports.get(finding.graph)
            if report is not None:
                remove_book(data_dir, str(report.get("document", "")))
            result.mended.append(f"{finding.graph}: dropped from the search index")
        elif finding.kind in {"missing", "stale"}:
            source = Path(str(reports.get(finding.graph, {}).get("path", "")))
            if not source.is_file():
                result.left.append(
                    f"{finding.graph}: {finding.message.split(';')[0]}, and its source file is gone; "
                    "re-ingest the book (`budgetkg ingest BOOK`)"
                )
                continue
            from api.pipeline import ingest_books

            tell(f"re-ingesting {source} to bring the search index in step")
            [again] = ingest_books([source], data_dir, tell, store=store)
            if again.ok:
                result.mended.append(f"{finding.graph}: re-ingested from {source}")
            else:
                result.left.append(f"{finding.graph}: re-ingesting {source} failed: {again.error}")
        else:
            result.left.append(f"{finding.graph or data_dir}: {finding.message}")
    return result
