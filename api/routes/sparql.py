"""The SPARQL 1.1 Protocol endpoint (query only): GET ?query=, POST form or application/sparql-query.

Results are negotiated by Accept (q-values and common aliases honoured: SPARQL JSON/XML/CSV/TSV for
SELECT/ASK; Turtle, N-Triples, JSON-LD, RDF/XML, N3 for CONSTRUCT/DESCRIBE) or forced with `format=`
(SPARQLWrapper's values included; a value that fits only the other kind of result falls back to Accept).
`default-graph-uri` / `named-graph-uri` define the dataset (this store's graphs only, else 400).

Every query is bounded before any parser sees it (graph.query_guard), then runs in a killable,
netless worker process (graph.query_pool): updates, SERVICE, LOAD and foreign graphs are refused
with 400 and nothing changes; the time limit stops the query, not just the wait.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from api.routes.deps import preferred, service
from api.settings import Settings
from graph.query_guard import (
    QueryLimits,
    QueryShape,
    check_bounds,
    check_dataset,
    check_syntax,
    checked_iri,
    lexical_shape,
)
from graph.query_pool import Dataset, QueryBusy
from graph.sparql import (
    GRAPH_MEDIA_TYPES,
    RESULT_MEDIA_TYPES,
    QueryError,
    QueryResult,
    QueryTimeout,
    check_query,
    format_name,
    serialize_result,
)
from graph.store import Store

router = APIRouter(tags=["sparql"])

RESULT_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
    "application/xml",
    "text/xml",
]
GRAPH_TYPES = [
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "text/n3",
    "application/x-turtle",
    "text/rdf+n3",
    "application/json",
    "application/xml",
    "text/plain",
]
# A query's text cannot exceed the guard's byte limit; a form-encoded body may triple it (%XX).
_BODY_FACTOR = 3
_BODY_MIN = 1024 * 1024  # read a bit more, so an oversized query gets the guard's clear 400


class ProtocolError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@router.get("/sparql")
async def sparql_get(
    request: Request,
    query: Annotated[str | None, Query(description="the SPARQL query (exactly one)")] = None,
    format: Annotated[
        str | None, Query(description="json xml csv tsv | turtle nt json-ld rdf+xml n3")
    ] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri")] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri")] = None,
) -> Response:
    # The declared parameters document the endpoint; the checks read every value (two `query` → 400).
    params = request.query_params
    try:
        query = _single(params.getlist("query"))
        if query is None:
            return _error("give a SPARQL query as ?query=… (or POST it); see /query for a form", 400)
        if "update" in params:
            return _error("updates are not allowed: this endpoint is read-only", 400)
        dataset = _dataset(params.getlist("default-graph-uri"), params.getlist("named-graph-uri"))
    except ProtocolError as exc:
        return _error(str(exc), exc.status)
    return await _answer(request, query, params.getlist("format"), dataset)


@router.post("/sparql")
async def sparql_post(request: Request) -> Response:
    content_type, _, parameters = request.headers.get("content-type", "").partition(";")
    content_type = content_type.strip().lower()
    charset = next(
        (
            p.split("=", 1)[1].strip().strip('"').lower()
            for p in parameters.split(";")
            if p.strip().startswith("charset=")
        ),
        "utf-8",
    )
    if content_type == "application/sparql-update":
        return _error("updates are not allowed: this endpoint is read-only", 400)
    if content_type not in {"application/sparql-query", "application/x-www-form-urlencoded"}:
        return _error(
            "POST the query as application/sparql-query or as a form field query= (application/x-www-form-urlencoded)",
            415,
        )
    if charset not in {"utf-8", "utf8"}:
        return _error(f"send the query in UTF-8 (charset={charset} is not accepted)", 415)
    limits = QueryLimits()
    try:
        raw = await _bounded_body(request, max(_BODY_MIN, limits.max_bytes * _BODY_FACTOR))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError(
                f"the body is not UTF-8 (byte {exc.start}): send the query in UTF-8"
            ) from None
        params = request.query_params
        if content_type == "application/sparql-query":
            if "query" in params:
                raise ProtocolError("give the query once: in the body or as ?query=, not both")
            query = text
            dataset = _dataset(params.getlist("default-graph-uri"), params.getlist("named-graph-uri"))
        else:
            try:
                form = parse_qs(text, keep_blank_values=True, errors="strict")
            except UnicodeDecodeError:
                raise ProtocolError("the form's percent-encoded bytes are not UTF-8") from None
            if "update" in form:
                return _error("updates are not allowed: this endpoint is read-only", 400)
            query = _single(form.get("query", []) + params.getlist("query")) or ""
            dataset = _dataset(
                form.get("default-graph-uri", []) + params.getlist("default-graph-uri"),
                form.get("named-graph-uri", []) + params.getlist("named-graph-uri"),
            )
    except ProtocolError as exc:
        return _error(str(exc), exc.status)
    if not query.strip():
        return _error("empty query", 400)
    return await _answer(request, query, params.getlist("format"), dataset)


async def _bounded_body(request: Request, limit: int) -> bytes:
    """The request body, read only up to `limit` bytes (then 413): a query body is never large."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ProtocolError(f"the request body is over {limit:,} bytes; queries are smaller", 413)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(f"the request body is over {limit:,} bytes; queries are smaller", 413)
        chunks.append(chunk)
    return b"".join(chunks)


