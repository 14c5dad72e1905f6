"""Read a budget book published as PDF (pdfplumber) into the same Document the Markdown reader makes.

Pages are read in parallel by two worker processes taking page ranges from a queue (each opens the
PDF once, see `pdf_source`);
the book-level pass then reads the 目次, carries titles onto blank pages, and marks the 附錄.

The 附錄 repeats the plan tables of each organisation (本部, 國土測繪中心, …) under the same work-plan
codes as the main body, which holds the combined figures. Appendix pages therefore get titles
prefixed "附錄:" and the organisation as their first header line, so they never merge into the main
body's sections.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import ClassVar, TypeVar

from ingest.book_kind import recognise, unknown_layout
from ingest.document import Document, Page
from ingest.layout import section_kind, squeeze
from ingest.readers.base import BookError, Reader
from ingest.readers.pdf_layout import PageRead, read_page
from ingest.readers.pdf_numbering import read_toc
from ingest.readers.pdf_source import OpenBook

# pdfminer logs a warning per damaged font or xref entry it works around; with no handler configured
# Python prints each to stderr. A file too damaged to read is reported once, as a BookError.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

Progress = Callable[[str], None]
_T = TypeVar("_T")

APPENDIX_PREFIX = "附錄:"
_DIVIDER = re.compile(r"^(?:\(粉紅色\))?[一二三四五六七八九十]+、(.+)$")
_APPENDIX_COVER = re.compile(r"^附錄\(([一二三四五六七八九十\d]+)\)$")
_PAGES_PER_TASK = 24
_PARALLEL_FROM = 16  # pages; below this a worker pool costs more than it saves


class PdfReader(Reader):
    """Budget books as published: PDF with a text layer."""

    name: ClassVar[str] = "pdf"
    suffixes: ClassVar[tuple[str, ...]] = (".pdf",)

    def __init__(self, progress: Progress | None = None, workers: int = 2) -> None:
        self.progress = progress if progress is not None else _default_progress()
        self.workers = workers

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return b"%PDF-" in head[:1024]

    def read(self, path: Path) -> Document:
        count = _page_count(path)
        reads = self._read_pages(path, count)
        return assemble(reads, source=path.name)

    def _read_pages(self, path: Path, count: int) -> list[PageRead]:
        if self.workers <= 1 or count < _PARALLEL_FROM:
            reads: list[PageRead] = []
            try:
                with OpenBook(str(path)) as book:
                    for index in range(count):
                        reads.append(read_page(book.page(index), index + 1))
                        if (index + 1) % _PAGES_PER_TASK == 0 or index + 1 == count:
                            self.progress(f"read {index + 1}/{count} pages")
            except BookError:
                raise
            except Exception as exc:  # pdfminer raises many types on damaged files
                raise _damaged(path, exc) from exc
            return reads
        # A queue of small page ranges keeps both workers busy to the end; each worker opens the
        # PDF once (in its initializer) and reads every range it takes from that one open document.
        ranges = [(start, min(start + _PAGES_PER_TASK, count)) for start in range(0, count, _PAGES_PER_TASK)]
        done = 0
        results: list[list[PageRead]] = []
        with ProcessPoolExecutor(
            max_workers=self.workers, initializer=_open_in_worker, initargs=(str(path),)
        ) as pool:
            futures: list[Future[list[PageRead]]] = [pool.submit(_read_open_range, a, b) for a, b in ranges]
            for future in futures:
                try:
                    chunk = future.result()
                except BookError:
                    raise
                except Exception as exc:  # pdfminer raises many types on damaged files
                    raise _damaged(path, exc) from exc
                results.append(chunk)
                done += len(chunk)
                self.progress(f"read {done}/{count} pages")
        return [read for chunk in results for read in chunk]


_WORKER_BOOK: OpenBook | None = None


def _open_in_worker(path: str) -> None:
    global _WORKER_BOOK
    _WORKER_BOOK = OpenBook(path)


def _read_open_range(start: int, stop: int) -> list[PageRead]:
    assert _WORKER_BOOK is not None, "the worker pool opens the book in its initializer"
    return [read_page(_WORKER_BOOK.page(number), number + 1) for number in range(start, stop)]


def read_range(path: str, start: int, stop: int) -> list[PageRead]:
    """Pages [start, stop) of the PDF (0-based), each read on its own, from one open document."""
    try:
        with OpenBook(path) as book:
            return [read_page(book.page(number), number + 1) for number in range(start, stop)]
    except Exception as exc:
        raise _damaged(Path(path), exc) from exc


def read_range_with_pdfplumber(path: str, start: int, stop: int) -> list[PageRead]:
    """The same pages through pdfplumber's own page objects: the reference the lean reading
    (`pdf_source`) is tested against."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        reads = []
        for number in range(start, stop):
            pdf_page = pdf.pages[number]
            reads.append(read_page(pdf_page, number + 1))
            pdf_page.close()  # frees the page's cached objects: memory stays flat over 400 pages
        return reads


