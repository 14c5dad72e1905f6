"""`budgetkg series CODE|NAME [--json]`: an agency's or work plan's figures by year and stage (NT$ 元)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from api.cli import UserError, store_for_reading
from graph.national_series import SeriesNotFound, as_json, series_points


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "series", help="an agency's or work plan's figures by year and stage (預算案, 法定預算, 決算)"
    )
    parser.add_argument("query", metavar="CODE|NAME", help="10-digit code or the name as printed")
    parser.add_argument("--json", action="store_true", help="print JSON (amounts in NT$ 元)")
    parser.add_argument(
        "--data", default=argparse.SUPPRESS, help="data directory (overrides the global --data)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    store = store_for_reading(Path(args.data))
    try:
        points = series_points(store, args.query)
    except SeriesNotFound as exc:
        raise UserError(str(exc), status=1) from None
    finally:
        store.close()
    if args.json:
        print(json.dumps(as_json(args.query, points), ensure_ascii=False, indent=1))
        return 0
    print(f"{'year':>4}  {'stage':<6} {'amount (NT$ 元)':>18}  code        name / agency / source")
    for p in points:
        print(
            f"{p.roc_year:>4}  {p.stage:<6} {p.amount_ntd:>18,}  {p.code:<10}  {p.name} / {p.agency} / {p.source}"
        )
    return 0
