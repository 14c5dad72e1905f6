"""What an entity page adds for people reading it (issue 17): the three stages side by side, the book as
the first breadcrumb (grants hang off their work plan, not partOf), and links to recipient pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from api.entity_view import EntityView, entity_href
from api.recipient_view import recipient_class, recipient_href
from graph.national_series import SeriesPoint, line_stages
from graph.store import Store

# One book prints three stages of a line: this year's proposal, last year's enacted budget, and the
# final accounts of the year before.
STAGES = (
    ("priorYearActual", "決算", 2, "前年度決算數"),
    ("previousYearAmount", "法定預算", 1, "上年度預算數"),
    ("amount", "預算案", 0, "本年度預算數"),
)


def _source_column(source: str) -> str:
    """A national dataset (graph/national.py: `source:table`) as a column heading: DGBAS 歲出機關別預算表."""
    kind, _, table = source.partition(":")
    return f"{kind.upper() if kind == 'dgbas' else kind} {table}".strip()


def _roc_year(store: Store, iri: str) -> int | None:
    rows = store.select(
        f"SELECT ?y WHERE {{ <{iri.replace('>', '%3E')}> bud:inBook ?b . ?b bud:rocYear ?y }} LIMIT 1"
    )
    return int(str(rows[0]["y"])) if rows and rows[0]["y"] is not None else None


def stages(store: Store, view: EntityView) -> list[dict[str, Any]]:
    """決算 · 法定預算 · 預算案 columns (oldest first) when the entity has at least two of them: the book's
    printed columns beside the national graph's observations of the same year entity (DGBAS 法定預算, 決算)
    when loaded (graph.national_series.line_stages, as the MCP `series` tool)."""
    amounts = {a["property"]: a["value"] for a in view.amounts}
    year = _roc_year(store, view.iri)
    printed = {
        SeriesPoint(year - back, stage, int(Decimal(str(amounts[prop]))), "", "", "", "book"): column
        for prop, stage, back, column in STAGES
        if prop in amounts and year is not None
    }
    if year is None:  # no book year: the printed columns without their years
        present = [s for s in STAGES if s[0] in amounts]
        if len(present) < 2:
            return []
        return [
            {"stage": stage, "column": column, "roc_year": None, "value": amounts[prop]}
            for prop, stage, _back, column in present
        ]
    points = line_stages(store, view.iri, printed)
    if len(points) < 2:
        return []
    return [
        {
            "stage": p.stage,
            "column": printed.get(p) or _source_column(p.source),
            "roc_year": p.roc_year,
            "value": str(p.amount_ntd),
        }
        for p in points
    ]


def book_crumb(store: Store, view: EntityView) -> dict[str, Any] | None:
    """The book an entity is printed in (the breadcrumbs' first step), and its work plan for grants."""
    if "BudgetBook" in view.types:
        return None
    rows = store.select(
        f"""SELECT ?book ?label ?plan ?planLabel WHERE {{ <{view.iri.replace(">", "%3E")}> bud:inBook ?book .
              OPTIONAL {{ ?book rdfs:label ?label }}
              OPTIONAL {{ <{view.iri.replace(">", "%3E")}> bud:workPlan ?plan . ?plan rdfs:label ?planLabel }} }}
            LIMIT 1"""
    )
    if not rows:
        return None
    row = rows[0]
    crumb: dict[str, Any] = {
        "book": {"href": entity_href(str(row["book"])), "label": str(row["label"] or "")}
    }
    known = {a["iri"] for a in view.ancestors}
    if row["plan"] is not None and str(row["plan"]) not in known:
        crumb["plan"] = {"href": entity_href(str(row["plan"])), "label": str(row["planLabel"])}
    return crumb


def recipients(view: EntityView) -> list[dict[str, str]]:
    """Recipient pages an entity's grant facts lead to (its class and its named recipient)."""
    links: dict[str, dict[str, str]] = {}
    for fact in view.facts:
        if fact["predicate"] in {"bud:recipientType", "bud:recipient"}:
            name = recipient_class(str(fact["label"]))
            links.setdefault(name, {"name": name, "href": recipient_href(name)})
    return list(links.values())


def page_extras(store: Store, view: EntityView) -> dict[str, Any]:
    return {"stages": stages(store, view), "crumb": book_crumb(store, view), "recipients": recipients(view)}
