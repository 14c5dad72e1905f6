"""Linking each proposal to the budget line its path names, resolved by SPARQL against what is loaded.

The store is asked once for the year's candidate lines — work plans (from books or national tables: any
node with `bud:code` and the year), 歲出機關別 headings and agency rows, branch plans and 用途別 line items
(books only) — and for the agencies they belong to. Each proposal's path is then walked from the agency
down: the deepest 10-digit step is the work plan (or heading), the next 2–3 digit step its branch plan,
the last 4-digit step the 用途別 line of that branch. The deepest level found is the link; how the work
plan was found is its match method:

- `code`: the printed 10-digit code;
- `code-without-function-prefix`: the same agency part and item under another 政事別 prefix (the
  prefix changed with the function classification, see corpus/README.md);
- `name-in-agency`: the step's name among the agency's work plans of that year;
- `agency-total`: the path names only an agency-wide table (各項費用彙計表, 媒體政策及業務宣導費彙計表),
  linked to the agency's row of 歲出機關別預算表.

Branch plans are matched by number, else by name within the work plan. A proposal on an agency with no
line loaded for the year is `agency not loaded`; on a loaded agency without a match it gets a reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from graph.store import Store
from ingest.records import Proposal

METHODS = ("code", "code-without-function-prefix", "name-in-agency", "agency-total")
LEVELS = ("agency", "heading", "work plan", "branch plan", "line item")
NOT_LOADED = "agency not loaded"


@dataclass(frozen=True)
class Line:
    iri: str
    level: str
    code: str
    name: str
    agency: str  # agency IRI
    parent: str = ""  # the work plan of a branch, the branch of a line item
    page: int | None = None


@dataclass(frozen=True)
class Link:
    """Where one proposal points: the line (or, unmatched, why not)."""

    proposal_id: str
    target: str = ""
    level: str = ""
    method: str = ""
    unresolved: str = ""  # path steps below the target that name nothing loaded (子計畫 …)
    reason: str = ""  # for unmatched proposals
    agency: str = ""  # the agency IRI resolved (empty when the agency is not loaded)

    @property
    def linked(self) -> bool:
        return bool(self.target)


@dataclass
class Candidates:
    """The year's lines in the store, indexed for the walk."""

    agencies: dict[str, list[str]] = field(default_factory=dict)  # name → agency IRIs
    agency_codes: dict[str, str] = field(default_factory=dict)  # 4-digit agency part → agency IRI
    agency_rows: dict[str, Line] = field(default_factory=dict)  # agency IRI → its 歲出機關別 row
    by_code: dict[str, list[Line]] = field(default_factory=dict)  # 10-digit code → work plans/headings
    by_suffix: dict[str, list[Line]] = field(default_factory=dict)  # code[2:] → work plans/headings
    plans_of: dict[str, list[Line]] = field(default_factory=dict)  # agency IRI → its work plans
    branches_of: dict[str, list[Line]] = field(default_factory=dict)  # work plan IRI → branches
    lines_of: dict[str, list[Line]] = field(default_factory=dict)  # branch IRI → 用途別 lines

    @property
    def loaded_agencies(self) -> set[str]:
        return set(self.plans_of)


def _year_filter(var: str, roc_year: int) -> str:
    return (
        f"OPTIONAL {{ {var} bud:rocYear ?y1 }} OPTIONAL {{ {var} bud:inBook/bud:rocYear ?y2 }} "
        f"FILTER(COALESCE(?y1, ?y2) = {int(roc_year)})"
    )


def _page(row: dict[str, object]) -> int | None:
    value = row.get("page")
    return int(str(value)) if value is not None else None


