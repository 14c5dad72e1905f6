"""歲出計畫提要及分支計畫概況表 adds up: plan = branches, branch = first-level lines = second-level lines,
and the named projects of a branch = the branch amount (or the 專案經費 its 說明 states).

Projects are prose, not table rows, so a conversion can lose one; a numbering gap is reported as
`explained` (with the missing numbers and, where the parser could infer it, the inferred amount)
rather than as a failure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from ingest.parsers._plan_text import missing_numbers, project_funds
from ingest.reconcile import Check, check, compare
from ingest.records import BranchPlan, LineItem, Project, Record, WorkPlan, records_of

SECTION = "歲出計畫提要"


@check("plans")
def plans_add_up(records: list[Record]) -> Iterable[Check]:
    plans: list[WorkPlan] = records_of(records, WorkPlan)
    branches: list[BranchPlan] = records_of(records, BranchPlan)
    lines: list[LineItem] = records_of(records, LineItem)
    projects: list[Project] = records_of(records, Project)
    yield from _plans_equal_branches(plans, branches)
    yield from _branches_equal_lines(branches, lines)
    yield from _first_level_equals_second(lines)
    yield from _projects_equal_project_funds(branches, projects)


def _plans_equal_branches(plans: list[WorkPlan], branches: list[BranchPlan]) -> Iterable[Check]:
    by_plan: dict[str, list[BranchPlan]] = defaultdict(list)
    for branch in branches:
        by_plan[branch.work_plan_code].append(branch)
    for plan in plans:
        parts = by_plan.get(plan.code, [])
        yield compare(
            "work plan = sum of its branch plans",
            f"{SECTION} {plan.code} {plan.name}",
            plan.amount.value_ntd,
            sum((b.amount.value_ntd for b in parts), Decimal(0)) if parts else None,
            page=plan.provenance.page,
            note=f"{len(parts)} branch plans" if parts else "no branch plan read for this work plan",
        )


def _branches_equal_lines(branches: list[BranchPlan], lines: list[LineItem]) -> Iterable[Check]:
    by_branch: dict[tuple[str, str], list[LineItem]] = defaultdict(list)
    for line in lines:
        if line.level == 1:
            by_branch[(line.work_plan_code, line.branch_number)].append(line)
    for branch in branches:
        parts = by_branch.get((branch.work_plan_code, branch.number), [])
        yield compare(
            "branch plan = sum of its first-level object classes",
            f"{SECTION} {branch.work_plan_code}/{branch.number} {branch.name}",
            branch.amount.value_ntd,
            sum((line.amount.value_ntd for line in parts), Decimal(0)) if parts else None,
            page=branch.provenance.page,
            note=", ".join(line.object_class_code for line in parts) or "no 用途別 line read for this branch",
        )


def _first_level_equals_second(lines: list[LineItem]) -> Iterable[Check]:
    children: dict[tuple[str, str, str], list[LineItem]] = defaultdict(list)
    for line in lines:
        if line.level == 2:
            children[(line.work_plan_code, line.branch_number, line.object_class_code[0])].append(line)
    for line in lines:
        if line.level != 1:
            continue
        parts = children.get((line.work_plan_code, line.branch_number, line.object_class_code[0]), [])
        if not parts:
            continue  # a first-level class printed without a breakdown states nothing to add up
        yield compare(
            "first-level object class = sum of its second-level classes",
            f"{SECTION} {line.work_plan_code}/{line.branch_number}/{line.object_class_code} {line.object_class_name}",
            line.amount.value_ntd,
            sum((p.amount.value_ntd for p in parts), Decimal(0)),
            page=line.provenance.page,
        )


def _projects_equal_project_funds(branches: list[BranchPlan], projects: list[Project]) -> Iterable[Check]:
    """Named projects add up to the branch (行政經費 shared out among them) or to its 專案經費,
    where the 說明 states a 專案經費.

    The sample's complete branch 01 of 5226102200 adds up to the branch's 4,748,679 千元, not to the
    專案經費 4,714,855 its 說明 states, so the branch amount is the default target.
    """
    by_branch: dict[tuple[str, str], list[Project]] = defaultdict(list)
    for project in projects:
        by_branch[(project.work_plan_code, project.branch_number)].append(project)
    for branch in branches:
        parts = by_branch.get((branch.work_plan_code, branch.number), [])
        funds = project_funds(branch.description)
        if not parts or funds is None:
            continue  # only a 說明 that states its 專案經費 promises a complete list of projects
        printed = [p for p in parts if not p.inferred and p.amount is not None]
        inferred = [p for p in parts if p.inferred and p.amount is not None]
        listed = sum((p.amount.value_ntd for p in printed if p.amount), Decimal(0))
        target, what = branch.amount.value_ntd, "分支計畫金額"
        if listed == funds.value_ntd:
            target, what = funds.value_ntd, "專案經費"
        location = f"{SECTION} {branch.work_plan_code}/{branch.number} {branch.name} 各計畫"
        result = compare(
            "named projects = the branch amount (or its 專案經費)",
            location,
            target,
            listed,
            page=branch.provenance.page,
            note=f"{len(printed)} projects listed; compared with {what}",
        )
        gaps = missing_numbers([int(p.number) for p in printed if p.number.isdigit()])
        if result.status == "fail" and gaps:
            gap_text = "、".join(str(n) for n in gaps)
            note = f"項次 {gap_text} 未見於說明 (轉檔缺漏)，差額 {(target - listed) / 1000:,} 千元"
            if inferred:
                note += "；推得 " + "、".join(
                    f"第{p.number}項 {p.name or '(名稱不詳)'} {p.amount.printed if p.amount else ''}千元"
                    for p in inferred
                )
            result = Check(
                result.name, location, result.printed, result.computed, "explained", result.page, note
            )
        yield result
