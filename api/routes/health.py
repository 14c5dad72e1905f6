"""GET /healthz: the service is up and the store answers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.routes.deps import service

router = APIRouter(tags=["service"])


@router.get("/healthz")
def healthz(request: Request) -> dict[str, Any]:
    state = service(request)
    store = state.store
    pool = state.queries
    return {
        "status": "ok",
        "books": len(store.book_graphs()),
        "triples": store.triple_count(),
        # issue 18: public queries run in this many killable worker processes, without network access
        "query_workers": pool.size if pool is not None else 0,
        "query_workers_isolated": bool(pool is not None and pool.netless),
    }
