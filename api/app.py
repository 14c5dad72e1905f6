"""The FastAPI application: SPARQL endpoint, search, entities, legal authority, uploads, web page.

`create_app(settings)` builds one app around one open store (Oxigraph allows one writer per data
directory, so uploads ingest through the same store object the queries read).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from api.exports import install_exports
from api.protocol import MethodEdges
from api.routes import (
    authority,
    document_files,
    documents,
    dump,
    entities,
    health,
    national,
    not_found,
    recipients,
    review,
    search,
    sparql,
    web,
)
from api.settings import Settings
from api.state import ServiceState

WEB_DIR = Path(__file__).resolve().parent / "web"
access_log = logging.getLogger("budgetkg.access")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.service = ServiceState.open(settings)
        try:
            yield
        finally:
            app.state.service.close()

    # FastAPIOffline serves the /docs assets from the installed package: the page works with no CDN.
    app = FastAPIOffline(
        title="budgetkg",
        description="Taiwan government budget books as a knowledge graph: SPARQL, search, legal authority.",
        version="0.1.0",
        lifespan=lifespan,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["*"],
        )

    @app.middleware("http")
    async def log_access(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        access_log.info(
            json.dumps(
                {
                    "method": request.method,
                    "path": request.url.path,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "client": request.client.host if request.client else None,
                }
            )
        )
        return response

    app.add_middleware(MethodEdges)  # HEAD and OPTIONS on every route (issue 18)
    for module in (
        health,
        sparql,
        search,
        entities,
        authority,
        documents,
        document_files,
        review,
        web,
        national,
    ):
        app.include_router(module.router)
    # issue 17: ?format=csv|xlsx on the JSON lists, and the whole store as gzip N-Quads at /dump
    install_exports(app)
    app.include_router(dump.router)
    app.include_router(recipients.router)
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    app.add_exception_handler(404, not_found.on_not_found)
    return app
