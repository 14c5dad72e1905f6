"""An agency's or a work plan's figures by year and stage, from the store (`budgetkg series`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal

from graph.national import STAGE_NODES
from graph.store import Store

STAGE_ORDER = {"預算案": 0, "法定預算": 1, "決算": 2}
_STAGE_OF = {str(node): stage for stage, node in STAGE_NODES.items()}
_CODE = re.compile(r"^\d{6}[0-9A-Z]{2}\d{2}$")


class SeriesNotFound(Exception):
    """No series matches the code or name; the message says what to try."""


@dataclass(frozen=True)
class SeriesPoint:
    roc_year: int
    stage: str
    amount_ntd: int
    code: str
    name: str
    agency: str
    source: str


def series_keys(query: str) -> list[str]:
    """Series IRIs' local keys for a 10-digit code: agency (00XXYY0000 → agency/XXYY) or work plan."""
    code = query.strip()
    if code.startswith("00") and code[6:] == "0000":
        return [f"agency/{code[2:6]}"]
    return [f"workplan/{code[2:10]}"]


def find_series(store: Store, query: str) -> list[str]:
    text = query.strip()
    if _CODE.match(text):
        keys = series_keys(text)
        values = " ".join(f"<{_series_base()}{k}>" for k in keys)
        rows = store.select(f"SELECT DISTINCT ?s WHERE {{ VALUES ?s {{ {values} }} ?e bud:inSeries ?s }}")
    else:
        literal = text.replace("\\", "\\\\").replace('"', '\\"')
        rows = store.select(
            f'SELECT DISTINCT ?s WHERE {{ ?s skos:altLabel ?l . FILTER(STR(?l) = "{literal}") }}'
        )
    found = sorted(str(r["s"]) for r in rows)
    if not found:
        raise SeriesNotFound(
            f"no agency or work plan series matches {query!r}; give a 10-digit code (5226102200, 0026100000) "
            "or a name as printed (工業技術升級輔導, 經濟部產業發展署), after `budgetkg ingest` of the national tables"
        )
    return found


def stage_amount_pattern(entity: str, code: str, year: str, stage: str, amount: str) -> str:
    """A SPARQL pattern binding `?{amount}` to the national or book observation of `stage` (預算案, 法定預算,
    決算) for the year entity `?{entity}` whose `?{code}` and `?{year}` are bound: an observation on that
    node, or on the year's node with the same agency part + item (code[2:10]: a changed 政事別 prefix or an
    agency named another way still meets). The one place the review, the MCP tools and the pages read a
    stage's figure from; ontology/queries/review/cut-vs-proposals.rq spells the same pattern out."""
    node = STAGE_NODES[stage]
    return f"""{{ ?{entity} bud:observation ?_o . ?_o bud:stage <{node}> ; bud:observedAmount ?{amount} . }}
    UNION
    {{ ?_o bud:stage <{node}> ; bud:rocYear ?{year} ; bud:observedAmount ?{amount} ; bud:observedEntity ?_e .
      ?_e bud:code ?_ecode . FILTER(?_e != ?{entity} && SUBSTR(STR(?_ecode), 3) = SUBSTR(STR(?{code}), 3)) }}"""


def entity_stages(store: Store, iri: str) -> list[SeriesPoint]:
    """Every stage observation of one year entity (or of the year's node with its agency part + item), by
    stage and source: the book's 預算案 beside DGBAS's 法定預算 and 決算 when the national tables are loaded."""
    safe = iri.replace(">", "%3E")
    rows = store.select(
        f"""SELECT DISTINCT ?year ?stage ?amount ?code ?name ?agency ?source WHERE {{
          <{safe}> bud:code ?c .
          OPTIONAL {{ <{safe}> bud:rocYear ?y0 }} OPTIONAL {{ <{safe}> bud:inBook/bud:rocYear ?y1 }}
          BIND(COALESCE(?y0, ?y1) AS ?year)
          {{ <{safe}> bud:observation ?o . BIND(<{safe}> AS ?e) }}
          UNION
          {{ ?o bud:rocYear ?year ; bud:observedEntity ?e . ?e bud:code ?code0 .
             FILTER(?e != <{safe}> && SUBSTR(STR(?code0), 3) = SUBSTR(STR(?c), 3)) }}
          ?o bud:stage ?stage ; bud:observedAmount ?amount ; bud:dataSource ?source .
          OPTIONAL {{ ?e bud:code ?code }} OPTIONAL {{ ?e rdfs:label ?name }}
          OPTIONAL {{ ?e bud:agency ?a . ?a rdfs:label ?agency }}
        }}""",
        limit=1_000,
    )
    return _points([row for row in rows if row["year"] is not None])


