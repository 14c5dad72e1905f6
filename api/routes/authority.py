"""Legal authority: what a plan rests on, and what rests on a statute (same answers as `budgetkg authority`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from api.routes.deps import service

router = APIRouter(tags=["legal authority"])


@router.get("/authority")
async def authority_of(request: Request, subject: str) -> dict[str, Any]:
    """The statutes and articles a plan, project or grant rests on (direct and inferred), with evidence."""
    from graph.laws.authority import AuthorityError, authorities_for

    try:
        return await run_in_threadpool(authorities_for, service(request).store, subject)
    except AuthorityError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc


@router.get("/authority/cited-by")
async def cited_by(request: Request, statute: str) -> dict[str, Any]:
    """Every record resting on a statute (name, short name or pcode), with amounts and a total."""
    from graph.laws.authority import AuthorityError, dependants_of

    try:
        return await run_in_threadpool(dependants_of, service(request).store, statute)
    except AuthorityError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
