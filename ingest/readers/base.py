"""The reader seam: a book file in, a `Document` out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

from ingest.document import Document


class BookError(Exception):
    """A book cannot be read: the message says what is wrong and what to do next."""


class Reader(ABC):
    """Reads one kind of file. Subclasses set `name` and `suffixes` and implement `sniff`/`read`."""

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]

    @classmethod
    @abstractmethod
    def sniff(cls, head: bytes) -> bool:
        """True when the first bytes of a file look like this reader's format."""

    @abstractmethod
    def read(self, path: Path) -> Document:
        """Read the whole book; raise BookError when it cannot."""
