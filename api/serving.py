"""Which `budgetkg serve` holds a data directory: a marker file written while it serves (issue 20).

Oxigraph lets one process write a store, and a running service keeps its store open for uploads. A
command that needs to write (`budgetkg ingest`) then fails on the store's lock; the marker lets it name
the service (pid, address) and say what to do instead: upload through the service, or stop it.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MARKER = "serving.json"


@dataclass(frozen=True)
class Serving:
    pid: int
    url: str

    def advice(self, data_dir: Path, books: list[Path]) -> str:
        names = " ".join(f"-F file=@{book}" for book in books[:1]) or "-F file=@BOOK"
        return (
            f"the data directory {data_dir} is in use by `budgetkg serve` (pid {self.pid}, {self.url}), "
            "which holds its store open; only one process can write a store. Nothing was changed. Either\n"
            f'  upload the book through the service: curl -H "Authorization: Bearer $BUDGETKG_UPLOAD_TOKEN" '
            f"{names} {self.url.rstrip('/')}/documents\n"
            "    (the service must have been started with BUDGETKG_UPLOAD_TOKEN set), or\n"
            f"  stop the service (Ctrl-C in its terminal, or kill {self.pid}) and run this command again."
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def serving(data_dir: Path) -> Serving | None:
    """The live service recorded for `data_dir`, or None (no marker, or its process is gone)."""
    try:
        data = json.loads((Path(data_dir) / MARKER).read_text(encoding="utf-8"))
        found = Serving(pid=int(data["pid"]), url=str(data["url"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return found if _alive(found.pid) else None


@contextlib.contextmanager
def marked_as_serving(data_dir: Path, url: str) -> Iterator[None]:
    """Record this process as serving `data_dir` for as long as the block runs."""
    marker = Path(data_dir) / MARKER
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps({"pid": os.getpid(), "url": url}), encoding="utf-8")
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):
            if json.loads(marker.read_text(encoding="utf-8")).get("pid") == os.getpid():
                marker.unlink()


def store_is_locked(message: str) -> bool:
    """Whether a StoreError says another process holds the store (Oxigraph/RocksDB's LOCK file)."""
    return "lock" in message.lower()


def locked_advice(data_dir: Path, books: list[Path]) -> str:
    """What to tell a user whose write found the store locked."""
    found = serving(data_dir)
    if found is not None:
        return found.advice(data_dir, books)
    return (
        f"the store in {data_dir} is locked by another process (a `budgetkg serve` or another ingest). "
        "Nothing was changed. Wait for it to finish, or stop it, and run this command again; while a "
        "service runs, upload books through it (POST /documents)."
    )
