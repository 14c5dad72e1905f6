"""The Legislative Yuan's review over HTTP (issue 13): the same report as `budgetkg review`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from api.routes.deps import service
from graph.review.report import review_report

router = APIRouter(tags=["review"])


@router.get("/review/{query}")
async def review_of(request: Request, query: str) -> dict[str, Any]:
    """Proposals (減列/凍結) on an agency (by name) or a line (10-digit code) with outcome, amounts, text, the
    line each names, and per work plan proposed, enacted, enacted − proposed and the cuts passed (NT$ 元)."""
    if not query.strip():
        raise HTTPException(status_code=400, detail="give an agency name or a 10-digit code")
    report = await run_in_threadpool(review_report, service(request).store, query)
    if not report["count"]:
        raise HTTPException(status_code=404, detail=f"no proposals on {query!r}; is a review table ingested?")
    return report
