"""GET /search: hybrid search over the books' narrative; each hit names its graph entity and page.

Paged (`offset`, or `page` counted from 1), with facet counts by type, agency, year and stage over
every entity found, highlighted snippets (`snippet_html` with <mark>, `highlights` offsets), and
GET /search/similar?iri=… for "more like this" from an entity.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool

from api.routes.deps import service
from embed.search import SearchError, SearchPage, search_page, similar
from graph.query_guard import checked_iri, iri_term
from graph.sparql import QueryError
from graph.store import Store

router = APIRouter(tags=["search"])


@router.get("/search")
async def search_route(
    request: Request,
    q: str = Query(..., min_length=1, description="the question, in Traditional or Simplified Chinese"),
    k: int = Query(10, ge=1, le=100, description="hits per page"),
    offset: int = Query(0, ge=0, le=10_000, description="hits to skip (paging)"),
    page: int | None = Query(
        None, ge=1, le=1_000, description="page number from 1 (sets offset = (page-1)·k)"
    ),
    type: str | None = Query(None, description="entity type, e.g. Project, Donation, Resolution"),
    year: int | None = Query(None, description="fiscal year, Gregorian (2025) or ROC (114)"),
    agency: str | None = None,
    stage: str | None = Query(None, description="budget stage: 預算案, 法定預算 or 決算"),
    mode: str = Query("hybrid", pattern="^(hybrid|keyword|dense)$"),
    expand: bool = Query(False, description="add each hit's funding and legal-basis neighbours"),
) -> dict[str, Any]:
    state = service(request)
    # The whole search (encoding the question, ranking, the hits' amounts from the store) runs in the
    # service's search pool, never on the event loop: other requests are served while it computes.
    # The service's open store serves the neighbour expansion: no store is reopened per request.
    job = functools.partial(
        _page_with_amounts,
        state.store,
        search_page,
        state.settings.data_dir,
        q,
        k=k,
        offset=(page - 1) * k if page else offset,
        type=type,
        year=year,
        agency=agency,
        stage=stage,
        mode=mode,
        expand=expand,
        store=state.store,
    )
    try:
        return await _in_search_pool(request, job)
    except SearchError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc


@router.get("/search/similar")
async def similar_route(
    request: Request,
    iri: str = Query(..., min_length=1, description="an entity IRI, e.g. a search hit's"),
    k: int = Query(10, ge=1, le=100),
    offset: int = Query(0, ge=0, le=10_000),
    page: int | None = Query(None, ge=1, le=1_000),
    type: str | None = None,
    year: int | None = None,
    agency: str | None = None,
    stage: str | None = None,
) -> dict[str, Any]:
    """More like this: entities whose stored vectors are nearest this entity's, in every book and year."""
    state = service(request)
    job = functools.partial(
        _page_with_amounts,
        state.store,
        similar,
        state.settings.data_dir,
        iri,
        k=k,
        offset=(page - 1) * k if page else offset,
        type=type,
        year=year,
        agency=agency,
        stage=stage,
    )
    try:
        return await _in_search_pool(request, job)
    except SearchError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc


async def _in_search_pool(request: Request, job: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    pool = service(request).searches
    if pool is not None:
        return await asyncio.get_running_loop().run_in_executor(pool, job)
    return await run_in_threadpool(job)


def _page_with_amounts(
    amounts_from: Store, find: Callable[..., SearchPage], *args: Any, **options: Any
) -> dict[str, Any]:
    body = find(*args, **options).to_json()
    _add_amounts(amounts_from, body["hits"])
    return body


def _add_amounts(store: Store, hits: list[dict[str, Any]]) -> None:
    """Give each hit its budget amount and frozen amount (NT$ 元) and the plan it belongs to, which tells
    apart hits that share a name (the same subsidy under two branch plans); the web page shows them."""
    iris = {h["iri"] for h in hits if h["iri"].startswith(("http://", "https://")) and ">" not in h["iri"]}
    if not iris:
        return
    values = " ".join(iri_term(iri) for iri in sorted(iris) if _is_iri(iri))
    if not values:
        return
    rows = store.select(
        f"""SELECT ?x ?amount ?frozen ?parentLabel ?recipient WHERE {{ VALUES ?x {{ {values} }}
             OPTIONAL {{ ?x bud:amount ?amount }} OPTIONAL {{ ?x bud:frozenAmount|bud:proposedFreeze ?frozen }}
             OPTIONAL {{ ?x bud:recipientType ?recipient }}
             OPTIONAL {{ ?x bud:partOf|bud:workPlan|bud:proposalOn ?parent . ?parent rdfs:label ?parentLabel }} }}"""
    )
    facts = {str(row["x"]): row for row in rows}
    for hit in hits:
        row = facts.get(hit["iri"]) or {}
        # The store's amount where the graph has one, else the amount the index carries.
        hit["amount_ntd"] = str(row["amount"]) if row.get("amount") is not None else hit.get("amount_ntd")
        hit["frozen_ntd"] = str(row["frozen"]) if row.get("frozen") is not None else None
        context = [str(row[k]) for k in ("parentLabel", "recipient") if row.get(k) is not None]
        hit["part_of"] = " · ".join(context) or None


def _is_iri(text: str) -> bool:
    try:
        checked_iri(text)
    except QueryError:
        return False
    return True
