"""GET /documents/{name}: the PDF a book was ingested from, so pages can link to `…pdf#page=N`.

Links into a PDF use the physical page (`bud:pdfPage`), never the printed one: 內政部's 「第 48 頁」 is the
PDF's 55th page. Files are the uploads the service keeps (`uploads/`) and the PDFs `budgetkg ingest` copied
(`documents/`); nothing else in the data directory is served.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse

from api.routes.deps import service

router = APIRouter(tags=["documents"])
FOLDERS = ("documents", "uploads")


def document_file(data_dir: Path, name: str) -> Path | None:
    """The stored PDF named `name` (a bud:document value), or None; never a path outside the folders."""
    if not name or "/" in name or "\\" in name or name.startswith(".") or not name.lower().endswith(".pdf"):
        return None
    for folder in FOLDERS:
        candidate = Path(data_dir) / folder / name
        if candidate.is_file():
            return candidate
    return None


def pdf_href(name: str, pdf_page: int | None) -> str:
    """The link to a physical page of a stored PDF (viewers open `#page=N`, counting from 1)."""
    return f"/documents/{name}" + (f"#page={pdf_page}" if pdf_page else "")


@router.get("/documents/{name}", response_model=None)
async def document(request: Request, name: str) -> FileResponse:
    """The PDF a book was read from (append #page=N for its N-th physical page)."""
    found = document_file(Path(service(request).settings.data_dir), name)
    if found is None:
        raise HTTPException(
            404, f"沒有名為 {name} 的 PDF：請先匯入（budgetkg ingest）或上傳（POST /documents）這本預算書。"
        )
    return FileResponse(found, media_type="application/pdf", filename=name)
