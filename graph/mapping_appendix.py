"""附錄 shares → bud:OrganisationShare nodes: what one organisation (本部, 國土測繪中心 …) holds of a
work plan, branch plan or 用途別 line whose combined figure the main body states.

A share carries bud:shareAmount, never bud:amount, so summing bud:amount over WorkPlans, BranchPlans
or LineItems stays the book's total. Organisations number their own branches, so a branch share is
tied to the main body's branch of the same name in the same work plan; a share whose branch the main
body does not print under that name points at the work plan, and its lines are left out rather than
pinned to a line of another branch.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import URIRef

from graph.mapping_base import Sink, hashed, record_iri
from graph.namespaces import BUD
from ingest.parsers.appendix_plans import branch_name_key
from ingest.records import BranchPlan, LineItem, OrganisationPlanShare, Record, records_of


def map_appendix(sink: Sink, records: Sequence[Record], work_plans: dict[str, URIRef]) -> None:
    scope = sink.scope
    branches = {(b.work_plan_code, branch_name_key(b.name)): b for b in records_of(list(records), BranchPlan)}
    # Only lines mapped as entities: a first-level subtotal line has no node to share.
    lines = {
        (li.work_plan_code, li.branch_number, li.object_class_code): record_iri(li, scope)
        for li in records_of(list(records), LineItem)
    }
    for share in records_of(list(records), OrganisationPlanShare):
        plan_node = work_plans.get(share.work_plan_code) or scope.entity("workplan", share.work_plan_code)
        target: URIRef | None = plan_node
        label = share.work_plan_name
        if share.branch_number:
            branch = branches.get((share.work_plan_code, branch_name_key(share.branch_name)))
            label = share.branch_name
            if branch is not None:
                target = record_iri(branch, scope)
            if share.object_class_code:
                line = (
                    None
                    if branch is None
                    else lines.get((branch.work_plan_code, branch.number, share.object_class_code))
                )
                target = line if line is not None and BUD.LineItem in sink.typed.get(line, set()) else None
                label = f"{share.branch_name} {share.object_class_code}"
        if target is None:
            continue
        node = sink.fresh(
            scope.entity(
                "share",
                hashed(share.organisation),
                share.work_plan_code,
                share.branch_number or "plan",
                share.object_class_code or "all",
            )
        )
        sink.entity(node, BUD.OrganisationShare, share, f"{share.organisation} {label}")
        sink.add(node, BUD.shareOf, target)
        sink.text(node, BUD.organisationName, share.organisation)
        sink.money(node, BUD.shareAmount, share.amount)
