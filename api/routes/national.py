"""National pages (issue 11): an agency's or work plan's multi-year series as an SVG chart with its table
and a CSV download, and the treemap of a whole year (主管 → agency → work plan → a loaded book's branches)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from api.routes.deps import service
from graph.national import STAGE_NODES
from graph.national_series import (
    SeriesNotFound,
    SeriesPoint,
    as_json,
    points_of_series,
    series_of_entity,
    series_points,
)
from graph.store import Store

router = APIRouter(tags=["national"])
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parents[1] / "web" / "templates"))
CSV_FIELDS = ("roc_year", "stage", "amount_ntd", "code", "name", "agency", "source")


def _points(store: Store, q: str) -> list[SeriesPoint]:
    if not q.strip():
        raise HTTPException(400, "give q=CODE or q=NAME (a 10-digit code or a name as printed)")
    try:
        return series_points(store, q)
    except SeriesNotFound as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/api/series")
async def series_json(
    request: Request, q: str = Query(..., description="10-digit code or name")
) -> dict[str, Any]:
    """`budgetkg series Q --json`: figures by year and stage, NT$ 元."""
    points = await run_in_threadpool(_points, service(request).store, q)
    return as_json(q, points)


@router.get("/series.csv")
async def series_csv(request: Request, q: str) -> Response:
    points = await run_in_threadpool(_points, service(request).store, q)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    for p in points:
        writer.writerow([getattr(p, f) for f in CSV_FIELDS])
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="series.csv"'},
    )


@router.get("/series", response_class=HTMLResponse, include_in_schema=False)
async def series_page(request: Request, q: str = "") -> HTMLResponse:
    points = await run_in_threadpool(_points, service(request).store, q) if q else []
    years = year_rows(points)
    return templates.TemplateResponse(
        request,
        "series.html",
        {"page": "series", "q": q, "years": years, "chart": chart_svg(years), "points": points},
    )


def year_rows(points: list[SeriesPoint]) -> list[dict[str, Any]]:
    """One row per year: proposed, enacted, final (the first source of each stage), the cut, and names."""
    rows: dict[int, dict[str, Any]] = {}
    for p in points:
        row = rows.setdefault(p.roc_year, {"year": p.roc_year, "name": p.name, "agency": p.agency})
        row.setdefault(p.stage, p.amount_ntd)
        if p.name and not row["name"]:
            row["name"] = p.name
    for row in rows.values():
        proposed, enacted = row.get("預算案"), row.get("法定預算")
        row["cut"] = proposed - enacted if proposed is not None and enacted is not None else None
    return [rows[y] for y in sorted(rows)]


def chart_svg(years: list[dict[str, Any]], width: int = 760, height: int = 280) -> str:
    """Bars: proposed (light) and enacted (dark) per year, the cut as a red cap; 決算 as dots on a line."""
    if not years:
        return ""
    values = [v for r in years for v in (r.get("預算案"), r.get("法定預算"), r.get("決算")) if v is not None]
    top = max(values) or 1
    left, plot_h = 70, height - 50
    step = (width - left - 10) / len(years)
    bar = max(min(step / 3, 28), 3)

    def y(v: int) -> float:
        return 10 + plot_h * (1 - v / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="multi-year series" class="series-chart" width="100%">',
        f'<line x1="{left}" y1="{10 + plot_h}" x2="{width - 10}" y2="{10 + plot_h}" stroke="#888"/>',
        f'<text x="4" y="16" font-size="11">{top / 1e8:,.1f} 億元</text>',
    ]
    finals = []
    for i, row in enumerate(years):
        x = left + i * step + step / 2
        proposed, enacted, final = row.get("預算案"), row.get("法定預算"), row.get("決算")
        if proposed is not None:
            parts.append(
                f'<rect class="proposed" x="{x - bar:.1f}" y="{y(proposed):.1f}" width="{bar:.1f}" '
                f'height="{y(0) - y(proposed):.1f}" fill="#9cc3e6" data-ntd="{proposed}"><title>{row["year"]} 預算案 '
                f"{proposed:,} 元</title></rect>"
            )
        if enacted is not None:
            parts.append(
                f'<rect class="enacted" x="{x:.1f}" y="{y(enacted):.1f}" width="{bar:.1f}" '
                f'height="{y(0) - y(enacted):.1f}" fill="#1f5f99" data-ntd="{enacted}"><title>{row["year"]} 法定預算 '
                f"{enacted:,} 元</title></rect>"
            )
        if row.get("cut") and proposed is not None and enacted is not None:
            cut = row["cut"]
            high, low = max(proposed, enacted), min(proposed, enacted)
            parts.append(
                f'<rect class="cut" x="{x:.1f}" y="{y(high):.1f}" width="{bar:.1f}" height="{y(low) - y(high):.1f}" '
                f'fill="#c0392b" data-ntd="{cut}"><title>{row["year"]} 刪減 {cut:,} 元</title></rect>'
            )
        if final is not None:
            finals.append((x + bar / 2, y(final), row["year"], final))
        parts.append(
            f'<text x="{x:.1f}" y="{height - 8}" font-size="11" text-anchor="middle">{row["year"]}</text>'
        )
    if len(finals) > 1:
        path = " ".join(f"{fx:.1f},{fy:.1f}" for fx, fy, _y, _v in finals)
        parts.append(
            f'<polyline class="final" points="{path}" fill="none" stroke="#2f8f6f" stroke-width="2"/>'
        )
    for fx, fy, year, value in finals:
        parts.append(
            f'<circle class="final" cx="{fx:.1f}" cy="{fy:.1f}" r="4" fill="#2f8f6f" data-ntd="{value}">'
            f"<title>{year} 決算 {value:,} 元</title></circle>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


@router.get("/national", response_class=HTMLResponse, include_in_schema=False)
async def national_page(request: Request, year: int = 114, stage: str = "法定預算") -> HTMLResponse:
    return templates.TemplateResponse(
        request, "national.html", {"page": "national", "year": year, "stage": stage}
    )


@router.get("/api/national-tree")
async def national_tree(request: Request, year: int = 114, stage: str = "法定預算") -> dict[str, Any]:
    """主管 → agency → work plan of one year and stage (NT$ 元), with a loaded book's branches and 用途別."""
    if stage not in STAGE_NODES:
        raise HTTPException(400, f"stage is one of {', '.join(STAGE_NODES)}")
    return await run_in_threadpool(_tree, service(request).store, year, stage)