def _page_count(path: Path) -> int:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages)
    except Exception as exc:
        # pdfplumber wraps pdfminer's errors: look through the wrapper for the password one
        causes = [exc, exc.__cause__, exc.__context__, *exc.args]
        if any(isinstance(c, PDFPasswordIncorrect | PDFEncryptionError) for c in causes):
            raise BookError(
                f"{path.name}: the PDF is encrypted (password-protected); save an unprotected copy and try again."
            ) from exc
        raise _damaged(path, exc) from exc


def _damaged(path: Path, exc: Exception) -> BookError:
    detail = str(exc).strip() or type(exc).__name__
    return BookError(
        f"{path.name}: cannot read the PDF, it looks truncated or damaged ({detail}). "
        "Download the book again or give its Markdown conversion."
    )


def _default_progress() -> Progress:
    if sys.stderr.isatty() or os.environ.get("BUDGETKG_PROGRESS"):
        return lambda message: print(f"… {message}", file=sys.stderr)
    return lambda _message: None


def assemble(reads: list[PageRead], source: str) -> Document:
    """The book-level pass over pages read independently."""
    reads = sorted(reads, key=lambda r: r.page.index)
    if not reads:
        raise BookError(f"{source}: the PDF has no pages.")
    if not any(r.has_text for r in reads):
        raise BookError(
            f"{source}: the PDF has no text layer (scanned page images?); "
            "run OCR on it first (e.g. ocrmypdf) or give its Markdown conversion."
        )
    toc = read_toc([line for r in _toc_pages(reads) for line in r.lines])
    agency = _most_common(squeeze(r.agency).removesuffix("彙編") for r in reads if r.page.number is not None)
    year = _most_common(r.roc_year for r in reads if r.roc_year is not None)
    kind = recognise([r.lines for r in reads[:6]], agency or "")
    printed = [r.page.title for r in reads if r.page.title]
    pages = _mark_pages(reads, agency or "")
    if not any(section_kind(p.title) for p in pages):
        if kind.local or kind.kind != "單位預算":
            raise BookError(unknown_layout(source, kind, printed))
        raise BookError(f"{source}: no budget tables recognised; this does not look like a budget book.")
    return Document(
        source=source,
        pages=pages,
        agency=agency or "",
        roc_year=year,
        title=kind.book_title(agency or ""),
        toc=toc,
        reader="pdf",
        kind=kind,
    )


def _toc_pages(reads: list[PageRead]) -> list[PageRead]:
    """The unnumbered 目次 pages before the first numbered page."""
    pages = []
    for read in reads:
        if read.page.number is not None:
            break
        if any("目次" in squeeze(line) for line in read.lines[:3]):
            pages.append(read)
    return pages


def _mark_pages(reads: list[PageRead], agency: str) -> list[Page]:
    """Titles carried onto blank backs, the 附錄 marked; a page printed for another organisation than
    the book's (內政部彙編, 內政部國土測繪中心 in 現有辦公房舍明細表) names it as its first header line."""
    pages: list[Page] = []
    in_appendix = False
    organisation = ""
    title = ""
    for read in reads:
        page = read.page
        flat = [squeeze(line) for line in read.lines]
        if page.number is None:
            if len(flat) <= 3 and any(_is_appendix_divider(line) for line in flat):
                in_appendix = True
            cover = next((m for m in map(_APPENDIX_COVER.match, flat[:1]) if m), None)
            if cover and len(flat) >= 2:
                in_appendix, organisation = True, f"附錄({cover.group(1)}) {flat[1]}"
            title = ""
            page.title, page.half = "", None
            pages.append(page)
            continue
        if page.blank:
            page.title = title  # a blank back still belongs to the section it closes
        elif page.title:
            title = page.title if not in_appendix else APPENDIX_PREFIX + page.title
            page.title = title
        else:
            page.title = title
        if read.agency and read.agency != agency and not page.blank:
            page.header.insert(0, read.agency)
        if in_appendix and organisation:
            page.header.insert(0, organisation)
        pages.append(page)
    return pages


def _is_appendix_divider(line: str) -> bool:
    match = _DIVIDER.match(line)
    return bool(match and match.group(1) == "附錄")


def _most_common(values: Iterable[_T]) -> _T | None:
    counts: Counter[_T] = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None