def load_candidates(store: Store, roc_year: int) -> Candidates:
    """Every line of `roc_year` the store holds, in four SPARQL queries."""
    found = Candidates()
    plans = store.select(
        f"""SELECT ?n ?cls ?code ?name ?agency (MIN(?p) AS ?page) (SAMPLE(?b) AS ?book) WHERE {{
          ?n a ?cls ; bud:code ?code ; rdfs:label ?name .
          FILTER(?cls IN (bud:WorkPlan, bud:ExpenditureHeading, bud:AgencyExpenditure))
          {_year_filter("?n", roc_year)}
          OPTIONAL {{ ?n bud:agency ?a0 }}
          OPTIONAL {{ ?n bud:inBook/bud:agency ?a1 }}
          BIND(COALESCE(?a0, ?a1) AS ?agency)
          OPTIONAL {{ ?n bud:inBook ?b . ?b a bud:BudgetBook }}
          OPTIONAL {{ ?n prov:wasDerivedFrom/bud:page ?p }}
        }} GROUP BY ?n ?cls ?code ?name ?agency""",
        limit=1_000_000,
    )
    # Book nodes first: they carry branches and 用途別 lines beneath them.
    plans.sort(key=lambda r: (r.get("book") is None, str(r["n"])))
    for row in plans:
        agency = str(row["agency"]) if row.get("agency") is not None else ""
        cls = str(row["cls"]).rsplit("#", 1)[-1]
        code = str(row["code"])
        level = {"WorkPlan": "work plan", "AgencyExpenditure": "agency"}.get(cls, "heading")
        line = Line(str(row["n"]), level, code, str(row["name"]), agency, page=_page(row))
        if level == "agency":
            if agency:
                found.agency_rows.setdefault(agency, line)
            continue
        found.by_code.setdefault(code, []).append(line)
        found.by_suffix.setdefault(code[2:], []).append(line)
        if agency and level == "work plan":
            found.plans_of.setdefault(agency, []).append(line)
            found.agency_codes.setdefault(code[2:6], agency)
    agencies = store.select(
        "SELECT DISTINCT ?a ?name ?code WHERE { ?a a bud:Agency ; rdfs:label ?name . "
        "OPTIONAL { ?a bud:code ?code } }",
        limit=1_000_000,
    )
    for row in agencies:
        iri = str(row["a"])
        found.agencies.setdefault(_fold(str(row["name"])), []).append(iri)
        code = str(row.get("code") or "")
        if re.fullmatch(r"00\d{4}0000", code):
            found.agency_codes.setdefault(code[2:6], iri)
    for row_line in list(found.agency_rows.values()):  # 歲出機關別 prints 產業發展署 for 經濟部產業發展署
        found.agencies.setdefault(_fold(row_line.name), []).append(row_line.agency)
    branches = store.select(
        f"""SELECT ?n ?code ?name ?wp (MIN(?p) AS ?page) WHERE {{
          ?n a bud:BranchPlan ; bud:code ?code ; rdfs:label ?name ; bud:partOf ?wp .
          {_year_filter("?n", roc_year)}
          OPTIONAL {{ ?n prov:wasDerivedFrom/bud:page ?p }}
        }} GROUP BY ?n ?code ?name ?wp""",
        limit=1_000_000,
    )
    for row in branches:
        line = Line(
            str(row["n"]), "branch plan", str(row["code"]), str(row["name"]), "", str(row["wp"]), _page(row)
        )
        found.branches_of.setdefault(line.parent, []).append(line)
    lines = store.select(
        f"""SELECT ?n ?oc ?name ?branch (MIN(?p) AS ?page) WHERE {{
          ?n a bud:LineItem ; bud:objectClass ?oc ; rdfs:label ?name ; bud:partOf ?branch .
          {_year_filter("?n", roc_year)}
          OPTIONAL {{ ?n prov:wasDerivedFrom/bud:page ?p }}
        }} GROUP BY ?n ?oc ?name ?branch""",
        limit=1_000_000,
    )
    for row in lines:
        code = str(row["oc"]).rstrip("/").rsplit("/", 1)[-1]
        line = Line(str(row["n"]), "line item", code, str(row["name"]), "", str(row["branch"]), _page(row))
        found.lines_of.setdefault(line.parent, []).append(line)
    return found


def _fold(name: str) -> str:
    """Names compared without spaces, 臺/台 folded, and the trailing 及所屬 dropped."""
    name = re.sub(r"[\s\u3000]+", "", name).replace("台", "臺")
    return name.removesuffix("及所屬")


def _agencies_of(proposal: Proposal, found: Candidates) -> list[str]:
    """The loaded agency IRIs the proposal may be on, best first: by name (exact, or a loaded agency whose
    name ends with it: 產業發展署 → 經濟部產業發展署), then by the agency part of a work-plan code in the
    path. Several sources (a book, a national table) may each name the agency."""
    name = _fold(proposal.agency)
    loaded = found.loaded_agencies
    out: list[str] = [a for a in found.agencies.get(name, []) if a in loaded]
    if len(name) >= 3:
        for folded, iris in found.agencies.items():
            if folded != name and folded.endswith(name):
                out += [a for a in iris if a in loaded]
    for code, _name in proposal.path:
        if len(code) == 10:
            agency = found.agency_codes.get(code[2:6], "")
            if agency in loaded and _name_fits(proposal.agency, agency, found):
                out.append(agency)
    return list(dict.fromkeys(out))


def _name_fits(name: str, agency: str, found: Candidates) -> bool:
    """A code names an agency; the proposal's agency must not be another one (a fund of it, a sub-agency)."""
    names = [n for n, iris in found.agencies.items() if agency in iris]
    folded = _fold(name)
    return not folded or any(n.endswith(folded) or folded.endswith(n) for n in names)


def _same_number(a: str, b: str) -> bool:
    return a.isdigit() and b.isdigit() and int(a) == int(b)


def _names_match(a: str, b: str) -> bool:
    return _fold(a) == _fold(b)


