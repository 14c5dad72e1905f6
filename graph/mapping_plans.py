"""Organisation, expenditure and revenue records → triples.

Only the finest printed level of each table carries `bud:amount`; the rows that sum others (款/項 rows,
政事別 groups, a 目 with 節 beneath it, a first-level object class printed above its second-level lines)
carry `bud:printedTotal` instead, so summing `bud:amount` over any class never counts a figure twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from graph import iris
from graph.mapping_base import (
    Sink,
    fiscal_year_literal,
    integer_literal,
    is_subtotal_name,
    record_iri,
)
from graph.namespaces import BUD, ORG, PROV, RDF, RDFS, SKOS
from ingest.records import (
    Agency,
    BranchPlan,
    ExpenditureItem,
    LineItem,
    ObjectClass,
    OrgUnit,
    Project,
    Record,
    RevenueExplanation,
    RevenueItem,
    WorkPlan,
    records_of,
)
from ingest.resources import ONTOLOGY_DIR

_LEVEL_DEPTH = {"款": 1, "項": 2, "目": 3, "節": 4, "子目": 5, "細目": 6}


@lru_cache(maxsize=1)
def static_object_classes() -> frozenset[str]:
    """Codes the shipped code list already describes (their labels are not repeated per book)."""
    graph = Graph().parse(ONTOLOGY_DIR / "codelists" / "object-classes.ttl")
    return frozenset(str(code) for code in graph.objects(None, SKOS.notation))


def _has_children(code: str, level: str, rows: Sequence[RevenueItem | ExpenditureItem]) -> bool:
    """Whether a coded row sums others: a row names it as parent, or a deeper row's code extends its stem."""
    stem = code.rstrip("0")
    depth = _LEVEL_DEPTH.get(level, 0)
    for other in rows:
        if other.code == code:
            continue
        if other.parent_code == code:
            return True
        if (
            stem
            and other.code.startswith(stem)
            and _LEVEL_DEPTH.get(other.level, 9) > depth
            and other.level != "政事別"
        ):
            return True
    return False


def _parent_of(code: str, parent_code: str, codes: set[str]) -> str:
    """The printed parent code, or the nearest coded row whose stem the code extends."""
    if parent_code:
        return parent_code
    best = ""
    for candidate in codes:
        stem = candidate.rstrip("0")
        if candidate != code and stem and code.startswith(stem) and len(stem) > len(best.rstrip("0")):
            best = candidate
    return best


def map_organisation(sink: Sink, records: Sequence[Record]) -> None:
    scope = sink.scope
    agency_node = scope.agency_node
    for agency in records_of(list(records), Agency):
        node = record_iri(agency, scope)
        sink.entity(node, BUD.Agency, agency, agency.name)
        sink.plain(node, BUD.code, agency.code)
        for duty in agency.duties:
            sink.text(node, BUD.duty, duty)
        sink.text(node, BUD.legalBasisText, agency.legal_basis_text)
        if agency.parent_name:
            parent = iris.agency_iri(agency.parent_name)
            sink.add(parent, RDF.type, BUD.Agency)
            sink.text(parent, RDFS.label, agency.parent_name)
            sink.plain(parent, BUD.code, agency.parent_code)
            sink.add(node, ORG.subOrganizationOf, parent)
    for unit in records_of(list(records), OrgUnit):
        node = sink.entity(scope.unit(unit.name), BUD.OrganizationalUnit, unit, unit.name)
        sink.plain(node, BUD.number, unit.number)
        for duty in unit.duties:
            sink.text(node, BUD.duty, duty)
        sink.add(agency_node, ORG.hasUnit, node)
        sink.add(node, ORG.unitOf, agency_node)


def responsible_unit(sink: Sink, subject: URIRef, name: str) -> None:
    """Link a unit named in a table; the unit node exists even when 內部分層業務 did not list it."""
    name = name.strip()
    if not name:
        return
    unit = sink.scope.unit(name)
    sink.add(unit, RDF.type, BUD.OrganizationalUnit)
    sink.text(unit, RDFS.label, name)
    sink.add(sink.scope.agency_node, ORG.hasUnit, unit)
    sink.add(unit, ORG.unitOf, sink.scope.agency_node)
    sink.add(subject, BUD.responsibleUnit, unit)


def _year_amounts(sink: Sink, node: URIRef, row: RevenueItem | ExpenditureItem) -> None:
    sink.money(node, BUD.previousYearAmount, row.previous_year_amount)
    sink.money(node, BUD.priorYearActual, row.prior_year_actual)
    sink.money(node, BUD.change, row.change)


