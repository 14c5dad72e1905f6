"""Per book of the corpus's other kinds (issue 14): kind, pages, records, sections read, reconciliation
and time, as a Markdown table for BENCHMARKS.md.

Usage: PYTHONPATH=. .venv/bin/python benchmarks/book_kinds_bench.py [BOOK.pdf ...]
(default: every PDF in ../shared/corpus/pdf/). One run per book: reading a 380-page PDF costs ~25 CPU-s.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ingest.book import parse_book
from ingest.readers import BookError

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("books", nargs="*", type=Path)
    args = parser.parse_args()
    books = (
        args.books or sorted(CORPUS.glob("*.pdf")) or sorted(Path("/work/shared/corpus/pdf").glob("*.pdf"))
    )
    print("| book | kind | pages | records | sections read | pass | rounding | explained | fail | s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for book in books:
        started = time.perf_counter()
        try:
            parsed = parse_book(book)
        except BookError as exc:
            print(f"| {book.stem} | refused: {exc} | | | | | | | | {time.perf_counter() - started:.1f} |")
            continue
        seconds = time.perf_counter() - started
        counts = parsed.report.counts()
        read = sum(1 for s in parsed.coverage if s.status == "read")
        print(
            f"| {book.stem} | {parsed.document.kind.describe()} | {len(parsed.document.pages)} | "
            f"{len(parsed.records)} | {read} of {len(parsed.coverage)} | {counts.get('pass', 0)} | "
            f"{counts.get('rounding', 0)} | {counts.get('explained', 0)} | {counts.get('fail', 0)} | {seconds:.1f} |"
        )


if __name__ == "__main__":
    main()
