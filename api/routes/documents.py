"""POST /documents: upload a book (PDF or Markdown) and ingest it. Needs the configured upload token.

The file type is decided from the content (the readers' sniffing), never from the file name; a book
that fails to parse, validate or load is reported with its reason and leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from api.routes.deps import service
from api.state import ServiceState
from ingest.readers import BookError, reader_for
from ingest.review import review_reader_for

router = APIRouter(tags=["documents"])
CHUNK = 1024 * 1024


@router.post("/documents", status_code=201)
async def upload(request: Request, file: UploadFile) -> dict[str, Any]:
    state = service(request)
    _authorise(request, state)
    uploads = Path(state.settings.data_dir) / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    partial = uploads / f".incoming-{id(file)}"
    size = 0
    try:
        with partial.open("wb") as out:
            while chunk := await file.read(CHUNK):
                size += len(chunk)
                if size > state.settings.max_upload_bytes:
                    raise HTTPException(
                        413,
                        f"file larger than the limit of {state.settings.max_upload_bytes // (1024 * 1024)} MB",
                    )
                digest.update(chunk)
                out.write(chunk)
        try:
            reader = reader_for(partial)
        except BookError as exc:
            raise HTTPException(415, _plain(str(exc), partial, file.filename)) from exc
        # A review table (issue 13) is text to the book readers too: keep it a .csv, as it is ingested as one.
        suffix = ".csv" if review_reader_for(partial) is not None else reader.suffixes[0]
        stored = uploads / f"{Path(file.filename or 'book').stem}-{digest.hexdigest()[:12]}{suffix}"
        partial.replace(stored)
    finally:
        partial.unlink(missing_ok=True)
    return await run_in_threadpool(_ingest, state, stored, file.filename or stored.name)


def _authorise(request: Request, state: ServiceState) -> None:
    token = state.settings.upload_token
    if not token:
        raise HTTPException(
            403, "uploads are disabled: set BUDGETKG_UPLOAD_TOKEN on the server to enable them"
        )
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip() or request.headers.get(
        "x-upload-token", ""
    )
    if not given or not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "missing or wrong upload token (send Authorization: Bearer TOKEN)")


def _plain(message: str, path: Path, name: str | None) -> str:
    return message.replace(str(path), name or "upload").replace(path.name, name or "upload")


def _ingest(state: ServiceState, path: Path, name: str) -> dict[str, Any]:
    from api.pipeline import IngestError, ingest_books

    with state.ingest_lock:
        try:
            results = ingest_books([path], Path(state.settings.data_dir), store=state.store)
        except (IngestError, BookError) as exc:
            path.unlink(missing_ok=True)
            raise HTTPException(422, _plain(str(exc), path, name)) from exc
    result = results[0]
    if not result.ok:
        path.unlink(missing_ok=True)
        raise HTTPException(422, _plain(result.error, path, name) + " Nothing was stored.")
    return {
        "document": name,
        "graph": result.graph,
        "triples": result.triples,
        "records": result.records,
        "checks": result.checks,
        "search": result.search,
        "seconds": round(result.seconds, 2),
    }