def map_expenditure(sink: Sink, records: Sequence[Record]) -> dict[str, URIRef]:
    """歲出機關別預算表 rows and 工作計畫 → nodes; returns work-plan code → IRI."""
    scope = sink.scope
    rows = records_of(list(records), ExpenditureItem)
    plans = records_of(list(records), WorkPlan)
    plan_codes = {p.code for p in plans}
    functions = {r.code: r for r in rows if r.level == "政事別"}
    work_plans: dict[str, URIRef] = {p.code: scope.entity("workplan", p.code) for p in plans}
    codes = {r.code for r in rows if r.code}

    for row in rows:
        if not row.code or is_subtotal_name(row.name):
            continue
        leaf_plan = row.code in plan_codes or (
            row.level in {"目", "節"}
            and row.amount is not None
            and not _has_children(row.code, row.level, rows)
        )
        if leaf_plan:
            node = work_plans.setdefault(row.code, scope.entity("workplan", row.code))
            sink.entity(node, BUD.WorkPlan, row, row.name)
            sink.add(node, BUD.code, Literal(row.code))
            sink.amount(node, row.amount)
            _year_amounts(sink, node, row)
            sink.text(node, BUD.note, row.note)
            sink.add(node, BUD.agency, scope.agency_node)
            continue
        node = scope.entity("expenditure", row.code)
        if row.level == "政事別":
            cls = BUD.FunctionExpenditure
            concept = iris.function_iri(row.code)
            sink.concept(concept, BUD.FunctionClass, BUD.FunctionScheme, row.code, row.name, None)
            sink.add(node, BUD.function, concept)
        elif row.level == "項" and row.amount is not None:
            cls = BUD.AgencyExpenditure
            sink.add(node, BUD.agency, scope.agency_node)
        else:
            cls = BUD.ExpenditureHeading
        sink.entity(node, cls, row, row.name)
        sink.add(node, BUD.code, Literal(row.code))
        sink.plain(node, BUD.level, row.level)
        sink.money(node, BUD.printedTotal, row.amount)
        sink.text(node, BUD.note, row.note)
        parent = _parent_of(row.code, row.parent_code, codes)
        if parent and parent != row.code and row.level != "政事別":
            sink.add(node, BUD.partOf, scope.entity("expenditure", parent))

    for plan in plans:
        node = work_plans[plan.code]
        sink.entity(node, BUD.WorkPlan, plan, plan.name)
        sink.add(node, BUD.code, Literal(plan.code))
        sink.amount(node, plan.amount)
        for item in plan.contents:
            sink.text(node, BUD.content, item)
        sink.text(node, BUD.expectedResults, plan.expected_results)
        sink.add(node, BUD.agency, scope.agency_node)

    for code, node in work_plans.items():
        sink.add(node, BUD.fiscalYear, fiscal_year_literal(scope.roc_year))
        sink.add(node, BUD.rocYear, integer_literal(scope.roc_year))
        function_code = next((p.function_code for p in plans if p.code == code and p.function_code), "")
        function_code = function_code or next((f for f in functions if code.startswith(f.rstrip("0"))), "")
        if function_code:
            sink.add(node, BUD.function, iris.function_iri(function_code))
        parent = _parent_of(code, next((r.parent_code for r in rows if r.code == code), ""), codes)
        if parent and parent not in functions and parent not in work_plans:
            sink.add(node, BUD.partOf, scope.entity("expenditure", parent))
    return work_plans


