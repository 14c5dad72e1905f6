"""The web page: search, the budget picture, the SPARQL form (HTML shells + JSON feeds they use)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from api.book_view import overview
from api.budget_tree import add_projects_and_grants, revenue_tree
from api.routes.deps import service
from graph.query_guard import iri_term
from graph.sparql import QueryError
from graph.store import Store
from ingest.resources import ONTOLOGY_DIR

router = APIRouter(tags=["web"])
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parents[1] / "web" / "templates"))

SEARCH_TYPES = [
    "WorkPlan",
    "BranchPlan",
    "Project",
    "Subsidy",
    "Donation",
    "Commission",
    "RevenueItem",
    "Resolution",
    "MultiYearPlan",
    "PolicyPriority",
    "PastPerformance",
    "Agency",
    "OrganizationalUnit",
]


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def home(request: Request) -> HTMLResponse:
    books = await run_in_threadpool(_books, service(request).store)
    loaded = await run_in_threadpool(overview, service(request).store)
    return templates.TemplateResponse(
        request, "index.html", {"page": "search", "books": books, "types": SEARCH_TYPES, "overview": loaded}
    )


@router.get("/budget", response_class=HTMLResponse, include_in_schema=False)
async def budget(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "budget.html", {"page": "budget"})


@router.get("/query", response_class=HTMLResponse, include_in_schema=False)
async def query_page(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "query.html", {"page": "query"})


@router.get("/api/queries", tags=["sparql"])
def example_queries() -> list[dict[str, str]]:
    """The competency questions shipped in ontology/queries, ready to run."""
    examples = []
    folder = ONTOLOGY_DIR / "queries"
    # issue 11: the national questions (they need the national tables loaded) come after the books'.
    for path in [*sorted(folder.glob("*.rq")), *sorted(folder.glob("national/*.rq"))]:
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        title = first.lstrip("# ").strip() if first.startswith("#") else path.stem
        name = path.stem if path.parent == folder else f"{path.parent.name}/{path.stem}"
        examples.append({"name": name, "title": title, "text": text})
    return examples


@router.get("/api/books", tags=["documents"])
async def books(request: Request) -> list[dict[str, Any]]:
    return await run_in_threadpool(_books, service(request).store)


@router.get("/api/budget-tree", tags=["web"])
async def budget_tree(request: Request, book: str | None = None, side: str = "expenditure") -> dict[str, Any]:
    """The treemap's data, amounts in NT$ 元. `side=expenditure` (default): work plans → branch plans →
    用途別 lines → the grants (補助/捐助/委辦) of each line, with each branch plan's projects beside its
    lines; `side=revenue`: 歲入 款 → 目 → 節."""
    store = service(request).store
    try:
        if side == "revenue":
            return await run_in_threadpool(revenue_tree, store, book)
        if side != "expenditure":
            raise HTTPException(400, "side must be expenditure (歲出) or revenue (歲入)")
        tree = await run_in_threadpool(_budget_tree, store, book)
    except QueryError as exc:  # `book` is no IRI
        raise HTTPException(status_code=400, detail=f"book: {exc}") from exc
    await run_in_threadpool(add_projects_and_grants, store, tree)
    return tree


@router.get("/api/overview", tags=["web"])
async def store_overview(request: Request) -> dict[str, Any]:
    """What the store holds: books (agency, year, 歲出/歲入 totals), years, agencies, example questions."""
    return await run_in_threadpool(overview, service(request).store)


def _books(store: Store) -> list[dict[str, Any]]:
    rows = store.select(
        "SELECT ?book ?label ?year WHERE { ?book a bud:BudgetBook . OPTIONAL { ?book rdfs:label ?label } "
        "OPTIONAL { ?book bud:rocYear ?year } } ORDER BY ?book"
    )
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(
            str(row["book"]),
            {"iri": str(row["book"]), "label": str(row["label"] or row["book"]), "roc_year": row["year"]},
        )
    return list(seen.values())


def _budget_tree(store: Store, book: str | None) -> dict[str, Any]:
    # The book reaches the query only as a bound value (VALUES), after the IRI check.
    book_filter = f"VALUES ?book {{ {iri_term(book)} }} ?plan bud:inBook ?book ." if book else ""
    plans = store.select(
        f"""SELECT DISTINCT ?plan ?label ?amount WHERE {{ ?plan a bud:WorkPlan ; bud:amount ?amount .
             OPTIONAL {{ ?plan rdfs:label ?label }} {book_filter} }}"""
    )
    branches = store.select(
        """SELECT DISTINCT ?branch ?plan ?label ?amount WHERE { ?branch a bud:BranchPlan ; bud:partOf ?plan ;
             bud:amount ?amount . OPTIONAL { ?branch rdfs:label ?label } }"""
    )
    lines = store.select(
        """SELECT DISTINCT ?line ?branch ?label ?amount ?level WHERE { ?line a bud:LineItem ; bud:partOf ?branch ;
             bud:amount ?amount . OPTIONAL { ?line rdfs:label ?label } OPTIONAL { ?line bud:level ?level } }"""
    )
    by_branch: dict[str, list[dict[str, Any]]] = {}
    levels: dict[str, set[int]] = {}
    for row in lines:
        levels.setdefault(str(row["branch"]), set()).add(_level(row["level"]))
    for row in lines:
        branch = str(row["branch"])
        # Show the finest level only: second-level lines where a branch has them, else first-level.
        if _level(row["level"]) != max(levels[branch]):
            continue
        by_branch.setdefault(branch, []).append(_node(row["line"], row["label"], row["amount"]))
    by_plan: dict[str, list[dict[str, Any]]] = {}
    for row in branches:
        node = _node(row["branch"], row["label"], row["amount"])
        node["children"] = by_branch.get(str(row["branch"]), [])
        by_plan.setdefault(str(row["plan"]), []).append(node)
    children = []
    for row in plans:
        node = _node(row["plan"], row["label"], row["amount"])
        node["children"] = by_plan.get(str(row["plan"]), [])
        children.append(node)
    total = sum((Decimal(str(c["value"])) for c in children), Decimal(0))
    return {"name": "歲出預算", "iri": book, "value": float(total), "children": children}


def _node(iri: object, label: object, amount: object) -> dict[str, Any]:
    return {"iri": str(iri), "name": str(label or iri), "value": float(Decimal(str(amount)))}


def _level(value: object) -> int:
    return int(str(value)) if value is not None else 0
