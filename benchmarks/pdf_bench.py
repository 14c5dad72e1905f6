"""Speed of the PDF reader: seconds per page and whole-book time, one worker against two.

    .venv/bin/python benchmarks/pdf_bench.py [--book PATH] [--workers 1 2] [--pages N]

Without --book it reads the 內政部 114 unit budget (392 pages) from the shared fixtures. --pages reads
only the first N pages (each worker still opens the PDF itself).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.readers.pdf import PdfReader, assemble, read_range
from ingest.sections import split_sections

DEFAULT_BOOK = Path("/work/shared/fixtures/moi-114-unit-budget.pdf")


def _cpu() -> float:
    """CPU seconds of this process and of its finished worker processes."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=DEFAULT_BOOK)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--pages", type=int, default=0, help="read only the first N pages (one process)")
    args = parser.parse_args()
    if args.pages:
        started = time.perf_counter()
        reads = read_range(str(args.book), 0, args.pages)
        elapsed = time.perf_counter() - started
        print(f"first {len(reads)} pages, 1 process: {elapsed:.1f} s, {elapsed / len(reads):.3f} s/page")
        assemble(reads, args.book.name)
        return 0
    for workers in args.workers:
        started, cpu_started = time.perf_counter(), _cpu()
        document = PdfReader(workers=workers).read(args.book)
        elapsed, cpu = time.perf_counter() - started, _cpu() - cpu_started
        pages = len(document.pages)
        tables = sum(len(p.tables) for p in document.pages)
        print(
            f"{workers} worker(s): {pages} pages in {elapsed:.1f} s = {elapsed / pages:.3f} s/page "
            f"({elapsed / pages * 100:.0f} s per 100 pages), CPU {cpu:.1f} s; {tables} tables, "
            f"{len(split_sections(document))} sections; load average {os.getloadavg()[0]:.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