def _single(values: list[str]) -> str | None:
    if len(values) > 1:
        raise ProtocolError(f"{len(values)} query parameters: give exactly one query per request")
    return values[0] if values else None


def _dataset(default: list[str], named: list[str]) -> Dataset | None:
    if not default and not named:
        return None
    try:
        return Dataset(tuple(checked_iri(g) for g in default), tuple(checked_iri(g) for g in named))
    except QueryError as exc:
        raise ProtocolError(f"default-graph-uri / named-graph-uri: {exc}") from None


async def _answer(request: Request, query: str, formats: list[str], dataset: Dataset | None) -> Response:
    state = service(request)
    settings = state.settings
    try:
        check_bounds(query)
        if state.queries is not None:
            result = await run_in_threadpool(
                state.queries.query,
                query,
                timeout_s=settings.query_timeout_s,
                limit=settings.result_limit,
                dataset=dataset,
            )
        else:
            result = await run_in_threadpool(_in_process, state.store, query, dataset, settings)
    except QueryBusy as exc:
        return JSONResponse({"detail": str(exc)}, status_code=503, headers={"Retry-After": "2"})
    except QueryTimeout as exc:
        return _error(f"{exc} (limit {settings.query_timeout_s:g} s; simplify the query or add LIMIT)", 503)
    except QueryError as exc:
        return _error(str(exc), 400)
    try:
        media = _media(result, formats, request.headers.get("accept", ""))
        body, content_type = serialize_result(result, media)
    except QueryError as exc:
        return _error(str(exc), 406)
    headers = {"X-Result-Truncated": "true"} if result.truncated else {}
    return Response(content=body, media_type=content_type, headers=headers)


def _in_process(store: Store, query: str, dataset: Dataset | None, settings: Settings) -> QueryResult:
    """Without query workers (BUDGETKG_QUERY_WORKERS=0, not for a public endpoint; or a remote store,
    whose server does the work): the store's own thread-based timeout and the token checks in front,
    in the query workers' order (graph.query_pool.run_query), so both answer alike."""
    graphs = store.graphs()
    check_query(query, local_graphs=graphs)  # updates first: the read-only message, not a syntax error
    check_syntax(query)
    shape = lexical_shape(query)  # refuses SERVICE; rdflib's slower parse is left to the workers
    if dataset is not None:
        shape = QueryShape(dataset.default_graphs, dataset.named_graphs)
    if shape.has_dataset:
        check_dataset(shape, set(graphs))
    return store.query(
        query,
        timeout_s=settings.query_timeout_s,
        limit=settings.result_limit,
        # FROM's graphs passed explicitly too: the embedded store's union default graph would hide them
        dataset=(shape.default_graphs, shape.named_graphs) if shape.has_dataset else None,
    )


def _media(result: QueryResult, formats: list[str], accept: str) -> str:
    """The first format= value that names a syntax for this kind of result, else the Accept header's
    best offer. SPARQLWrapper sends format= twice (`json-ld`, then a comma list of media types), and
    the same again as output= and results=; a value naming only the other kind falls back to Accept."""
    graph = result.kind == "graph"
    offered = GRAPH_MEDIA_TYPES if graph else RESULT_MEDIA_TYPES
    values = [v.strip() for f in formats for v in f.split(",") if v.strip()]
    for value in values:
        name = format_name(value)
        if graph and name == "json":
            name = "jsonld"
        if name in offered:
            return name
    known = [v for v in values if format_name(v) in GRAPH_MEDIA_TYPES or format_name(v) in RESULT_MEDIA_TYPES]
    if values and not known:
        raise QueryError(f"unknown format={formats[0]!r}; use one of {', '.join(offered)}")
    if graph:
        media = preferred(accept, GRAPH_TYPES, "text/turtle")
        return "jsonld" if media == "application/json" else media
    return preferred(accept, RESULT_TYPES, "application/sparql-results+json")


def _error(message: str, status: int) -> Response:
    return JSONResponse({"detail": message}, status_code=status)
