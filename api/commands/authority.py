"""`budgetkg authority NAME_OR_CODE [--json]` and `budgetkg authority --cited-by STATUTE [--json]`.

The legal authority of a plan, project or item (statutes, articles, evidence), or every record
resting on a statute with amounts. Answers come from the books ingested into the data directory's store
(`budgetkg ingest BOOK`), or from the book files given with --book. With neither, the bundled sample
book stands in, and stderr says so.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from api.cli import UserError
from graph.laws import LegalLink, link_book
from graph.laws.authority import (
    AuthorityQueryError,
    CitedBy,
    Plan,
    Subject,
    authority_for,
    plans_of,
)
from graph.laws.chain import CitedByChain, authority_chain_json, cited_by_through, link_chain_json
from graph.laws.corpus import LawCorpus, corpus_or_none
from graph.laws.from_store import authority_json, read_store, store_has_books
from graph.laws.index import LawIndex, LawIndexError, load_index
from graph.store import StoreError, open_store, store_exists
from ingest.book import parse_book
from ingest.resources import SAMPLE_BOOK


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "authority",
        help="the statutes a plan rests on, or (--cited-by) the plans resting on a statute",
    )
    parser.add_argument("name", nargs="?", help="a work-plan, branch-plan or project name, or a code")
    parser.add_argument(
        "--cited-by", metavar="STATUTE", help="a statute name, short name or pcode (J0030115)"
    )
    parser.add_argument(
        "--book",
        type=Path,
        action="append",
        default=[],
        help="a budget book file to answer from instead of the store (repeatable)",
    )
    parser.add_argument(
        "--data", default=argparse.SUPPRESS, help="data directory (overrides the global --data)"
    )
    parser.add_argument(
        "--laws", type=Path, help="a law index to use: moj-law-index.json, ChLaw.json or a folder"
    )
    parser.add_argument("--json", action="store_true", help="print the answer as JSON")
    parser.add_argument(
        "--chain",
        action="store_true",
        help="with --json: add each authority's delegation chain, article text and law-in-force flags "
        "(the text answer always shows them)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if bool(args.name) == bool(args.cited_by):
        raise UserError("give either a plan name/code or --cited-by STATUTE (not both)")
    try:
        index = load_index(args.laws) if args.laws else None
    except LawIndexError as exc:
        raise UserError(str(exc)) from exc
    if args.book:
        links, unlinked = links_from_books(args.book, index)
    else:
        links, unlinked = links_from_data(Path(args.data), index)
    try:
        if args.cited_by:
            answer = cited_by_through(links, args.cited_by, index)
            print(
                json.dumps(answer.to_json(), ensure_ascii=False, indent=1)
                if args.json
                else format_cited_by_chain(answer)
            )
        else:
            subjects = authority_for(links, args.name, subjects=unlinked)
            if args.json:
                answer_json = (
                    authority_chain_json(args.name, subjects)
                    if args.chain
                    else authority_json(args.name, subjects)
                )
                print(json.dumps(answer_json, ensure_ascii=False, indent=1))
            else:
                print(format_authority(args.name, subjects, corpus_or_none()))
    except AuthorityQueryError as exc:
        raise UserError(str(exc)) from exc
    return 0


Plans = list[Plan]  # (record key, type, name, IRI, amount) of plans, linked or not


def links_from_books(books: list[Path], index: LawIndex | None) -> tuple[list[LegalLink], Plans]:
    links: list[LegalLink] = []
    unlinked: Plans = []
    for book in books:
        if not book.exists():
            raise UserError(f"book not found: {book}")
        records = parse_book(book).records
        links.extend(link_book(records, index))
        unlinked.extend(plans_of(records))
    return links, unlinked


def links_from_data(data_dir: Path, index: LawIndex | None) -> tuple[list[LegalLink], Plans]:
    """The links of every book ingested into `data_dir`; the bundled sample's when none is."""
    if store_exists(data_dir):
        try:
            store = open_store(data_dir, read_only=True)
        except StoreError as exc:
            raise UserError(str(exc)) from None
        try:
            if store_has_books(store):
                answer = read_store(store, index)
                return list(answer.links), list(answer.plans)
        finally:
            store.close()
    if not SAMPLE_BOOK.exists():
        raise UserError(
            f"no books ingested in {data_dir}: ingest a book first (budgetkg --data {data_dir} ingest BOOK), "
            "or pass --book FILE"
        )
    print(
        f"budgetkg: no books ingested in {data_dir}; answering from the bundled sample book {SAMPLE_BOOK.name} "
        "(ingest a book first: budgetkg ingest BOOK, or pass --book FILE)",
        file=sys.stderr,
    )
    return links_from_books([SAMPLE_BOOK], index)


def thousands(amount: Decimal | None) -> str:
    """NT$ → the books' unit (千元), printed as the books print it."""
    if amount is None:
        return "-"
    value = amount / 1000
    return f"{value:,.0f}千元" if value == value.to_integral_value() else f"{value:,}千元"


def _statute_line(link: LegalLink) -> str:
    statute = link.statute
    code = statute.pcode or "unresolved"
    line = f"{statute.name}{link.article_label} ({code})"
    if not statute.resolved and statute.candidates:
        line += " closest: " + "、".join(f"{c.name} {c.pcode} ({c.score:.2f})" for c in statute.candidates)
    return line


