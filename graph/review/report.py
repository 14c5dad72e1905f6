"""What the review says about an agency or a line: its proposals (outcome, amounts, text) and, per work
plan, the proposed and enacted amounts with the sum of the cuts the committees passed.

`review_report(store, query)` answers `budgetkg review`, GET /review/{query} and the entity pages from the
store alone. `query` is a 10-digit code (a work plan, heading or agency row: the proposals on it and on
everything beneath it), an entity IRI, or an agency name (every proposal on that agency, linked or not).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from graph.national_series import stage_amount_pattern
from graph.store import Store

_CODE = re.compile(r"^\d{10}$")

_PROPOSAL_FIELDS = """
  ?p bud:proposalNumber ?id ; bud:action ?action ; rdfs:label ?label ; bud:agencyName ?agencyName .
  OPTIONAL { ?p bud:outcome ?outcome } OPTIONAL { ?p bud:proposedCut ?cut } OPTIONAL { ?p bud:proposedFreeze ?frozen }
  OPTIONAL { ?p bud:lineAmount ?lineAmount } OPTIONAL { ?p bud:proposalText ?text } OPTIONAL { ?p bud:budgetPath ?path }
  OPTIONAL { ?p dcterms:date ?date } OPTIONAL { ?p bud:committee/rdfs:label ?committee }
  OPTIONAL { ?p bud:sitting ?sitting } OPTIONAL { ?p prov:wasDerivedFrom ?src . ?src bud:row ?row ; bud:document ?document }
  OPTIONAL { ?p bud:proposalOn ?line . ?line rdfs:label ?lineLabel .
             OPTIONAL { ?line bud:code ?lineCode }
             OPTIONAL { ?p bud:matchedLevel ?level } OPTIONAL { ?p bud:matchMethod ?method }
             OPTIONAL { ?p bud:unresolvedPath ?unresolved }
             OPTIONAL { ?line prov:wasDerivedFrom/bud:page ?page } }
  OPTIONAL { ?p bud:unmatchedReason ?reason }