def _points(rows: list[dict[str, object]]) -> list[SeriesPoint]:
    points = {
        SeriesPoint(
            roc_year=int(str(row["year"])),
            stage=_STAGE_OF.get(str(row["stage"]), str(row["stage"])),
            amount_ntd=int(Decimal(str(row["amount"]))),
            code=str(row.get("code") or ""),
            name=str(row.get("name") or ""),
            agency=str(row.get("agency") or ""),
            source=str(row["source"]),
        )
        for row in rows
    }
    return sorted(points, key=lambda p: (p.roc_year, STAGE_ORDER.get(p.stage, 9), p.source, p.code))


def _series_base() -> str:
    from graph.iris import base_iri

    return f"{base_iri()}series/"


def series_points(store: Store, query: str) -> list[SeriesPoint]:
    points: set[SeriesPoint] = set()
    for series in find_series(store, query):
        points.update(points_of_series(store, series))
    return sorted(points, key=lambda p: (p.roc_year, STAGE_ORDER.get(p.stage, 9), p.source, p.code))


def series_of_entity(store: Store, iri: str) -> str | None:
    """The series a year entity belongs to, if any."""
    rows = store.select(f"SELECT ?s WHERE {{ <{iri}> bud:inSeries ?s }} LIMIT 1")
    return str(rows[0]["s"]) if rows else None


def points_of_series(store: Store, series: str) -> list[SeriesPoint]:
    rows = store.select(
        f"""SELECT DISTINCT ?year ?stage ?amount ?code ?name ?agency ?source WHERE {{
          ?e bud:inSeries <{series}> .
          ?o bud:observedEntity ?e ; bud:rocYear ?year ; bud:stage ?stage ;
             bud:observedAmount ?amount ; bud:dataSource ?source .
          OPTIONAL {{ ?e bud:code ?code }}
          OPTIONAL {{ ?e rdfs:label ?name }}
          OPTIONAL {{ ?e bud:agency ?a . ?a rdfs:label ?agency }}
        }}""",
        limit=100_000,
    )
    return _points(rows)


def _key(point: SeriesPoint) -> tuple[int, str, str, int]:
    return (point.roc_year, point.stage, point.source, point.amount_ntd)


def line_stages(
    store: Store, iri: str, printed: Iterable[SeriesPoint] = (), *, across_years: bool = False
) -> list[SeriesPoint]:
    """A line's figures by year and stage for the MCP `series` tool and the entity pages: the book's
    printed columns (`printed`: 本年度預算數 預算案, 上年度預算數 法定預算, 前年度決算數 決算, source "book")
    beside the stage observations of the national graph (DGBAS 法定預算 and 決算, twbudget 預算案) when
    loaded: of the line's whole series (`across_years`) or of its own year. A book's own observation of a
    figure it prints is the printed point, kept once. Oldest year first, then 預算案 · 法定預算 · 決算."""
    series = series_of_entity(store, iri) if across_years else None
    observed = points_of_series(store, series) if series else entity_stages(store, iri)
    points = {_key(p): p for p in printed}
    for point in observed:
        points.setdefault(_key(point), point)
    return sorted(
        points.values(), key=lambda p: (p.roc_year, STAGE_ORDER.get(p.stage, 9), p.source != "book", p.source)
    )


def as_json(query: str, points: list[SeriesPoint]) -> dict[str, object]:
    return {"query": query, "series": [asdict(p) for p in points]}
