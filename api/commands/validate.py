"""`budgetkg validate`: SHACL over every book graph in the store, each book's reconciliation report, and
whether the search index agrees with the graph (interrupted ingests, books missing from or stale in the
index, index entries of books the store no longer holds; `budgetkg repair` mends them)."""

from __future__ import annotations

import argparse
from pathlib import Path

from api.cli import UserError
from api.pipeline import load_reports, load_review_reports
from api.recovery import findings
from graph.namespaces import shared_graph
from graph.store import StoreError, open_store
from graph.validate import validate_triples, with_shared
from ingest.reconcile import STATUSES


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate", help="check the stored graphs against the SHACL shapes and printed totals"
    )
    parser.add_argument(
        "--data", default=argparse.SUPPRESS, help="data directory (overrides the global --data)"
    )
    parser.add_argument(
        "--all-checks", action="store_true", help="list every reconciliation check, not only failures"
    )
    parser.set_defaults(handler=run)


def _status_order(status: str) -> int:
    return STATUSES.index(status) if status in STATUSES else len(STATUSES)


def run(args: argparse.Namespace) -> int:
    data_dir = Path(args.data)
    try:
        store = open_store(data_dir, read_only=True)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    problems = 0
    try:
        # issue 11: national tables' graphs are checked by their own reconciliation, not the books' shapes.
        books = [g for g in store.book_graphs() if "/graph/national/" not in g]
        national = [g for g in store.book_graphs() if "/graph/national/" in g]
        common = (
            [(s, p, o) for s, p, o, _g in store.quads(shared_graph())]
            if shared_graph() in store.graphs()
            else []
        )
        if not books and not national and report_agreement(data_dir, store, quiet=True):
            return 1  # an ingest into the empty store was interrupted: say so, not "no books"
        if not books and not national:
            raise UserError(f"the store at {data_dir} holds no books; run `budgetkg ingest BOOK` first")
        for graph in books:
            report = validate_triples(with_shared(((s, p, o) for s, p, o, _g in store.quads(graph)), common))
            print(f"{graph}: {report.summary()}")
            problems += 0 if report.conforms else 1
        problems += report_agreement(data_dir, store)
    finally:
        store.close()
    reports = {r["graph"]: r for r in load_reports(data_dir)}
    reviews = {r["graph"]: r for r in load_review_reports(data_dir)}
    for graph in [*books, *national]:
        stored = reports.get(graph)
        if stored is None and graph in reviews:  # a review table (issue 13): its link report instead
            summary = reviews[graph]["summary"]
            print(
                f"{graph}: review table, {summary['linked']} of {summary['on_loaded_agencies']} proposals on loaded "
                f"agencies linked to a line ({summary['proposals']} proposals)"
            )
            continue
        if stored is None:
            print(f"{graph}: no reconciliation report (ingest the book again to record one)")
            continue
        checks = stored["checks"]
        counts: dict[str, int] = {}
        for check in checks:
            counts[check["status"]] = counts.get(check["status"], 0) + 1
        print(
            f"{graph}: reconciliation "
            + ", ".join(f"{k} {counts[k]}" for k in sorted(counts, key=_status_order))
            + f" ({len(checks)} checks)"
            + (f"; counts {stored['counts']}" if stored.get("counts") else "")
            + (
                f"; {len(stored['unmatched'])} rows unmatched (listed with --all-checks)"
                if stored.get("unmatched")
                else ""
            )
        )
        if args.all_checks:
            for line in stored.get("unmatched", []):
                print(f"  UNMATCHED {line}")
        for check in checks:
            if check["status"] == "fail" or args.all_checks:
                page = f" p.{check['page']}" if check.get("page") is not None else ""
                print(
                    f"  {check['status'].upper():<9} [{check['family']}] {check['name']} @ {check['location']}{page}: "
                    f"printed {check['printed']} vs computed {check['computed']} 元"
                    + (f" — {check['note']}" if check.get("note") else "")
                )
        problems += 1 if counts.get("fail") else 0
    return 1 if problems else 0


def report_agreement(data_dir: Path, store: object, *, quiet: bool = False) -> int:
    """Print how the search index and the graph agree; the number of disagreements (`quiet`: print
    only when there are some)."""
    found = findings(data_dir, store)  # type: ignore[arg-type]
    problems = [f for f in found if f.problem]
    if quiet and not problems:
        return 0
    for finding in found:
        label = "DISAGREES" if finding.problem else "note"
        print(f"search index {label}: {finding.graph or data_dir}: {finding.message}")
    if not problems:
        print("search index: agrees with the graph")
    return len(problems)
