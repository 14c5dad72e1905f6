"""`budgetkg review AGENCY|CODE [--json]`: the Legislative Yuan's proposals on an agency or a line (issue 13).

A 10-digit code selects a work plan, heading or agency row and everything beneath it; any other text is an
agency name as the review table names it (內政部, 產業發展署). Per work plan touched: the book's proposed
amount, the enacted amount where a national table is loaded, enacted − proposed, and the cuts passed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from api.cli import UserError, store_for_reading
from graph.review.report import review_report


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "review", help="the Legislative Yuan's proposals (減列/凍結) on an agency or a budget line"
    )
    parser.add_argument("query", metavar="AGENCY|CODE", help="an agency name (內政部) or a 10-digit code")
    parser.add_argument("--json", action="store_true", help="print the report as JSON (amounts in NT$ 元)")
    parser.add_argument(
        "--data", default=argparse.SUPPRESS, help="data directory (overrides the global --data)"
    )
    parser.set_defaults(handler=run)


def _wan(value: int | None) -> str:
    """NT$ 元 as 千元, as the books print."""
    return "-" if value is None else f"{value / 1000:,.0f}"


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"{report['query']}: {report['count']} proposal(s), {report['linked']} linked to a line; "
        + ", ".join(f"{k} {v}" for k, v in sorted(report["by_action"].items()))
    ]
    for plan in report["work_plans"]:
        lines.append(
            f"  {plan['code']} {plan['name']}: proposed {_wan(plan['proposed_ntd'])} 千元, enacted "
            f"{_wan(plan['enacted_ntd'])}, enacted − proposed {_wan(plan['enacted_minus_proposed_ntd'])}; "
            f"cuts passed in committee {_wan(plan['passed_cuts_ntd'])} ({plan['proposals']} proposals)"
        )
    for p in report["proposals"]:
        line = p["line"]
        where = (
            f"→ {line['label']} [{line['level']}, {line['match']}{', p.' + str(line['page']) if line['page'] else ''}]"
            if line
            else f"→ unmatched: {p['unmatched_reason']}"
        )
        lines.append(
            f"- #{p['id']} {p['action']} {p['outcome']} cut {_wan(p['cut_ntd'])} frozen {_wan(p['frozen_ntd'])} 千元 "
            f"{p['date']} {p['committee']}\n    {p['path']} {where}\n    {p['text'][:160]}"
        )
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    if not args.query.strip():
        raise UserError("give an agency name (內政部) or a 10-digit code (3708012900)")
    store = store_for_reading(Path(args.data))
    try:
        report = review_report(store, args.query)
    finally:
        store.close()
    if not report["count"]:
        raise UserError(
            f"no proposals on {args.query!r} in the store; ingest a review table (budgetkg ingest temp_A.csv) "
            "after the books, or check the agency name / code",
            status=1,
        )
    if args.json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(format_report(report))
    return 0
