"""Readers by file content (never by name alone): Markdown/text conversions and PDFs."""

from __future__ import annotations

from pathlib import Path

from ingest.document import Document
from ingest.readers.base import BookError, Reader
from ingest.readers.markdown import MarkdownReader

READERS: list[type[Reader]] = [MarkdownReader]

try:  # the PDF reader needs pdfplumber; registered when importable
    from ingest.readers.pdf import PdfReader

    READERS.insert(0, PdfReader)
except ImportError:  # pragma: no cover - pdfplumber is a hard dependency; this keeps the seam optional
    pass


def reader_for(path: Path) -> Reader:
    """The reader whose format the file's first bytes match."""
    if not path.exists():
        raise BookError(f"{path}: no such file. Check the path and try again.")
    if path.is_dir():
        raise BookError(f"{path}: is a directory; give the path of one book file (.pdf or .md).")
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head.strip():
        raise BookError(f"{path}: the file is empty. Give a unit budget book as PDF or Markdown.")
    if path.suffix.lower() == ".pdf" and not head.startswith(b"%PDF"):
        raise BookError(
            f"{path.name}: has a .pdf name but is not a PDF (no %PDF header); check or re-download the file."
        )
    for reader in READERS:
        if reader.sniff(head):
            return reader()
    raise BookError(
        f"{path}: not a PDF or a text/Markdown file (unrecognised content). "
        "Give a unit budget book as PDF or as its Markdown conversion."
    )


def read_book(path: Path) -> Document:
    """Read a book with the reader its content calls for."""
    return reader_for(path).read(path)


__all__ = ["READERS", "BookError", "Reader", "read_book", "reader_for"]
