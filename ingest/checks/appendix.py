"""附錄 shares add up to the main body: for each work plan (and branch plan) the appendix covers, the
organisations' amounts sum to the combined figure the main body prints.

Each organisation numbers its own branches (國土測繪中心's 土地測量 01 is 基本行政工作維持), so a branch
is matched to the main body's by work-plan code and name, not by number. Work plans and branches the
appendix does not print are not checked: the appendix only repeats the tables of the organisations
that have one, so its silence says nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from ingest.parsers.appendix_plans import branch_name_key
from ingest.reconcile import Check, check, compare
from ingest.records import BranchPlan, OrganisationPlanShare, Record, WorkPlan, records_of

SECTION = "附錄 歲出計畫提要"


@check("appendix")
def appendix_adds_up_to_main_body(records: list[Record]) -> Iterable[Check]:
    shares: list[OrganisationPlanShare] = records_of(records, OrganisationPlanShare)
    if not shares:
        return
    plans = {plan.code: plan for plan in records_of(records, WorkPlan)}
    branches = {(b.work_plan_code, branch_name_key(b.name)): b for b in records_of(records, BranchPlan)}
    by_plan: dict[str, list[OrganisationPlanShare]] = defaultdict(list)
    by_branch: dict[tuple[str, str], list[OrganisationPlanShare]] = defaultdict(list)
    for share in shares:
        if not share.branch_number:
            by_plan[share.work_plan_code].append(share)
        elif not share.object_class_code:
            by_branch[(share.work_plan_code, branch_name_key(share.branch_name))].append(share)
    for code, parts in by_plan.items():
        plan = plans.get(code)
        if plan is not None:
            yield _compare("work plan = sum of the organisations' shares", f"{code} {plan.name}", plan, parts)
    for key, parts in by_branch.items():
        branch = branches.get(key)
        if branch is not None:
            where = f"{branch.work_plan_code}/{branch.number} {branch.name}"
            yield _compare("branch plan = sum of the organisations' shares", where, branch, parts)


def _compare(
    name: str, where: str, combined: WorkPlan | BranchPlan, parts: list[OrganisationPlanShare]
) -> Check:
    return compare(
        name,
        f"{SECTION} {where}",
        combined.amount.value_ntd,
        sum((part.amount.value_ntd for part in parts), Decimal(0)),
        page=combined.provenance.page,
        note="、".join(sorted({part.organisation for part in parts})),
    )
