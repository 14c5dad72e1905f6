"""An uploaded book is read first in a child process with memory, page and time limits.

A 4.5 KB PDF can hold millions of glyphs (pdfminer builds an object per glyph: gigabytes), or 20,000
empty pages; read in the service, either takes the whole machine. The child sets RLIMIT_AS before it
imports a reader, counts the pages (pypdfium2, cheap) against the page limit, then parses the book
exactly as the ingest will; its page-reading workers inherit the memory limit, and the whole process
group is killed at the deadline. Only a book that passed is ingested by the service.

Limits (environment): BUDGETKG_UPLOAD_MAX_PAGES, BUDGETKG_UPLOAD_MAX_MEMORY_MB,
BUDGETKG_UPLOAD_READ_TIMEOUT (seconds).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

_EXIT_REFUSED = 3


@dataclass(frozen=True)
class ReadLimits:
    max_pages: int
    max_memory_mb: int
    timeout_s: float


class UploadRefused(Exception):
    """The book broke a limit or could not be read; the message says which and what to do."""


def check_readable(path: Path, limits: ReadLimits, *, name: str) -> None:
    """Parse the book in a limited child process; UploadRefused with a clear reason if it fails."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    code = "import sys; from api.upload_guard import child_main; child_main(sys.argv[1:])"
    args = [str(path), str(limits.max_pages), str(limits.max_memory_mb)]
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the page readers die with it
    )
    try:
        out, err = process.communicate(timeout=limits.timeout_s)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise UploadRefused(
            f"{name}: reading the book took longer than {limits.timeout_s:g} s "
            "(BUDGETKG_UPLOAD_READ_TIMEOUT); nothing was stored"
        ) from None
    finally:
        _kill_group(process)
    if process.returncode == 0:
        return
    message = _message(out)
    if message:
        raise UploadRefused(message.replace(str(path), name).replace(path.name, name))
    tail = err.decode("utf-8", errors="replace").strip().splitlines()[-1:] or [""]
    if process.returncode < 0 or "MemoryError" in tail[0] or "BrokenProcessPool" in tail[0]:
        raise UploadRefused(
            f"{name}: reading the book needed more than {limits.max_memory_mb} MB of memory or crashed "
            f"the reader (BUDGETKG_UPLOAD_MAX_MEMORY_MB); nothing was stored"
        )
    raise UploadRefused(f"{name}: the book could not be read ({tail[0][:200]}); nothing was stored")


def _message(out: bytes) -> str:
    for line in reversed(out.decode("utf-8", errors="replace").splitlines()):
        with contextlib.suppress(ValueError):
            payload = json.loads(line)
            if isinstance(payload, dict) and "refused" in payload:
                return str(payload["refused"])
    return ""


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(5)


# ---------------------------------------------------------------- in the child


def child_main(argv: list[str]) -> None:
    import resource

    path, max_pages, max_memory_mb = Path(argv[0]), int(argv[1]), int(argv[2])
    memory = max_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    def refuse(message: str) -> None:
        print(json.dumps({"refused": message}, ensure_ascii=False), flush=True)
        sys.exit(_EXIT_REFUSED)

    try:
        from ingest.book import parse_book
        from ingest.readers import BookError, reader_for

        reader = reader_for(path)
        if reader.name == "pdf":
            pages = _pdf_pages(path)
            if pages > max_pages:
                refuse(
                    f"{path.name}: the PDF has {pages:,} pages, over the limit of {max_pages:,} "
                    "(BUDGETKG_UPLOAD_MAX_PAGES); nothing was stored"
                )
        parse_book(path)
    except MemoryError:
        refuse(
            f"{path.name}: reading the book needed more than {max_memory_mb} MB of memory "
            "(BUDGETKG_UPLOAD_MAX_MEMORY_MB); nothing was stored"
        )
    except BookError as exc:
        refuse(f"{exc} Nothing was stored.")
    sys.exit(0)


def _pdf_pages(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()
