"""GET /search: hybrid search over the books' narrative; each hit names its graph entity and page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool

from api.routes.deps import service
from embed.search import SearchError, search
from graph.store import Store

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
    state = service(request)
    try:
        # The service's open store serves the neighbour expansion: no store is reopened per request.
        hits = await run_in_threadpool(
            search,
            state.settings.data_dir,
            q,
            k=k,
            type=type,
            year=year,
            agency=agency,
            mode=mode,
            expand=expand,
            store=state.store,
        )
    except SearchError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    found = [hit.to_json() for hit in hits]
    await run_in_threadpool(_add_amounts, service(request).store, found)
    return {"query": q, "hits": found}


def _add_amounts(store: Store, hits: list[dict[str, Any]]) -> None:
    """Give each hit its budget amount and frozen amount (NT$ 元) and the plan it belongs to, which tells
    apart hits that share a name (the same subsidy under two branch plans); the web page shows them."""
    iris = {h["iri"] for h in hits if h["iri"].startswith(("http://", "https://")) and ">" not in h["iri"]}
    if not iris:
        return
    values = " ".join(f"<{iri}>" for iri in sorted(iris))
    rows = store.select(
        f"""SELECT ?x ?amount ?frozen ?parentLabel ?recipient WHERE {{ VALUES ?x {{ {values} }}
             OPTIONAL {{ ?x bud:amount ?amount }} OPTIONAL {{ ?x bud:frozenAmount|bud:proposedFreeze ?frozen }}
             OPTIONAL {{ ?x bud:recipientType ?recipient }}
             OPTIONAL {{ ?x bud:partOf|bud:workPlan|bud:proposalOn ?parent . ?parent rdfs:label ?parentLabel }} }}"""
    )
    facts = {str(row["x"]): row for row in rows}
    for hit in hits:
        row = facts.get(hit["iri"]) or {}
        hit["amount_ntd"] = str(row["amount"]) if row.get("amount") is not None else None
        hit["frozen_ntd"] = str(row["frozen"]) if row.get("frozen") is not None else None
        context = [str(row[k]) for k in ("parentLabel", "recipient") if row.get(k) is not None]
        hit["part_of"] = " · ".join(context) or None
