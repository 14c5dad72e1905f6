"""POST /documents: upload a book (PDF or Markdown) and ingest it. Needs the configured upload token.

Nothing of the body is read before the request is allowed: uploads disabled → 403, no or a wrong
token → 401, a declared Content-Length over the limit → 413, all before the first byte; the body is then
streamed through a multipart parser and reading stops at the limit (413). The file type is decided from
the content (the readers' sniffing), never from the file name; the book is read first in a child
process with memory, page and time limits (api.upload_guard); a book that fails to parse, validate or
load is reported with its reason and leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path
from typing import IO, Any

from fastapi import APIRouter, HTTPException, Request
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool

from api.routes.deps import service
from api.state import ServiceState
from api.upload_guard import ReadLimits, UploadRefused, check_readable
from ingest.readers import BookError, reader_for
from ingest.review import review_reader_for

router = APIRouter(tags=["documents"])
CHUNK = 1024 * 1024
MULTIPART_SLACK = 64 * 1024  # boundaries and part headers around the file
_UPLOAD_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


@router.post("/documents", status_code=201, openapi_extra=_UPLOAD_SCHEMA)
async def upload(request: Request) -> dict[str, Any]:
    state = service(request)
    _authorise(request, state)
    limit = state.settings.max_upload_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + MULTIPART_SLACK:
        raise HTTPException(413, _too_large(limit))
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise HTTPException(415, "send the book as multipart/form-data with a field named file")
    uploads = Path(state.settings.data_dir) / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    partial = uploads / f".incoming-{id(request)}"
    try:
        with partial.open("wb") as out:
            filename, digest = await _stream_file(request, boundary, out, limit)
        if filename is None:
            raise HTTPException(422, "no file in the upload: send the book as the form field `file`")
        try:
            reader = reader_for(partial)
        except BookError as exc:
            raise HTTPException(415, _plain(str(exc), partial, filename)) from exc
        # A review table (issue 13) is text to the book readers too: keep it a .csv, as it is ingested as one.
        suffix = ".csv" if review_reader_for(partial) is not None else reader.suffixes[0]
        stem = re.sub(r"[^\w.-]+", "_", Path(filename or "book").stem)[:80] or "book"
        stored = uploads / f"{stem}-{digest[:12]}{suffix}"
        partial.replace(stored)
    finally:
        partial.unlink(missing_ok=True)
    return await run_in_threadpool(_ingest, state, stored, filename or stored.name)


async def _stream_file(
    request: Request, boundary: bytes, out: IO[bytes], limit: int
) -> tuple[str | None, str]:
    """Write the multipart field `file` to `out`; 413 as soon as the body passes the limit."""
    digest = hashlib.sha256()
    part: dict[str, Any] = {"headers": {}, "field": b"", "value": b""}
    found: dict[str, Any] = {"filename": None}

    def on_part_begin() -> None:
        part.update(headers={}, field=b"", value=b"", is_file=False)

    def on_header_field(data: bytes, start: int, end: int) -> None:
        part["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        part["value"] += data[start:end]

    def on_header_end() -> None:
        part["headers"][part["field"].lower()] = part["value"]
        part["field"], part["value"] = b"", b""

    def on_headers_finished() -> None:
        _, params = parse_options_header(part["headers"].get(b"content-disposition", b""))
        if params.get(b"name") == b"file" and found["filename"] is None:
            part["is_file"] = True
            found["filename"] = params.get(b"filename", b"book").decode("utf-8", errors="replace")

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if part.get("is_file"):
            chunk = data[start:end]
            digest.update(chunk)
            out.write(chunk)

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
        },
    )
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit + MULTIPART_SLACK:
            raise HTTPException(413, _too_large(limit))
        try:
            parser.write(chunk)
        except Exception as exc:  # python-multipart raises its own errors on a malformed body
            raise HTTPException(400, f"malformed multipart body: {exc}") from exc
    if out.tell() > limit:
        raise HTTPException(413, _too_large(limit))
    return found["filename"], digest.hexdigest()


def _too_large(limit: int) -> str:
    return f"file larger than the limit of {limit // (1024 * 1024)} MB (BUDGETKG_MAX_UPLOAD_MB)"


def _authorise(request: Request, state: ServiceState) -> None:
    if state.settings.read_only:
        raise HTTPException(
            403,
            "uploads are disabled while the service runs read-only (several workers); ingest with "
            "`budgetkg ingest BOOK` and restart the service, or serve with one worker",
        )
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

    settings = state.settings
    limits = ReadLimits(
        settings.upload_max_pages, settings.upload_max_memory_mb, settings.upload_read_timeout_s
    )
    with state.ingest_lock:
        try:
            check_readable(path, limits, name=name)
        except UploadRefused as exc:
            path.unlink(missing_ok=True)
            raise HTTPException(422, str(exc)) from exc
        try:
            results = ingest_books([path], Path(settings.data_dir), store=state.store)
        except (IngestError, BookError) as exc:
            path.unlink(missing_ok=True)
            raise HTTPException(422, _plain(str(exc), path, name)) from exc
        finally:
            state.store_changed()
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
        # issue 14: never a silent empty result — what kind of book, and each section not read
        "kind": result.kind,
        "sections_read": result.sections_read,
        "not_supported": result.not_read,
    }
