"""A book's records as tables, one per record type (bud:Subsidy, bud:WorkPlan …): one row per entity, one
column per property (several values joined with " | "), with the entity's book and the page it is
printed on. What `budgetkg export --format csv|xlsx` writes and analysts open in a spreadsheet.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graph.namespaces import PREFIXES
from graph.store import Store, StoreError

LEADING = ["iri", "label", "book", "document", "page", "pdf_page", "amount", "amount_thousand"]
SKIPPED = {"rdf:type", "rdfs:label", "bud:inBook", "prov:wasDerivedFrom"}


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def record_types(store: Store, book: str | None = None) -> list[tuple[str, int]]:
    """The bud: classes with entities (in `book`, else in every book) and how many each has."""
    scope = f"?x bud:inBook <{book}> ." if book else "?x bud:inBook ?b ."
    rows = store.select(
        f"""SELECT ?type (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {scope} ?x a ?type .
              FILTER(STRSTARTS(STR(?type), STR(bud:))) }} GROUP BY ?type ORDER BY ?type"""
    )
    return [(_short(str(r["type"])).removeprefix("bud:"), int(str(r["n"]))) for r in rows]


def record_table(store: Store, type_name: str, book: str | None = None) -> list[dict[str, Any]]:
    """One row per entity of bud:`type_name` (in `book`, else every book)."""
    scope = f"VALUES ?book {{ <{book}> }}" if book else ""
    facts = store.select(
        f"""SELECT ?x ?p ?o WHERE {{ {scope} ?x a bud:{type_name} ; bud:inBook ?book ; ?p ?o .
              FILTER(!isBlank(?o)) }} ORDER BY ?x ?p ?o""",
        limit=2_000_000,
        timeout_s=120,
    )
    sources = store.select(
        f"""SELECT ?x ?document ?page ?pdfPage WHERE {{ {scope} ?x a bud:{type_name} ; bud:inBook ?book ;
              prov:wasDerivedFrom ?s . OPTIONAL {{ ?s bud:document ?document }}
              OPTIONAL {{ ?s bud:page ?page }} OPTIONAL {{ ?s bud:pdfPage ?pdfPage }} }} ORDER BY ?x ?page""",
        limit=2_000_000,
        timeout_s=120,
    )
    rows: dict[str, dict[str, Any]] = {}
    for fact in facts:
        iri = str(fact["x"])
        row = rows.setdefault(iri, {"iri": iri})
        name = _short(str(fact["p"]))
        value = fact["o"]
        if name == "rdfs:label":
            row.setdefault("label", str(value))
            continue
        if name == "bud:inBook":
            row["book"] = str(value)
            continue
        if name in SKIPPED:
            continue
        column = name.removeprefix("bud:")
        text = str(value)
        row[column] = text if column not in row else f"{row[column]} | {text}"
    for source in sources:
        found = rows.get(str(source["x"]))
        if found is not None and "page" not in found:
            found["document"] = source["document"]
            found["page"] = source["page"]
            found["pdf_page"] = source["pdfPage"]
    ordered = []
    for row in rows.values():
        if "amount" in row and " | " not in str(row["amount"]):
            # The graph holds NT$ 元; the books print 千元 (amountUnit): give both.
            row["amount_thousand"] = str(Decimal(str(row["amount"])) / 1000)
        lead = {k: row.get(k) for k in LEADING}
        rest = {k: row[k] for k in sorted(row) if k not in LEADING}
        ordered.append({**lead, **rest})
    return ordered


def record_tables(store: Store, book: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every record type's table (see record_table). Raises StoreError for a book not in the store."""
    if book is not None and book not in store.graphs():
        raise StoreError(f"no book <{book}> in the store; list them with `budgetkg export --list`")
    return {name: record_table(store, name, book) for name, _count in record_types(store, book)}
