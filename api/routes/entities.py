"""Entities: every IRI the graph mints dereferences here (/id/…), as HTML for browsers, Turtle or
JSON-LD by Accept (or ?format=), and as a JSON view for programs (/api/entity?iri=…).

The requested IRI is checked (graph.query_guard.checked_iri) and reaches the queries only as a bound
value (VALUES ?this { <iri> }): a text that is no IRI is a 400 (/entity, /api/entity) or a 404 (/id/…).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from api.book_view import books_summary
from api.entity_extras import page_extras
from api.entity_view import entity_view
from api.routes.deps import preferred, service
from api.routes.national import entity_series
from api.routes.not_found import not_found_page
from api.routes.web import templates
from graph import iris
from graph.query_guard import iri_term
from graph.sparql import QueryError, format_name, serialize_result

router = APIRouter(tags=["entities"])

RDF_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json"}


@router.get("/id/{path:path}", response_model=None)
async def dereference(request: Request, path: str, format: str | None = None) -> Response:
    return await _negotiate(request, iris.base_iri() + path, format, bad_status=404)


@router.get("/entity", response_model=None)
async def entity_page(request: Request, iri: str, format: str | None = None) -> Response:
    return await _negotiate(request, iri, format)


@router.get("/api/entity")
async def entity_json(request: Request, iri: str) -> dict[str, Any]:
    return await _entity_json(request, iri, bad_status=400)


async def _entity_json(request: Request, iri: str, *, bad_status: int) -> dict[str, Any]:
    try:
        view = await run_in_threadpool(entity_view, service(request).store, iri)
    except QueryError as exc:
        raise HTTPException(status_code=bad_status, detail=str(exc)) from exc
    if view is None:
        raise HTTPException(status_code=404, detail=f"nothing is known about {iri}")
    return view.to_json()


async def _negotiate(request: Request, iri: str, format: str | None, *, bad_status: int = 400) -> Response:
    store = service(request).store
    try:
        term = iri_term(iri)
    except QueryError as exc:
        raise HTTPException(status_code=bad_status, detail=str(exc)) from exc
    wanted = format_name(format) if format else ""
    media = RDF_TYPES.get(wanted) or preferred(
        request.headers.get("accept", ""), ["text/html", *RDF_TYPES.values(), "application/json"], "text/html"
    )
    if media == "application/json":
        return JSONResponse(await _entity_json(request, iri, bad_status=bad_status))
    if media in RDF_TYPES.values():
        timeout = service(request).settings.query_timeout_s
        result = await run_in_threadpool(
            store.query, f"DESCRIBE ?this WHERE {{ VALUES ?this {{ {term} }} }}", timeout_s=timeout
        )
        if not result.triples:
            raise HTTPException(status_code=404, detail=f"nothing is known about {iri}")
        body, content_type = serialize_result(result, media)
        return Response(body, media_type=content_type)
    try:
        view = await run_in_threadpool(entity_view, store, iri)
    except QueryError as exc:
        raise HTTPException(status_code=bad_status, detail=str(exc)) from exc
    if view is None:
        return not_found_page(request, f"圖譜中沒有 {iri} 的資料。", asked=iri)
    context: dict[str, Any] = {"view": view, "page": "entity"}
    # issue 17: stages side by side, the book as first breadcrumb, recipient pages
    context.update(await run_in_threadpool(page_extras, store, view))
    if "BudgetBook" in view.types:  # a book's page leads on: its plans, its contents, where to go next
        books = await run_in_threadpool(books_summary, store, details=True, only=iri)
        context["book"] = books[0] if books else None
    # issue 11: a work plan's or agency's years, as on /series (api/routes/national.py)
    context["series"] = await run_in_threadpool(entity_series, store, iri)
    return templates.TemplateResponse(request, "entity.html", context)
