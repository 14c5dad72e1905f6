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
    cors_origins: tuple[str, ...] = field(
        default_factory=lambda: tuple(o for o in os.environ.get("BUDGETKG_CORS_ORIGINS", "").split(",") if o)
    )
    # issue 16: `budgetkg serve --workers N` runs N processes on read-only views of the store
    read_only: bool = field(default_factory=lambda: os.environ.get("BUDGETKG_READ_ONLY", "") not in ("", "0"))
