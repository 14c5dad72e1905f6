"""`budgetkg laws update FILE` rebuilds the shipped law corpus; `budgetkg laws show NAME` prints one law.

FILE is the official MOJ bulk download (the zip, or ChLaw.json / ChOrder.json, or a folder of them) or
the kong0107/mojLawSplitJSON snapshot (.tar.xz or folder). The corpus (data/laws/corpus/, or --out)
is replaced only when the whole build succeeded.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from api.cli import UserError
from graph.laws.corpus import CORPUS_DIR, CorpusError, LawCorpus


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "laws", help="the law corpus: rebuild it from a bulk download, or show a law"
    )
    actions = parser.add_subparsers(dest="laws_action", metavar="ACTION")
    update = actions.add_parser("update", help="rebuild the law corpus from the MOJ bulk download")
    update.add_argument(
        "file", type=Path, help="ChLaw.json/ChOrder.json, their zip or folder, or the .tar.xz"
    )
    update.add_argument("--out", type=Path, default=CORPUS_DIR, help=f"corpus folder (default {CORPUS_DIR})")
    update.set_defaults(handler=run_update)
    show = actions.add_parser("show", help="a law's facts, enabling clause and parents")
    show.add_argument("name", help="a law's name, short name or pcode")
    show.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="corpus folder")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)
    parser.set_defaults(handler=lambda _args: parser.print_help() or 2)


def run_update(args: argparse.Namespace) -> int:
    from graph.laws.corpus import build_corpus

    started = time.perf_counter()
    try:
        report = build_corpus(args.file, args.out, progress=lambda text: print(f"  {text}", file=sys.stderr))
    except CorpusError as exc:
        raise UserError(f"{exc}; the corpus in {args.out} is unchanged") from exc
    print(
        f"{report.laws} laws, {report.articles} articles; {report.clauses} enabling clauses, "
        f"{report.parsed} parsed, {report.resolved} with every parent resolved; "
        f"{report.bytes / 1e6:.1f} MB in {report.out} ({time.perf_counter() - started:.0f} s)"
    )
    return 0


def run_show(args: argparse.Namespace) -> int:
    try:
        corpus = LawCorpus.load(args.corpus)
    except CorpusError as exc:
        raise UserError(str(exc)) from exc
    law = corpus.laws.get(args.name.strip().upper()) or corpus.lookup(args.name) or corpus.renamed(args.name)
    if law is None:
        raise UserError(f"no law named or coded {args.name!r} in the corpus; give the full name or the pcode")
    parents = [
        {"name": p.name, "pcode": p.pcode, "article": p.article, "label": p.label} for p in law.parents
    ]
    data = {
        "pcode": law.pcode,
        "name": law.name,
        "kind": law.kind,
        "last_changed": law.date,
        "repealed": law.repealed,
        "renames": [{"former": r.former, "new": r.new, "date": r.date} for r in law.renames],
        "articles": len(law.article_numbers),
        "enabling_clause": law.clause.text if law.clause else "",
        "parents": parents,
    }
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    state = "repealed (廢止)" if law.repealed else "in force"
    print(
        f"{law.name} ({law.pcode}) {law.kind}, {state}, last changed {law.date}, {len(law.article_numbers)} articles"
    )
    for rename in law.renames:
        print(f"  renamed {rename.date}: {rename.former} → {rename.new}")
    if law.clause:
        print(f"  enabling clause (第{law.clause.article}條): {law.clause.text}")
        for parent in parents:
            print(f"    → {parent['name']}{parent['label']} ({parent['pcode'] or 'unresolved'})")
    return 0
