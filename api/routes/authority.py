"""Legal authority: what a plan rests on, and what rests on a statute (same answers as `budgetkg authority`).

Both answer over every book in the service's store, through graph.laws.from_store (which rereads the
legal-basis statements only after an ingest changed the store).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool

from api.routes.deps import service
from graph.laws.authority import AuthorityQueryError, authority_for
from graph.laws.chain import authority_chain_json, cited_by_through
from graph.laws.from_store import authority_from_store, read_store
from graph.store import Store

router = APIRouter(tags=["legal authority"])


@router.get("/authority")
async def authority_of(
    request: Request,
    subject: str = Query(
        description="a work-plan, branch-plan, project or grant name (or part of it), or a code"
    ),
    chain: bool = Query(
        False,
        description="add each authority's delegation chain (regulation → parent statute article), "
        "the cited article's text and law-in-force flags (as `budgetkg authority NAME --json --chain`)",
    ),
) -> dict[str, Any]:
    """The statutes and articles a plan, project or grant rests on (direct and inferred), with evidence."""
    if not subject.strip():
        raise HTTPException(status_code=400, detail="give subject=NAME_OR_CODE (a plan, project or grant)")
    try:
        if chain:
            return await run_in_threadpool(_authority_chain, service(request).store, subject)
        return await run_in_threadpool(authority_from_store, service(request).store, subject)
    except AuthorityQueryError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc


@router.get("/authority/cited-by")
async def cited_by(
    request: Request,
    statute: str = Query(description="a statute's full name, short name or pcode (e.g. J0030115)"),
) -> dict[str, Any]:
    """Every record resting on a statute, itself or through its regulations (marked `through`), with
    amounts summed by agency and year counting each line once."""
    if not statute.strip():
        raise HTTPException(status_code=400, detail="give statute=NAME_OR_PCODE (e.g. 預算法 or T0020001)")
    try:
        return await run_in_threadpool(_cited_by_chain, service(request).store, statute)
    except AuthorityQueryError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc


def _authority_chain(store: Store, subject: str) -> dict[str, Any]:
    answer = read_store(store)
    return authority_chain_json(subject, authority_for(answer.links, subject, subjects=answer.plans))


def _cited_by_chain(store: Store, statute: str) -> dict[str, Any]:
    return cited_by_through(read_store(store).links, statute).to_json()
