"""Embedding speed: passages per second encoding the sample book's distinct passages cold, in batches
as `embed.pipeline.encode_chunks` makes them (issue 16).

    .venv/bin/python benchmarks/embed_bench.py [--passages N] [--modes before after]

Encodes straight through the embedder (no cache is read or written). `before`: batches of 16 in the
chunks' own order (the pipeline before issue 16); `after`: `embed.pipeline.batches_by_length`.
Set BUDGETKG_EMBEDDER=st:<model> to measure a sentence-transformers model instead.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from embed.chunks import book_chunks
from embed.embedders import get_embedder
from embed.pipeline import batches_by_length, fit_to_window
from ingest.book import parse_book
from ingest.resources import SAMPLE_BOOK


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=SAMPLE_BOOK)
    parser.add_argument("--passages", type=int, default=160, help="how many distinct passages (0: all)")
    parser.add_argument(
        "--most", type=int, default=None, help="texts per batch in `after` (default the pipeline's)"
    )
    parser.add_argument("--budget", type=int, default=None, help="characters per batch in `after`")
    parser.add_argument("--modes", nargs="+", default=["before", "after"], choices=["before", "after"])
    args = parser.parse_args()
    parsed = parse_book(args.book)
    embedder = get_embedder()
    chunks = fit_to_window(book_chunks(parsed.document, parsed.records, parsed.sections), embedder)
    texts = list(dict.fromkeys(c.text for c in chunks))
    print(
        f"{args.book.name}: {len(chunks)} chunks, {len(texts)} distinct texts; {embedder.name}, "
        f"threads {os.environ.get('BUDGETKG_EMBED_THREADS', '2')}; load average {os.getloadavg()[0]:.1f}"
    )
    if args.passages:
        texts = texts[: args.passages]
    tokens = sum(embedder.token_count(t) for t in texts)
    print("| batching | passages | tokens | calls | s | passages/s | tokens/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for mode in args.modes:
        if mode == "before":
            batches = [texts[start : start + 16] for start in range(0, len(texts), 16)]
        else:
            options = {k: v for k, v in (("most", args.most), ("budget", args.budget)) if v}
            batches = batches_by_length(texts, **options)
        started = time.perf_counter()
        for batch in batches:
            embedder.encode_passages(batch)
        seconds = time.perf_counter() - started
        print(
            f"| {mode} | {len(texts)} | {tokens} | {len(batches)} | {seconds:.1f} | "
            f"{len(texts) / seconds:.2f} | {tokens / seconds:.0f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
