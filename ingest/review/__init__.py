"""The Legislative Yuan's review as data (issue 13): review tables read into `ingest.records.Proposal`.

Like the book readers, a table is recognised by its content (its header row), never by its name:
`review_reader_for(path)` returns the reader whose `sniff` accepts the file's first bytes, or None when
the file is not a review table (so the caller can try the book readers).
"""

from __future__ import annotations

from pathlib import Path

from ingest.review.base import ReviewError, ReviewReader, ReviewTable
from ingest.review.readr import ReadrReader

REVIEW_READERS: list[type[ReviewReader]] = [ReadrReader]


def review_reader_for(path: Path) -> ReviewReader | None:
    """The review-table reader for this file's content, or None if it is not a review table."""
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        head = handle.read(8192)
    for reader in REVIEW_READERS:
        if reader.sniff(head):
            return reader()
    return None


def read_review(path: Path) -> ReviewTable:
    reader = review_reader_for(path)
    if reader is None:
        raise ReviewError(f"{path}: not a review table this version reads (READr's temp_A.csv header).")
    return reader.read(path)


__all__ = ["REVIEW_READERS", "ReviewError", "ReviewReader", "ReviewTable", "read_review", "review_reader_for"]