def _tree(store: Store, year: int, stage: str) -> dict[str, Any]:
    stage_iri = STAGE_NODES[stage]
    # Starts from the year's work plans; constants are FILTERs (a constant stage or year in a pattern makes
    # Oxigraph hash-join every observation of the corpus).
    rows = store.select(
        f"""SELECT DISTINCT ?plan ?label ?amount ?agency ?agencyLabel ?ministry ?ministryLabel WHERE {{
          ?plan a bud:WorkPlan ; bud:rocYear ?year . FILTER(?year = {int(year)})
          ?plan bud:observation ?o . ?o bud:stage ?stage ; bud:observedAmount ?amount ; bud:dataSource ?source .
          FILTER(?stage = <{stage_iri}>)
          FILTER(STRSTARTS(STR(?source), "dgbas:歲出機關別") || STRSTARTS(STR(?source), "twbudget"))
          ?plan rdfs:label ?label ; bud:partOf+ ?agency .
          ?agency a bud:AgencyExpenditure ; rdfs:label ?agencyLabel ; bud:partOf ?ministry .
          ?ministry rdfs:label ?ministryLabel .
        }}""",
        limit=100_000,
    )
    branches = store.select(
        """SELECT DISTINCT ?branch ?plan ?label ?amount WHERE { ?branch a bud:BranchPlan ; bud:partOf ?plan ;
             bud:amount ?amount . OPTIONAL { ?branch rdfs:label ?label } }""",
        limit=100_000,
    )
    by_plan: dict[str, list[dict[str, Any]]] = {}
    for row in branches:
        by_plan.setdefault(str(row["plan"]), []).append(_node(row["branch"], row["label"], row["amount"]))
    ministries: dict[str, dict[str, Any]] = {}
    agencies: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for row in rows:
        plan = str(row["plan"])
        if plan in seen:  # a plan proposed in twbudget and a book: count it once
            continue
        seen.add(plan)
        # Keyed by name: a book's own 款 row (經濟部主管 in 經濟部產業發展署's book) is another node of the same 主管.
        ministry = ministries.setdefault(
            str(row["ministryLabel"]),
            {"iri": str(row["ministry"]), "name": str(row["ministryLabel"]), "children": []},
        )
        agency_key = str(row["agency"])
        if agency_key not in agencies:
            agencies[agency_key] = {"iri": agency_key, "name": str(row["agencyLabel"]), "children": []}
            ministry["children"].append(agencies[agency_key])
        node = _node(row["plan"], row["label"], row["amount"])
        node["children"] = by_plan.get(plan, [])
        agencies[agency_key]["children"].append(node)
    for agency in agencies.values():
        agency["value"] = sum(c["value"] for c in agency["children"])
    children = list(ministries.values())
    for ministry in children:
        ministry["value"] = sum(c["value"] for c in ministry["children"])
    total = sum(c["value"] for c in children)
    return {"name": f"{year}年度 中央政府 {stage}", "iri": None, "value": total, "children": children}


def _node(iri: object, label: object, amount: object) -> dict[str, Any]:
    return {"iri": str(iri), "name": str(label or iri), "value": float(Decimal(str(amount)))}


def entity_series(store: Store, iri: str) -> dict[str, Any] | None:
    """The chart, table rows and CSV query of the series an entity page's node belongs to."""
    series = series_of_entity(store, iri)
    if series is None:
        return None
    points = points_of_series(store, series)
    if not points:
        return None
    years = year_rows(points)
    code = points[-1].code
    return {"years": years, "chart": chart_svg(years), "q": code}
