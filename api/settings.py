"""Service configuration, from environment variables (BUDGETKG_*) with safe defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass(frozen=True)
class Settings:
    """What the HTTP service needs to know. Uploads are refused unless `upload_token` is set."""

    data_dir: Path = field(default_factory=lambda: Path(os.environ.get("BUDGETKG_DATA", ".budgetkg")))
    upload_token: str = field(default_factory=lambda: os.environ.get("BUDGETKG_UPLOAD_TOKEN", ""))
    max_upload_bytes: int = field(default_factory=lambda: _int("BUDGETKG_MAX_UPLOAD_MB", 100) * 1024 * 1024)
    query_timeout_s: float = field(default_factory=lambda: _float("BUDGETKG_QUERY_TIMEOUT", 10.0))
    result_limit: int = field(default_factory=lambda: _int("BUDGETKG_RESULT_LIMIT", 10_000))
    # Searches run in their own pool of this many threads (issue 15): off the event loop, and never more
    # encodings at once than the cores can run, so SPARQL and pages keep the shared threadpool.
    search_threads: int = field(
        default_factory=lambda: _int("BUDGETKG_SEARCH_THREADS", min(2, os.cpu_count() or 1))
    )
    cors_origins: tuple[str, ...] = field(
        default_factory=lambda: tuple(o for o in os.environ.get("BUDGETKG_CORS_ORIGINS", "").split(",") if o)
    )
    # Issue 18 (security of the public endpoint): workers, waits and the limits on uploads' reading.
    query_workers: int = field(default_factory=lambda: _int("BUDGETKG_QUERY_WORKERS", 2))
    query_wait_s: float = field(default_factory=lambda: _float("BUDGETKG_QUERY_WAIT", 5.0))
    upload_max_pages: int = field(default_factory=lambda: _int("BUDGETKG_UPLOAD_MAX_PAGES", 2_000))
    upload_max_memory_mb: int = field(default_factory=lambda: _int("BUDGETKG_UPLOAD_MAX_MEMORY_MB", 3_072))
    upload_read_timeout_s: float = field(
        default_factory=lambda: _float("BUDGETKG_UPLOAD_READ_TIMEOUT", 900.0)
    )
    # issue 16: `budgetkg serve --workers N` runs N processes on read-only views of the store
    read_only: bool = field(default_factory=lambda: os.environ.get("BUDGETKG_READ_ONLY", "") not in ("", "0"))
