"""GET /search: hybrid search over the books' narrative; each hit names its graph entity and page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool

from api.routes.deps import service
from embed.search import SearchError, search

router = APIRouter(tags=["search"])


@router.get("/search")
async def search_route(
    request: Request,
    q: str = Query(..., min_length=1, description="the question, in Traditional or Simplified Chinese"),
    k: int = Query(10, ge=1, le=100),
    type: str | None = Query(None, description="entity type, e.g. Project, Donation, Resolution"),
    year: int | None = Query(None, description="fiscal year, Gregorian (2025) or ROC (114)"),
    agency: str | None = None,
    mode: str = Query("hybrid", pattern="^(hybrid|keyword|dense)$"),
    expand: bool = Query(False, description="add each hit's funding and legal-basis neighbours"),
) -> dict[str, Any]:
    data_dir = service(request).settings.data_dir
    try:
        hits = await run_in_threadpool(
            search, data_dir, q, k=k, type=type, year=year, agency=agency, mode=mode, expand=expand
        )
    except SearchError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    return {"query": q, "hits": [hit.to_json() for hit in hits]}
