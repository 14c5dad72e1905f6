"""Entities: every IRI the graph mints dereferences here (/id/…), as HTML for browsers, Turtle or
JSON-LD by Accept (or ?format=), and as a JSON view for programs (/api/entity?iri=…)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from api.entity_view import entity_view
from api.routes.deps import preferred, service
from api.routes.national import entity_series
from api.routes.web import templates
from graph import iris
from graph.sparql import serialize_result

router = APIRouter(tags=["entities"])

RDF_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json"}


@router.get("/id/{path:path}", response_model=None)
async def dereference(request: Request, path: str, format: str | None = None) -> Response:
    return await _negotiate(request, iris.base_iri() + path, format)


@router.get("/entity", response_model=None)
async def entity_page(request: Request, iri: str, format: str | None = None) -> Response:
    return await _negotiate(request, iri, format)


@router.get("/api/entity")
async def entity_json(request: Request, iri: str) -> dict[str, Any]:
    view = await run_in_threadpool(entity_view, service(request).store, iri)
    if view is None:
        raise HTTPException(status_code=404, detail=f"nothing is known about {iri}")
    return view.to_json()


async def _negotiate(request: Request, iri: str, format: str | None) -> Response:
    store = service(request).store
    media = RDF_TYPES.get(format or "") or preferred(
        request.headers.get("accept", ""), ["text/html", *RDF_TYPES.values(), "application/json"], "text/html"
    )
    if media == "application/json":
        return JSONResponse(await entity_json(request, iri))
    if media in RDF_TYPES.values():
        result = await run_in_threadpool(store.query, f"DESCRIBE <{iri}>")
        if not result.triples:
            raise HTTPException(status_code=404, detail=f"nothing is known about {iri}")
        body, content_type = serialize_result(result, media)
        return Response(body, media_type=content_type)
    view = await run_in_threadpool(entity_view, store, iri)
    if view is None:
        return HTMLResponse(f"<p>nothing is known about {iri}</p>", status_code=404)
    # issue 11: a work plan's or agency's years, as on /series (api/routes/national.py)
    series = await run_in_threadpool(entity_series, store, iri)
    return templates.TemplateResponse(
        request, "entity.html", {"view": view, "page": "entity", "series": series}
    )