"""


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _selector(query: str) -> str:
    """The SPARQL pattern choosing ?p for a code, an IRI or an agency name."""
    query = query.strip()
    if _CODE.match(query):
        return (
            f"?node bud:code {_literal(query)} . "
            "FILTER EXISTS { ?node a ?cls FILTER(?cls IN (bud:WorkPlan, bud:ExpenditureHeading, bud:AgencyExpenditure)) } "
            "{ ?p bud:proposalOn ?l . ?l bud:partOf* ?node } UNION "
            "{ ?node a bud:AgencyExpenditure ; bud:agency ?ag . ?p bud:agency ?ag }"
        )
    if query.startswith(("http://", "https://")):
        return f"?p bud:proposalOn ?l . ?l bud:partOf* <{query}> ."
    return (
        f"{{ ?p bud:agencyName ?an FILTER(STR(?an) = {_literal(query)}) }} UNION "
        f"{{ ?p bud:agency/rdfs:label ?al FILTER(STR(?al) = {_literal(query)}) }}"
    )


def _num(value: object) -> int | None:
    return int(Decimal(str(value))) if value is not None else None


def proposals_of(store: Store, query: str) -> list[dict[str, Any]]:
    rows = store.select(
        f"SELECT DISTINCT * WHERE {{ ?p a bud:Proposal . {{ {_selector(query)} }} {_PROPOSAL_FIELDS} }}",
        limit=100_000,
    )
    seen: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = str(row["p"])
        if key in seen:
            continue
        seen[key] = {
            "iri": key,
            "id": str(row["id"]),
            "label": str(row["label"]),
            "agency": str(row["agencyName"]),
            "action": str(row["action"]),
            "outcome": str(row.get("outcome") or ""),
            "cut_ntd": _num(row.get("cut")),
            "frozen_ntd": _num(row.get("frozen")),
            "line_amount_ntd": _num(row.get("lineAmount")),
            "path": str(row.get("path") or ""),
            "text": str(row.get("text") or ""),
            "date": str(row.get("date") or ""),
            "committee": str(row.get("committee") or ""),
            "sitting": str(row.get("sitting") or ""),
            "source": {"document": str(row.get("document") or ""), "row": _num(row.get("row"))},
            "line": (
                {
                    "iri": str(row["line"]),
                    "label": str(row.get("lineLabel") or ""),
                    "code": str(row.get("lineCode") or ""),
                    "level": str(row.get("level") or ""),
                    "match": str(row.get("method") or ""),
                    "unresolved": str(row.get("unresolved") or ""),
                    "page": _num(row.get("page")),
                }
                if row.get("line") is not None
                else None
            ),
            "unmatched_reason": str(row.get("reason") or ""),
        }
    return sorted(seen.values(), key=lambda p: (p["path"], int(p["id"]) if p["id"].isdigit() else 0))


def work_plan_cuts(store: Store, plan_iris: list[str]) -> list[dict[str, Any]]:
    """Per work plan: proposed (the book's amount), enacted where loaded (the 法定預算 observation of the
    national graph: DGBAS 歲出機關別預算表), enacted − proposed, and the sum of the cuts passed (outcome 通過)
    on it and beneath it."""
    if not plan_iris:
        return []
    values = " ".join(f"<{iri}>" for iri in plan_iris)
    rows = store.select(
        f"""SELECT ?plan ?code ?name ?proposed ?year (SAMPLE(?enacted) AS ?enactedAmount) WHERE {{
          VALUES ?plan {{ {values} }}
          ?plan bud:code ?code ; rdfs:label ?name ; bud:amount ?proposed ; bud:rocYear ?year .
          OPTIONAL {{ {stage_amount_pattern("plan", "code", "year", "法定預算", "enacted")} }}
        }} GROUP BY ?plan ?code ?name ?proposed ?year"""
    )
    # one triple stated in two graphs (book and national) matches twice in the union default graph: each
    # proposal is summed once
    cuts = store.select(
        f"""SELECT ?plan (SUM(?cut) AS ?passed) (COUNT(?p) AS ?n) WHERE {{ {{ SELECT DISTINCT ?plan ?p ?cut WHERE {{
          VALUES ?plan {{ {values} }}
          ?p a bud:Proposal ; bud:proposalOn ?line .
          ?line bud:partOf* ?plan .
          OPTIONAL {{ ?p bud:outcome "通過" ; bud:proposedCut ?c }}
          BIND(COALESCE(?c, 0) AS ?cut)
        }} }} }} GROUP BY ?plan"""
    )
    passed = {str(r["plan"]): (_num(r.get("passed")) or 0, _num(r.get("n")) or 0) for r in cuts}
    out = []
    for row in rows:
        proposed = _num(row["proposed"])
        enacted = _num(row.get("enactedAmount"))
        plan = str(row["plan"])
        out.append(
            {
                "iri": plan,
                "code": str(row["code"]),
                "name": str(row["name"]),
                "roc_year": _num(row["year"]),
                "proposed_ntd": proposed,
                "enacted_ntd": enacted,
                "enacted_minus_proposed_ntd": enacted - proposed
                if enacted is not None and proposed is not None
                else None,
                "passed_cuts_ntd": passed.get(plan, (0, 0))[0],
                "proposals": passed.get(plan, (0, 0))[1],
            }
        )
    return sorted(out, key=lambda r: r["code"])


def _plans_touched(store: Store, proposals: list[dict[str, Any]]) -> list[str]:
    lines = sorted({p["line"]["iri"] for p in proposals if p["line"]})
    if not lines:
        return []
    values = " ".join(f"<{iri}>" for iri in lines)
    rows = store.select(
        f"SELECT DISTINCT ?plan WHERE {{ VALUES ?line {{ {values} }} ?line bud:partOf* ?plan . ?plan a bud:WorkPlan }}"
    )
    return sorted(str(r["plan"]) for r in rows)


def review_report(store: Store, query: str) -> dict[str, Any]:
    proposals = proposals_of(store, query)
    actions: dict[str, int] = {}
    for p in proposals:
        actions[p["action"]] = actions.get(p["action"], 0) + 1
    return {
        "query": query,
        "proposals": proposals,
        "count": len(proposals),
        "by_action": actions,
        "linked": sum(1 for p in proposals if p["line"]),
        "work_plans": work_plan_cuts(store, _plans_touched(store, proposals)),
    }
