"""GET /dump: the whole store as gzip-compressed N-Quads (one named graph per book), for people who load
it into their own SPARQL store (`budgetkg export --format nquads.gz` writes the same file)."""

from __future__ import annotations

import gzip

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.routes.deps import service

router = APIRouter(tags=["documents"])


def nquads_gz(store: object) -> bytes:
    data: bytes = store.serialize("nq")  # type: ignore[attr-defined]
    return gzip.compress(data, compresslevel=6, mtime=0)


@router.get("/dump")
async def dump(request: Request) -> Response:
    """Every book's graph and the ontology as N-Quads, gzip-compressed (budgetkg.nq.gz)."""
    body = await run_in_threadpool(nquads_gz, service(request).store)
    return Response(
        body,
        media_type="application/gzip",
        headers={"Content-Disposition": 'attachment; filename="budgetkg.nq.gz"'},
    )
