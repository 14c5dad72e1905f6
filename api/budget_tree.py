"""The treemap below 用途別, and the 歲入 side (issue 20).

Under a branch plan's 用途別 line (委辦費 2039, 對國內團體之捐助 4040 …) sit the grants of that object class:
the 補助/捐助/委辦 rows name the project they fund, so a grant goes to the branch plan holding a project of
that name, or — its work plan having one branch plan with that line — to that branch plan. What the rows
do not cover of a line stays one tile (其餘), so areas keep adding up to the printed line. A branch plan
also carries its projects (計畫項目), a second split of the same amount the page can switch to.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from graph.query_guard import iri_term
from graph.store import Store

GRANTS = """
SELECT DISTINCT ?g ?type ?label ?amount ?plan ?class WHERE {
  VALUES ?type { bud:Subsidy bud:Donation bud:Commission }
  ?g a ?type ; bud:amount ?amount ; bud:workPlan ?plan ; bud:objectClass ?class .
  OPTIONAL { ?g rdfs:label ?label }
}
"""
LINES = """
SELECT DISTINCT ?line ?branch ?plan ?class WHERE {
  ?line a bud:LineItem ; bud:partOf ?branch ; bud:objectClass ?class . ?branch a bud:BranchPlan ; bud:partOf ?plan
}
"""
PROJECTS = """
SELECT DISTINCT ?p ?branch ?label ?amount WHERE {
  ?p a bud:Project ; bud:partOf ?branch ; bud:amount ?amount . OPTIONAL { ?p rdfs:label ?label }
}
"""
REVENUE = """
SELECT DISTINCT ?x ?label ?code ?parent ?amount WHERE {
  VALUES ?type { bud:RevenueItem bud:RevenueHeading }
  ?x a ?type . OPTIONAL { ?x rdfs:label ?label } OPTIONAL { ?x bud:code ?code }
  OPTIONAL { ?x bud:partOf ?parent } OPTIONAL { ?x a bud:RevenueItem ; bud:amount ?amount } %s
}
"""
REST = "其餘（補捐助表未逐筆列出）"
KIND_NAMES = {"Subsidy": "補助", "Donation": "捐助", "Commission": "委辦"}


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _node(iri: str, name: str, value: Decimal, **extra: Any) -> dict[str, Any]:
    return {"iri": iri, "name": name, "value": float(value), **extra}


def add_projects_and_grants(store: Store, tree: dict[str, Any]) -> None:
    """Give the tree's 用途別 lines their grants, and its branch plans their projects (in place)."""
    projects: dict[str, list[dict[str, Any]]] = defaultdict(list)
    project_branch: dict[tuple[str, str], set[str]] = defaultdict(set)  # (work plan, name) → branches
    branch_plan: dict[str, str] = {}
    lines: dict[tuple[str, str], list[str]] = defaultdict(list)  # (work plan, class) → lines
    line_at: dict[tuple[str, str], str] = {}  # (branch, class) → line
    for row in store.select(LINES):
        plan, branch, cls, line = str(row["plan"]), str(row["branch"]), str(row["class"]), str(row["line"])
        branch_plan[branch] = plan
        lines[(plan, cls)].append(line)
        line_at[(branch, cls)] = line
    for row in store.select(PROJECTS):
        branch, name = str(row["branch"]), str(row["label"] or row["p"])
        projects[branch].append(_node(str(row["p"]), name, Decimal(str(row["amount"]))))
        if branch in branch_plan:
            project_branch[(branch_plan[branch], _squeezed(name))].add(branch)
    grants: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.select(GRANTS):
        plan, cls, name = str(row["plan"]), str(row["class"]), str(row["label"] or "")
        kind = str(row["type"]).rsplit("#", 1)[-1]
        branches = {b for b in project_branch.get((plan, _squeezed(name)), set()) if (b, cls) in line_at}
        if len(branches) != 1:
            candidates = lines.get((plan, cls), [])
            if len(candidates) != 1:
                continue  # no one line to put it under: it stays in 其餘
            line = candidates[0]
        else:
            line = line_at[(branches.pop(), cls)]
        grants[line].append(
            _node(str(row["g"]), name or str(row["g"]), Decimal(str(row["amount"])), kind=KIND_NAMES[kind])
        )

    for plan in tree.get("children", []):
        for branch in plan.get("children", []):
            mine = sorted(projects.get(branch["iri"], []), key=lambda n: -n["value"])
            if mine:
                branch["projects"] = mine
            for line in branch.get("children", []):
                found = grants.get(line["iri"], [])
                covered = sum(Decimal(str(g["value"])) for g in found)
                total = Decimal(str(line["value"]))
                if not found or covered > total:
                    continue  # rows that do not fit inside the printed line are not drawn as its parts
                children = sorted(found, key=lambda n: -n["value"])
                if covered < total:
                    children.append(_node("", REST, total - covered, rest=True))
                line["children"] = children


def revenue_tree(store: Store, book: str | None) -> dict[str, Any]:
    """歲入: 款 → 目 → 節 with the revenue items' amounts; a 款's only 項 (the agency itself) is skipped."""
    rows = store.select(REVENUE % (f"?x bud:inBook {iri_term(book)} ." if book else ""))
    nodes: dict[str, dict[str, Any]] = {}
    parent: dict[str, str] = {}
    for row in rows:
        iri = str(row["x"])
        node = nodes.setdefault(
            iri,
            {
                "iri": iri,
                "name": str(row["label"] or iri),
                "code": str(row["code"] or ""),
                "children": [],
                "value": 0.0,
            },
        )
        if row["amount"] is not None:
            node["own"] = Decimal(str(row["amount"]))
        if row["parent"] is not None:
            parent[iri] = str(row["parent"])
    roots: list[dict[str, Any]] = []
    for iri, node in sorted(nodes.items(), key=lambda kv: kv[1]["code"]):
        above = parent.get(iri)
        (nodes[above]["children"] if above in nodes else roots).append(node)

    def settle(node: dict[str, Any]) -> Decimal:
        if (
            len(node["children"]) == 1
            and node["children"][0]["children"]
            and node.get("code", "").endswith("00000000")
        ):
            node["children"] = node["children"][0]["children"]  # a 款's one 項 is the agency itself
        value = node.pop("own", Decimal(0)) + sum((settle(c) for c in node["children"]), Decimal(0))
        node["value"] = float(value)
        return value

    total = sum((settle(r) for r in roots), Decimal(0))
    return {
        "name": "歲入預算",
        "iri": book,
        "value": float(total),
        "children": [r for r in roots if r["value"]],
    }
