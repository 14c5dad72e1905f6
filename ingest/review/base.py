"""The review-table seam: a file of LY proposals in, a `ReviewTable` of `Proposal` records out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ingest.records import Proposal


class ReviewError(Exception):
    """A review table cannot be read: the message says what is wrong and what to do next."""


@dataclass
class ReviewTable:
    """The proposals of one file, its fiscal year, and rows skipped (with the reason)."""

    source: str  # the file name, as provenance names it
    roc_year: int
    proposals: list[Proposal]
    skipped: list[tuple[int, str]] = field(default_factory=list)


class ReviewReader(ABC):
    name: ClassVar[str]

    @classmethod
    @abstractmethod
    def sniff(cls, head: bytes) -> bool:
        """True when the first bytes look like this reader's table."""

    @abstractmethod
    def read(self, path: Path) -> ReviewTable:
        """Read every row; raise ReviewError when the file cannot be read at all."""
