"""404 pages a reader can go on from, in the page's language (issue 20).

Browsers (Accept: text/html) get a Chinese page saying what was not found, with a search box, the
books loaded and the main pages; programs keep the JSON `{"detail": …}` every route answers with.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import HTTPException as FastAPIHTTPException
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from api.book_view import books_summary

PATH_NOT_FOUND = "找不到這個網頁。"


def wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not request.url.path.startswith(("/api/", "/sparql", "/static/"))


def not_found_page(request: Request, message: str, *, asked: str = "") -> Response:
    from api.routes.web import templates

    books: list[Any] = []
    state = getattr(request.app.state, "service", None)
    if state is not None:
        try:
            books = books_summary(state.store)
        except Exception:  # a 404 page must render even when the store cannot answer
            books = []
    context = {"page": "404", "message": message, "asked": asked, "books": books, "path": request.url.path}
    return templates.TemplateResponse(request, "404.html", context, status_code=404)


async def on_not_found(request: Request, exc: Exception) -> Response:
    detail = exc.detail if isinstance(exc, HTTPException | FastAPIHTTPException) else str(exc)
    if wants_html(request):
        known_path = detail and detail != "Not Found"
        return not_found_page(request, str(detail) if known_path else PATH_NOT_FOUND, asked=request.url.path)
    return JSONResponse({"detail": detail}, status_code=404)