def _find_plan(
    step: tuple[str, str], agencies: list[str], plans_of_agency: list[Line], found: Candidates
) -> tuple[Line | None, str]:
    code, name = step
    own = [x for x in found.by_code.get(code, []) if x.agency == "" or x.agency in agencies]
    suffix = [x for x in found.by_suffix.get(code[2:], []) if x.agency in agencies]
    named = [x for x in plans_of_agency if _names_match(x.name, name)]
    for candidates, how in (
        (own, "code"),
        (suffix, "code-without-function-prefix"),
        (named, "name-in-agency"),
    ):
        if candidates:
            return candidates[0], how
    return None, ""


def resolve(proposal: Proposal, found: Candidates) -> Link:
    """The line one proposal names, or the reason it has none."""
    agencies = _agencies_of(proposal, found)
    if not agencies:
        return Link(proposal.proposal_id, reason=NOT_LOADED)
    agency = agencies[0]
    plans_of_agency = [x for a in agencies for x in found.plans_of.get(a, [])]
    steps = list(proposal.path)
    coded = [i for i, (code, _n) in enumerate(steps) if len(code) == 10]
    plan_index = coded[-1] if coded else -1
    plan: Line | None = None
    method = ""
    if coded:
        # The deepest code first (a 節 under its 目); a table holding only the 目 still takes the proposal.
        for index in reversed(coded):
            plan, method = _find_plan(steps[index], agencies, plans_of_agency, found)
            if plan is not None:
                plan_index = index
                break
        if plan is None:
            code, name = steps[coded[-1]]
            return Link(
                proposal.proposal_id,
                reason=f"work plan {code} {name} is not among the agency's loaded work plans",
                agency=agency,
            )
    else:
        named_plans = [x for _c, n in steps for x in plans_of_agency if n and _names_match(x.name, n)]
        row = next((found.agency_rows[a] for a in agencies if a in found.agency_rows), None)
        if named_plans:
            plan, method = named_plans[0], "name-in-agency"
            plan_index = next(i for i, (_c, n) in enumerate(steps) if _names_match(plan.name, n))
        elif row is not None:
            names = " > ".join(n for _c, n in steps)
            return Link(proposal.proposal_id, row.iri, "agency", "agency-total", names, agency=row.agency)
        else:
            return Link(
                proposal.proposal_id,
                reason="the path names no work plan (an agency-wide table) and no agency row is loaded",
                agency=agency,
            )
    target, level = plan, plan.level
    rest = steps[plan_index + 1 :]
    consumed = 0
    branch_step = next(((i, s) for i, s in enumerate(rest) if 1 <= len(s[0]) <= 3), None)
    if branch_step is not None and branch_step[0] == 0:
        _i, (number, name) = branch_step
        branches = found.branches_of.get(plan.iri, [])
        branch = next((b for b in branches if _same_number(b.code, number)), None)
        if branch is not None and not _names_match(branch.name, name):
            # Numbers shift between the proposal's print and the book's; the name decides when both exist.
            branch = next((b for b in branches if _names_match(b.name, name)), branch)
        branch = branch or next((b for b in branches if _names_match(b.name, name)), None)
        if branch is not None:
            target, level, consumed = branch, "branch plan", 1
            classes = [code for code, _n in rest[1:] if len(code) == 4]
            if classes:
                lines = found.lines_of.get(branch.iri, [])
                line = next((x for x in lines if x.code == classes[-1]), None)
                if line is not None:
                    target, level = line, "line item"
                    consumed = 1 + max(i for i, (c, _n) in enumerate(rest[1:], 1) if c == classes[-1])
    unresolved = " > ".join(f"{c} {n}".strip() for c, n in rest[consumed:])
    return Link(proposal.proposal_id, target.iri, level, method, unresolved, agency=plan.agency or agency)


def resolve_all(store: Store, proposals: Sequence[Proposal], roc_year: int) -> list[Link]:
    found = load_candidates(store, roc_year)
    return [resolve(p, found) for p in proposals]


def link_summary(links: Iterable[Link]) -> dict[str, object]:
    """Counts for the report: linked among the proposals on loaded agencies, by level and method, and why not."""
    links = list(links)
    on_loaded = [x for x in links if x.reason != NOT_LOADED]
    linked = [x for x in on_loaded if x.linked]
    reasons: dict[str, int] = {}
    for x in on_loaded:
        if not x.linked:
            reasons[x.reason] = reasons.get(x.reason, 0) + 1
    by_level: dict[str, int] = {}
    by_method: dict[str, int] = {}
    for x in linked:
        by_level[x.level] = by_level.get(x.level, 0) + 1
        by_method[x.method] = by_method.get(x.method, 0) + 1
    return {
        "proposals": len(links),
        "on_loaded_agencies": len(on_loaded),
        "linked": len(linked),
        "link_rate": round(len(linked) / len(on_loaded), 4) if on_loaded else None,
        "by_level": by_level,
        "by_method": by_method,
        "unmatched": reasons,
    }