def map_branches(
    sink: Sink, records: Sequence[Record], work_plans: dict[str, URIRef]
) -> dict[tuple[str, str], URIRef]:
    """分支計畫, their 用途別 line items and the projects their 說明 names."""
    scope = sink.scope
    branches: dict[tuple[str, str], URIRef] = {}
    for branch in records_of(list(records), BranchPlan):
        node = record_iri(branch, scope)
        branches[(branch.work_plan_code, branch.number)] = node
        sink.entity(node, BUD.BranchPlan, branch, branch.name)
        sink.add(node, BUD.code, Literal(branch.number))
        sink.amount(node, branch.amount)
        sink.text(node, BUD.description, branch.description)
        sink.add(
            node,
            BUD.partOf,
            work_plans.get(branch.work_plan_code) or scope.entity("workplan", branch.work_plan_code),
        )
        for unit in branch.responsible_units:
            responsible_unit(sink, node, unit)

    lines = records_of(list(records), LineItem)
    detailed = {
        (li.work_plan_code, li.branch_number, li.object_class_code[:1]) for li in lines if li.level == 2
    }
    for line in lines:
        # A first-level line printed above its own second-level lines is their subtotal.
        if (
            line.level == 1
            and (line.work_plan_code, line.branch_number, line.object_class_code[:1]) in detailed
        ):
            continue
        node = record_iri(line, scope)
        sink.entity(node, BUD.LineItem, line, line.object_class_name)
        sink.add(node, BUD.objectClass, iris.object_class_iri(line.object_class_code))
        sink.amount(node, line.amount)
        branch_node = branches.get((line.work_plan_code, line.branch_number)) or scope.entity(
            "branchplan", line.work_plan_code, line.branch_number
        )
        sink.add(node, BUD.partOf, branch_node)
        _object_class(sink, line.object_class_code, line.object_class_name, line.level, "")

    for project in records_of(list(records), Project):
        node = record_iri(project, scope)
        sink.entity(node, BUD.Project, project, project.name)
        sink.plain(node, BUD.item, project.number)
        sink.amount(node, project.amount)
        sink.text(node, BUD.description, project.description)
        if project.inferred:
            sink.add(node, BUD.inferred, Literal(True))
        sink.add(
            node,
            BUD.partOf,
            branches.get((project.work_plan_code, project.branch_number))
            or scope.entity("branchplan", project.work_plan_code, project.branch_number),
        )

    for oc in records_of(list(records), ObjectClass):
        _object_class(sink, oc.code, oc.name, oc.level, oc.parent_code)
    return branches


def _object_class(sink: Sink, code: str, name: str, level: int, parent_code: str) -> None:
    if not code or code in static_object_classes():
        return
    parent = parent_code or (code[0] + "000" if level == 2 and code[1:] != "000" else "")
    concept = iris.object_class_iri(code)
    sink.concept(
        concept,
        BUD.ObjectClass,
        BUD.ObjectClassScheme,
        code,
        name,
        iris.object_class_iri(parent) if parent else None,
    )
    sink.add(concept, BUD.level, integer_literal(level))


def map_revenue(sink: Sink, records: Sequence[Record]) -> None:
    """歲入來源別預算表 rows (leaves are RevenueItems, 款/項/目 rows headings) and their 說明提要."""
    scope = sink.scope
    rows = [r for r in records_of(list(records), RevenueItem) if r.code and not is_subtotal_name(r.name)]
    codes = {r.code for r in rows}
    for row in rows:
        node = scope.entity("revenue", row.code)
        leaf = not _has_children(row.code, row.level, rows)
        sink.entity(node, BUD.RevenueItem if leaf else BUD.RevenueHeading, row, row.name)
        sink.add(node, BUD.code, Literal(row.code))
        sink.plain(node, BUD.level, row.level)
        sink.plain(node, BUD.number, row.number)
        if leaf:
            sink.amount(node, row.amount)
            _year_amounts(sink, node, row)
        else:
            sink.money(node, BUD.printedTotal, row.amount)
        sink.text(node, BUD.note, row.note)
        sink.add(node, BUD.fiscalYear, fiscal_year_literal(scope.roc_year))
        parent = _parent_of(row.code, row.parent_code, codes)
        concept = iris.revenue_code_iri(row.code)
        sink.concept(
            concept,
            BUD.RevenueSource,
            BUD.RevenueSourceScheme,
            row.code,
            row.name,
            iris.revenue_code_iri(parent) if parent else None,
        )
        sink.plain(concept, BUD.level, row.level)
        sink.add(node, BUD.revenueSource, concept)
        if parent:
            sink.add(node, BUD.partOf, scope.entity("revenue", parent))

    for explanation in records_of(list(records), RevenueExplanation):
        node = scope.entity("revenue", explanation.code)
        if explanation.code not in codes:
            sink.entity(node, BUD.RevenueItem, explanation, explanation.name)
            sink.add(node, BUD.code, Literal(explanation.code))
            sink.amount(node, explanation.amount)
            if explanation.parent_code:
                sink.add(node, BUD.partOf, scope.entity("revenue", explanation.parent_code))
        else:
            sink.add(node, PROV.wasDerivedFrom, sink.source(explanation.provenance))
        sink.text(node, BUD.content, explanation.content)
        sink.text(node, BUD.legalBasisText, explanation.legal_basis_text)
        sink.text(node, BUD.calculation, explanation.calculation)
        for unit in explanation.responsible_units:
            responsible_unit(sink, node, unit)
