"""Recipient pages: every grant (補助/捐助/委辦) a recipient, or a recipient class such as 直轄市政府, gets
across the books and years in the store, with totals by year, agency and kind (issue 17).

A class is matched in the grant's printed class (bud:recipientType, 「補助直轄市政府」) and a named
recipient in bud:recipient's label (捐助 rows name theirs: 「各級合作社(場)…」).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import quote

from api.entity_view import entity_href
from api.routes.document_files import pdf_href
from graph.store import Store

KIND_NAMES = {"Subsidy": "補助", "Donation": "捐助", "Commission": "委辦"}
_PREFIXES = ("補助", "對")


def recipient_href(name: str) -> str:
    return "/recipient?name=" + quote(name, safe="")


def recipient_class(recipient_type: str) -> str:
    """「補助直轄市政府」 → 「直轄市政府」 (the class a page is about); other labels stay as printed."""
    text = recipient_type.strip()
    return text[2:] if text.startswith("補助") and len(text) > 2 else text


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def recipient_classes(store: Store) -> list[dict[str, Any]]:
    """Every recipient class and named recipient, with its grant count and total (NT$ 元)."""
    rows = store.select(
        """SELECT ?name (COUNT(DISTINCT ?g) AS ?n) (SUM(?amount) AS ?total) WHERE {
             ?g bud:amount ?amount .
             { ?g bud:recipientType ?name } UNION { ?g bud:recipient ?r . ?r rdfs:label ?name }
           } GROUP BY ?name ORDER BY DESC(?total)"""
    )
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        name = recipient_class(str(row["name"]))
        entry = found.setdefault(
            name, {"name": name, "href": recipient_href(name), "grants": 0, "total_ntd": Decimal(0)}
        )
        entry["grants"] += int(str(row["n"]))
        entry["total_ntd"] += Decimal(str(row["total"] or 0))
    return [{**e, "total_ntd": str(e["total_ntd"])} for e in found.values()]


def recipient_view(store: Store, name: str) -> dict[str, Any] | None:
    """The grants to `name` (a class like 直轄市政府 or part of a recipient's name); None when there are none."""
    wanted = _string(name.strip())
    rows = store.select(
        f"""SELECT DISTINCT ?g ?type ?label ?amount ?recipientType ?recipientLabel ?book ?agency ?rocYear
                  ?plan ?planLabel ?page ?pdfPage ?document ?content WHERE {{
              ?g bud:amount ?amount ; bud:inBook ?book ; a ?type .
              VALUES ?type {{ bud:Subsidy bud:Donation bud:Commission }}
              OPTIONAL {{ ?g bud:recipientType ?recipientType }}
              OPTIONAL {{ ?g bud:recipient ?r . ?r rdfs:label ?recipientLabel }}
              FILTER(CONTAINS(STR(COALESCE(?recipientType, "")), {wanted})
                     || CONTAINS(STR(COALESCE(?recipientLabel, "")), {wanted}))
              OPTIONAL {{ ?g rdfs:label ?label }} OPTIONAL {{ ?g bud:content ?content }}
              OPTIONAL {{ ?book bud:rocYear ?rocYear }}
              OPTIONAL {{ ?book bud:agency ?a . ?a rdfs:label ?agency }}
              OPTIONAL {{ ?g bud:workPlan ?plan . ?plan rdfs:label ?planLabel }}
              OPTIONAL {{ ?g prov:wasDerivedFrom ?s . ?s bud:page ?page . OPTIONAL {{ ?s bud:pdfPage ?pdfPage }}
                          OPTIONAL {{ ?s bud:document ?document }} }}
            }} ORDER BY DESC(?rocYear) DESC(?amount)"""
    )
    if not rows:
        return None
    grants: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = str(row["g"])
        if iri in grants:
            continue
        kind = str(row["type"]).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        document = str(row["document"] or "")
        pdf_page = int(str(row["pdfPage"])) if row["pdfPage"] is not None else None
        grants[iri] = {
            "iri": iri,
            "href": entity_href(iri),
            "kind": KIND_NAMES.get(kind, kind),
            "label": row["label"],
            "recipient": row["recipientLabel"] or row["recipientType"],
            "amount_ntd": str(row["amount"]),
            "agency": row["agency"],
            "roc_year": row["rocYear"],
            "work_plan": row["planLabel"],
            "content": row["content"],
            "book": str(row["book"]),
            "document": document or None,
            "page": row["page"],
            "pdf_href": pdf_href(document, pdf_page)
            if pdf_page and document.lower().endswith(".pdf")
            else None,
        }
    totals: dict[tuple[Any, Any, str], Decimal] = {}
    for grant in grants.values():
        key = (grant["roc_year"], grant["agency"], grant["kind"])
        totals[key] = totals.get(key, Decimal(0)) + Decimal(grant["amount_ntd"])
    total = sum((Decimal(g["amount_ntd"]) for g in grants.values()), Decimal(0))
    return {
        "name": name,
        "total_ntd": str(total),
        "count": len(grants),
        "by_year": [
            {"roc_year": y, "agency": a, "kind": k, "amount_ntd": str(v)}
            for (y, a, k), v in sorted(
                totals.items(), key=lambda kv: (-(kv[0][0] or 0), str(kv[0][1]), kv[0][2])
            )
        ],
        "grants": list(grants.values()),
    }
