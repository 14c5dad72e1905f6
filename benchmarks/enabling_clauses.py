"""Enabling-clause parsing over the whole law corpus, the hand-checked sample, and authority latency.

Run: .venv/bin/python benchmarks/enabling_clauses.py [--corpus DIR] [--examples N]
Figures for BENCHMARKS.md: in-force 命令 with a clause, share parsed (≥ 1 parent article), share with
every parent resolved to a pcode, parents naming articles the parent does not have, the shapes it
cannot read (with examples), precision/recall on tests/graph/enabling_gold.py, and how long loading
the corpus and answering `authority` take.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.laws.corpus import CORPUS_DIR, LawCorpus
from tests.graph.enabling_gold import GOLD, HARD_SHAPES, RANDOM_SAMPLE


def share(part: int, whole: int) -> str:
    return f"{part:,} / {whole:,} = {part / whole:.1%}" if whole else "0"


def corpus_figures(corpus: LawCorpus, examples: int) -> None:
    in_force = [law for law in corpus.laws.values() if law.kind == "命令" and not law.repealed]
    with_clause = [law for law in in_force if law.clause is not None]
    parsed = [law for law in with_clause if law.parents]
    resolved = [law for law in parsed if all(p.pcode for p in law.parents)]
    parents = [p for law in parsed for p in law.parents]
    parents_resolved = [p for p in parents if p.pcode]
    renamed = [p for p in parents_resolved if corpus.renamed(p.name) is not None]
    missing_article = [
        (law, p)
        for law in parsed
        for p in law.parents
        if p.pcode and p.article and p.article not in corpus.laws[p.pcode].article_numbers
    ]
    repealed_parent = [
        (law, p) for law in parsed for p in law.parents if p.pcode and corpus.laws[p.pcode].repealed
    ]
    several = [law for law in parsed if len({p.pcode or p.name for p in law.parents}) > 1]
    print(f"in-force 命令: {len(in_force):,}")
    print(f"  with an enabling clause found: {share(len(with_clause), len(in_force))}")
    print(f"  clause parsed (≥ 1 parent): {share(len(parsed), len(with_clause))}")
    print(f"  every parent resolved to a pcode: {share(len(resolved), len(parsed))}")
    print(f"  parents: {len(parents):,}; resolved {share(len(parents_resolved), len(parents))}")
    print(f"  clauses naming several parent statutes: {len(several):,}")
    print(f"  parents resolved through a former name (沿革 原名稱): {len(renamed):,}")
    print(f"  parents naming an article the parent does not have: {len(missing_article):,}")
    print(f"  parents that are repealed (廢止): {len(repealed_parent):,}")
    problems = collections.Counter(
        law.clause.problem for law in with_clause if law.clause and not law.parents
    )
    print("shapes not read (clause found, no parent):")
    for problem, count in problems.most_common():
        print(f"  {count:>4}  {problem}")
        for law in [x for x in with_clause if x.clause and not x.parents and x.clause.problem == problem][
            :examples
        ]:
            print(f"          {law.pcode} {law.clause.text[:90]}")
    unresolved = collections.Counter(p.name for p in parents if not p.pcode)
    print(f"unresolved parent names ({sum(unresolved.values())}), most frequent:")
    for name, count in unresolved.most_common(examples * 2):
        print(f"  {count:>4}  {name}")
    print("parents naming a missing article, examples:")
    for law, p in missing_article[:examples]:
        print(f"  {law.pcode} → {p.pcode} {p.label}: {law.clause.text[:70] if law.clause else ''}")
    no_clause = [law for law in in_force if law.clause is None]
    print(
        f"in-force 命令 without a clause: {len(no_clause):,} (組織規程/處務規程 opening with 為…特訂定, tables)"
    )


def gold_figures(corpus: LawCorpus) -> None:
    for name, gold in (("random sample", RANDOM_SAMPLE), ("hard shapes", HARD_SHAPES), ("all", GOLD)):
        expected = {(reg, *p) for reg, parents in gold.items() for p in parents}
        found = {
            (reg, p.pcode, p.article, p.label)
            for reg in gold
            for p in (corpus.laws[reg].parents if reg in corpus.laws else ())
        }
        correct = len(expected & found)
        print(
            f"hand-checked {name:<13} regulations {len(gold):>3}  parents {len(expected):>3}  found {len(found):>3}"
            f"  precision {correct / len(found) if found else 1:.3f}  recall {correct / len(expected):.3f}"
        )
        for row in sorted(expected - found):
            print(f"    missed {row}")
        for row in sorted(found - expected):
            print(f"    extra  {row}")


def latency(directory: Path) -> None:
    """Wall and CPU time (the machine is shared: CPU is the stable figure)."""
    wall, cpu = time.perf_counter(), time.process_time()
    corpus = LawCorpus.load(directory)
    loaded = (time.perf_counter() - wall, time.process_time() - cpu)
    wall, cpu = time.perf_counter(), time.process_time()
    corpus.article_text("J0040051", "9")
    first = (time.perf_counter() - wall, time.process_time() - cpu)
    wall = time.perf_counter()
    corpus.article_text("J0040051", "10")
    again = time.perf_counter() - wall
    print(
        f"corpus load (laws.json.gz): {loaded[0] * 1000:.0f} ms wall, {loaded[1] * 1000:.0f} ms CPU; "
        f"first article text {first[0] * 1000:.0f} ms wall, {first[1] * 1000:.0f} ms CPU (one chunk); "
        f"cached {again * 1000:.2f} ms"
    )

    from graph.laws import link_book
    from graph.laws.authority import authority_for
    from graph.laws.chain import authority_chain_json, cited_by_through
    from ingest.book import parse_book
    from ingest.resources import SAMPLE_BOOK

    links = link_book(parse_book(SAMPLE_BOOK).records)
    for label, run in (
        (
            "authority IC design (chain JSON)",
            lambda: authority_chain_json(
                "x", authority_for(links, "驅動國內IC設計業者先進發展補助計畫"), corpus
            ),
        ),
        (
            "authority 智慧杆 (chain JSON)",
            lambda: authority_chain_json("x", authority_for(links, "智慧杆"), corpus),
        ),
        (
            "cited-by 產業創新條例 (through regulations)",
            lambda: cited_by_through(links, "產業創新條例", corpus=corpus).to_json(),
        ),
    ):
        times = []
        for _ in range(5):
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        print(
            f"{label}: median {statistics.median(times) * 1000:.1f} ms over 5 (first {times[0] * 1000:.1f} ms)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR)
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args()
    corpus = LawCorpus.load(args.corpus)
    corpus_figures(corpus, args.examples)
    gold_figures(corpus)
    latency(args.corpus)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
