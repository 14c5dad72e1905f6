"""Recipient pages: /recipient?name=直轄市政府 (HTML) and /api/recipient (JSON; ?format=csv|xlsx), and the
index of recipient classes at /recipients and /api/recipients (issue 17)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from api.recipient_view import recipient_classes, recipient_view
from api.routes.deps import service
from api.routes.not_found import not_found_page

router = APIRouter(tags=["recipients"])


@router.get("/api/recipients")
async def recipients_json(request: Request) -> list[dict[str, Any]]:
    """Every recipient class (直轄市政府, 各縣市政府 …) and named recipient, with grant counts and totals."""
    return await run_in_threadpool(recipient_classes, service(request).store)


@router.get("/api/recipient")
async def recipient_json(
    request: Request, name: str = Query(min_length=1, description="a recipient class or part of a name")
) -> dict[str, Any]:
    """Every grant to `name` across books and years, with totals by year, agency and kind (NT$ 元)."""
    view = await run_in_threadpool(recipient_view, service(request).store, name)
    if view is None:
        raise HTTPException(404, f"沒有撥給「{name}」的補助、捐助或委辦；看 /recipients 列出的對象")
    return view


@router.get("/recipients", response_class=HTMLResponse, include_in_schema=False)
async def recipients_page(request: Request) -> Response:
    from api.routes.web import templates

    classes = await run_in_threadpool(recipient_classes, service(request).store)
    return templates.TemplateResponse(request, "recipients.html", {"page": "recipients", "classes": classes})


@router.get("/recipient", response_class=HTMLResponse, include_in_schema=False)
async def recipient_page(request: Request, name: str = "") -> Response:
    from api.routes.web import templates

    view = await run_in_threadpool(recipient_view, service(request).store, name) if name.strip() else None
    if view is None:
        return not_found_page(request, f"沒有撥給「{name}」的補助、捐助或委辦。", asked=name)
    return templates.TemplateResponse(request, "recipient.html", {"page": "recipients", "view": view})
