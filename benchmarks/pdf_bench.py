"""Speed of the PDF reader: CPU seconds, wall seconds and peak memory of reading a whole book, the
current reader against the pdfplumber reading it replaced (issue 16), one worker and two.

    .venv/bin/python benchmarks/pdf_bench.py [--book PATH] [--workers 1 2] [--engines lean pdfplumber]
    .venv/bin/python benchmarks/pdf_bench.py --parse     # also `budgetkg parse BOOK` as a whole
    .venv/bin/python benchmarks/pdf_bench.py --pages 50  # the first 50 pages in one process

Without --book it reads the 內政部 114 unit budget (392 pages) from the shared fixtures. Each
measurement runs in a fresh process (CPU includes its worker processes; peak RSS is the largest of
them). `pdfplumber` is the reading before issue 16: pdfplumber's page objects, the PDF re-opened for
every batch of 24 pages.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_BOOK = Path("/work/shared/fixtures/moi-114-unit-budget.pdf")


def _read(book: Path, engine: str, workers: int) -> str:
    """Read the book in this process (and its workers); a one-line summary of what was read."""
    from ingest.readers.pdf import PdfReader, _page_count, assemble, read_range_with_pdfplumber
    from ingest.sections import split_sections

    if engine == "lean":
        document = PdfReader(workers=workers).read(book)
    else:
        count = _page_count(book)
        ranges = [(a, min(a + 24, count)) for a in range(0, count, 24)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunks = list(
                pool.map(read_range_with_pdfplumber, [str(book)] * len(ranges), *zip(*ranges, strict=True))
            )
        document = assemble([r for chunk in chunks for r in chunk], book.name)
    tables = sum(len(p.tables) for p in document.pages)
    return f"{len(document.pages)} pages, {tables} tables, {len(split_sections(document))} sections"


def _measure(command: list[str]) -> tuple[float, float, float, str]:
    """(CPU s, wall s, peak RSS MB, stdout) of a command run as a child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed ({status})")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=DEFAULT_BOOK)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--engines", nargs="+", default=["lean", "pdfplumber"], choices=["lean", "pdfplumber"]
    )
    parser.add_argument("--parse", action="store_true", help="also time `budgetkg parse BOOK` (2 workers)")
    parser.add_argument("--pages", type=int, default=0, help="read only the first N pages (one process)")
    parser.add_argument("--one", nargs=2, metavar=("ENGINE", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pages:
        from ingest.readers.pdf import read_range

        started = time.perf_counter()
        reads = read_range(str(args.book), 0, args.pages)
        elapsed = time.perf_counter() - started
        print(f"first {len(reads)} pages, 1 process: {elapsed:.1f} s, {elapsed / len(reads):.3f} s/page")
        return 0
    if args.one:
        print(_read(args.book, args.one[0], int(args.one[1])))
        return 0
    print(f"{args.book.name}; load average {os.getloadavg()[0]:.1f}")
    print("| reading | workers | CPU s | wall s | peak RSS MB | read |")
    print("|---|---:|---:|---:|---:|---|")
    for engine in args.engines:
        for workers in args.workers:
            command = [sys.executable, __file__, "--book", str(args.book), "--one", engine, str(workers)]
            cpu, wall, rss, out = _measure(command)
            print(
                f"| {engine} | {workers} | {cpu:.1f} | {wall:.1f} | {rss:.0f} | {out.strip()} |", flush=True
            )
    if args.parse:
        cli = Path(sys.executable).with_name("budgetkg")
        cpu, wall, rss, out = _measure([str(cli), "parse", "--json", str(args.book)])
        print(
            f"| `budgetkg parse --json` | 2 | {cpu:.1f} | {wall:.1f} | {rss:.0f} | {out.count(chr(10))} records |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
