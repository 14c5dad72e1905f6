"""GET /healthz: the service is up and the store answers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from api.routes.deps import service

router = APIRouter(tags=["service"])


@router.get("/healthz")
def healthz(request: Request) -> dict[str, Any]:
    store = service(request).store
    return {"status": "ok", "books": len(store.book_graphs()), "triples": store.triple_count()}
