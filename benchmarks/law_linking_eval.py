"""Precision and recall of statute linking on the sample book against the hand-built gold table.

Run: .venv/bin/python benchmarks/law_linking_eval.py [--book PATH] [--verbose] [--moi PDF | --no-moi]
The gold table is tests/graph/laws_gold.py (built by reading the book); out of sample, the 內政部 114 PDF
against tests/graph/laws_gold_moi.py (built by reading its pages), when the PDF is at hand.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.laws import LegalLink, link_book
from graph.laws.chain import resting_only_on_unresolved
from graph.laws.corpus import default_corpus
from graph.laws.in_force import citation_flags
from ingest.book import parse_book
from ingest.resources import SAMPLE_BOOK
from tests.graph import laws_gold_moi
from tests.graph.laws_gold import misses, score

MOI_PDF = Path("/work/shared/fixtures/moi-114-unit-budget.pdf")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=SAMPLE_BOOK)
    parser.add_argument("--verbose", action="store_true", help="list the pairs missed and the extra ones")
    parser.add_argument("--moi", type=Path, default=MOI_PDF, help="the 內政部 114 PDF (out-of-sample gold)")
    parser.add_argument("--no-moi", action="store_true", help="skip the out-of-sample book")
    args = parser.parse_args()
    records = parse_book(args.book).records
    started = time.perf_counter()
    links = link_book(records)
    elapsed = time.perf_counter() - started
    print(f"{args.book.name}: {len(records)} records, {len(links)} links in {elapsed:.2f} s")
    for line in score(records, links):
        print("  " + line.line())
    missed, extra = misses(records, links)
    print(f"  missed {len(missed)}, extra {len(extra)}")
    law_in_force(links)
    if args.verbose:
        for row in missed:
            print("  - missed", row)
        for row in extra:
            print("  + extra ", row)
    if not args.no_moi and args.moi.exists():
        out_of_sample(args.moi, args.verbose)
    return 0


def law_in_force(links: list[LegalLink]) -> None:
    """Money resting only on rules outside the corpus, and the law-in-force flags of direct citations."""
    lines, total = resting_only_on_unresolved(links)
    print(
        f"  resting only on rules outside the corpus (要點, 作業規定 …): {len(lines)} lines, {total / 1000:,.0f} 千元"
    )
    corpus = default_corpus()
    flags: Counter[str] = Counter()
    for link in links:
        if link.relation == "direct":
            written = link.statute_text or link.statute.name
            for flag in citation_flags(corpus, link.statute.pcode, written, link.article, link.roc_year):
                flags[flag.code] += 1
    print(
        "  law-in-force flags on direct citations: "
        + (", ".join(f"{k} {v}" for k, v in sorted(flags.items())) or "none")
    )


def out_of_sample(pdf: Path, verbose: bool) -> None:
    """Precision/recall on the 內政部 PDF's 法令依據 and 捐助 依據 (records the gold table covers)."""
    started = time.perf_counter()
    records = parse_book(pdf).records
    parsed = time.perf_counter() - started
    started = time.perf_counter()
    links = link_book(records)
    elapsed = time.perf_counter() - started
    print(
        f"{pdf.name} (out of sample): {len(records)} records read in {parsed:.0f} s, {len(links)} links in {elapsed:.2f} s"
    )
    for line in laws_gold_moi.score(records, links):
        print("  " + line.line())
    missed, extra = laws_gold_moi.misses(records, links)
    print(f"  missed {len(missed)}, extra {len(extra)}")
    law_in_force(links)
    if verbose:
        for row in missed:
            print("  - missed", row)
        for row in extra:
            print("  + extra ", row)


if __name__ == "__main__":
    raise SystemExit(main())
