"""The SPARQL 1.1 Protocol endpoint (query only): GET ?query=, POST form or application/sparql-query.

Results are negotiated by Accept (SPARQL JSON/XML/CSV/TSV for SELECT/ASK; Turtle/N-Triples/JSON-LD for
CONSTRUCT/DESCRIBE) or forced with `format=`. Updates, SERVICE, LOAD and remote FROM are refused with
400 and nothing changes; queries run under the configured time limit and result cap.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from api.routes.deps import preferred, service
from graph.sparql import QueryError, QueryTimeout, serialize_result

router = APIRouter(tags=["sparql"])

RESULT_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
]
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/ld+json"]


@router.get("/sparql")
async def sparql_get(request: Request, query: str | None = None, format: str | None = None) -> Response:
    if query is None:
        return JSONResponse(
            {"detail": "give a SPARQL query as ?query=… (or POST it); see /query for a form"}, status_code=400
        )
    return await _answer(request, query, format)


@router.post("/sparql")
async def sparql_post(request: Request, format: str | None = None) -> Response:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = (await request.body()).decode("utf-8", errors="replace")
    if content_type == "application/sparql-query":
        query = body
    elif content_type == "application/x-www-form-urlencoded":
        form = parse_qs(body)
        if "update" in form:
            return _error("updates are not allowed: this endpoint is read-only", 400)
        query = (form.get("query") or [""])[0]
    elif content_type == "application/sparql-update":
        return _error("updates are not allowed: this endpoint is read-only", 400)
    else:
        return _error(
            "POST the query as application/sparql-query or as a form field query= (application/x-www-form-urlencoded)",
            415,
        )
    if not query.strip():
        return _error("empty query", 400)
    return await _answer(request, query, format)


async def _answer(request: Request, query: str, format: str | None) -> Response:
    state = service(request)
    settings = state.settings
    try:
        result = await run_in_threadpool(
            state.store.query, query, timeout_s=settings.query_timeout_s, limit=settings.result_limit
        )
    except QueryTimeout as exc:
        return _error(f"{exc} (limit {settings.query_timeout_s:g} s; simplify the query or add LIMIT)", 503)
    except QueryError as exc:
        return _error(str(exc), 400)
    accept = request.headers.get("accept", "")
    if format:
        media = format
    elif result.kind == "graph":
        media = preferred(accept, GRAPH_TYPES, "text/turtle")
    else:
        media = preferred(accept, RESULT_TYPES, "application/sparql-results+json")
    try:
        body, content_type = serialize_result(result, media)
    except QueryError as exc:
        return _error(str(exc), 406)
    headers = {"X-Result-Truncated": "true"} if result.truncated else {}
    return Response(content=body, media_type=content_type, headers=headers)


def _error(message: str, status: int) -> Response:
    return JSONResponse({"detail": message}, status_code=status)