def format_authority(query: str, subjects: list[Subject], corpus: LawCorpus | None = None) -> str:
    lines = [f"Legal authority of {query!r}:"]
    for subject in subjects:
        lines.append(
            f"\n{subject.type} {subject.key.split(':', 1)[1]}  {subject.name}  {thousands(subject.amount)}"
        )
        if subject.iri:
            lines.append(f"  {subject.iri}")
        if not subject.links:
            lines.append("  (no legal basis stated in the book for this record)")
        for link in subject.links:
            lines.append(f"  [{link.relation}] {_statute_line(link)}")
            lines.append(f"      {link.provision_iri or link.statute.iri}")
            url = link.statute.article_url(link.article) or link.statute.url
            if url:
                lines.append(f"      {url}")
            lines.append(f"      evidence: {link.evidence}")
            lines.append(
                f"      source: {link.document} p.{link.page if link.page is not None else '?'} ({link.field})"
            )
            if link.via:
                lines.append("      via: " + ", ".join(link.via))
            if corpus is not None:
                lines.extend(format_chain(link_chain_json(link, corpus)))
    return "\n".join(lines)


def _indent_text(text: str, prefix: str, width: int = 300) -> list[str]:
    flat = text.replace("\n", " ")
    return [prefix + (flat[:width] + "…" if len(flat) > width else flat)] if flat else []


def format_chain(extra: dict[str, Any]) -> list[str]:
    """The corpus's part of one authority: cited article text, flags, then each delegation step."""
    lines: list[str] = []
    lines.extend(_indent_text(extra.get("article_text", ""), "      article text: "))
    note = extra.get("version", {}).get("note")
    if note:
        lines.append(f"      version: {note}")
    for flag in extra.get("flags", []):
        lines.append(f"      ! {flag['code']}: {flag['message']}")
    for step in extra.get("delegation", []):
        indent = "      " + "  " * step["level"]
        parent = f"{step['parent']}{step['article_label']} ({step['parent_pcode'] or 'unresolved'})"
        lines.append(f"{indent}→ rests on {parent}")
        lines.append(
            f"{indent}    evidence: {step['regulation']} 第{step['evidence']['article']}條: {step['evidence']['clause']}"
        )
        if step["url"]:
            lines.append(f"{indent}    {step['url']}")
        lines.extend(_indent_text(step["article_text"], f"{indent}    article text: "))
        note = step.get("version", {}).get("note")
        if note:
            lines.append(f"{indent}    version: {note}")
        for flag in step.get("flags", []):
            lines.append(f"{indent}    ! {flag['code']}: {flag['message']}")
    return lines


def format_cited_by_chain(answer: CitedByChain) -> str:
    """The statute's own records, then those resting on it through its regulations, one total."""
    text = format_cited_by(answer.own, "total citing it directly" if answer.through else "total")
    if not answer.through:
        return text
    counted = {id(link) for link, through in answer.counted() if through}
    lines = [text, "\nResting on it through its regulations (marked ⇒; counted once per line):"]
    for pcode, name, count in answer.regulations():
        steps = next(item.steps for item in answer.through if item.link.statute.pcode == pcode)
        statute = answer.own.statute.pcode
        article = "、".join(dict.fromkeys(s.parent_label for s in steps if s.parent_pcode == statute))
        lines.append(f"  {name} ({pcode}) → {answer.own.statute.name}{article}: {count} lines")
    for item in answer.through:
        mark = "⇒" if id(item.link) in counted else "⇒ (already counted)"
        lines.append(
            f"  {thousands(item.link.amount):>14}  {mark} {item.link.subject}  {item.link.subject_name}"
            f"  via {item.link.statute.name} (p.{item.link.page})"
        )
    lines.append(f"  {thousands(answer.through_total):>14}  through its regulations")
    lines.append(f"  {thousands(answer.total):>14}  total resting on it")
    for (agency, year), amount in sorted(answer.totals().items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        lines.append(f"  {thousands(amount):>14}  {agency} {year}年度")
    return "\n".join(lines)


def format_cited_by(answer: CitedBy, total_label: str = "total") -> str:
    data: dict[str, Any] = answer.to_json()
    statute = answer.statute
    lines = [f"{statute.name} ({statute.pcode or 'unresolved'})"]
    lines.append(f"  {statute.iri}" + (f"  {statute.url}" if statute.url else ""))
    lines.append(f"\nRecords citing it ({len(data['records'])}):")
    for record in data["records"]:
        amount = Decimal(record["amount"]) if record["amount"] is not None else None
        where = f"p.{record['evidence']['page']}"
        article = f" {record['article_label']}" if record["article_label"] else ""
        lines.append(
            f"  {thousands(amount):>14}  {record['subject']}  {record['subject_name']}{article}  ({where})"
        )
    lines.append(f"  {thousands(answer.total):>14}  {total_label}")
    for (agency, year), amount in sorted(answer.totals().items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        lines.append(f"  {thousands(amount):>14}  {agency} {year}年度")
    if answer.inferred:
        lines.append("\nPlans resting on it through the records above (amounts not added again):")
        for link in answer.inferred:
            lines.append(f"  {thousands(link.amount):>14}  {link.subject}  {link.subject_name}")
    if answer.mentions:
        lines.append("\nMentioned (not as a legal basis) in:")
        for link in answer.mentions:
            lines.append(f"  {link.subject}  p.{link.page}: {link.evidence[:80]}")
    return "\n".join(lines)
