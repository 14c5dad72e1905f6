"""補助經費分析表, 捐助經費分析表 and 委辦經費分析表 → Subsidy / Donation / Commission records.

One record per leaf row (the deepest row of its block), carrying its work plan, object class,
recipient, content, legal basis, period, 合計 and every other amount column by heading. Every row
of the table, leaves and subtotals alike, is also kept as CrossTabCells (row_code = the row's path
of printed labels, e.g. "1./4040/(2)5226102200/[4]") so reconciliation can re-add each subtotal.
"""

from __future__ import annotations

from typing import ClassVar

from ingest.parsers._grant_table import TOTAL_HEADING, read_rows
from ingest.parsers._grant_text import legal_basis
from ingest.parsers._grant_tree import (
    GROUP,
    ITEM,
    OBJECT_CLASS,
    PLAN,
    SUB_WORK_PLAN,
    WORK_PLAN,
    Node,
    build_tree,
)
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import Commission, CrossTabCell, Donation, Grant, Record, Subsidy
from ingest.sections import Section

TABLE_TITLES = {"subsidies": "補助經費分析表", "donations": "捐助經費分析表", "commissions": "委辦經費分析表"}
RECORD_CLASSES: dict[str, type[Grant]] = {
    "subsidies": Subsidy,
    "donations": Donation,
    "commissions": Commission,
}
# 用途別科目 of a subsidy by the recipient class its [n] row names.
SUBSIDY_OBJECT_CLASSES = (
    ("直轄市", "4005"),
    ("縣市", "4010"),
    ("縣(市)", "4010"),
    ("特種基金", "4030"),
)
COMMISSION_OBJECT_CLASS = "2039"


def _object_class(kind: str, node: Node, recipient_type: str) -> str:
    heading = node.ancestor(OBJECT_CLASS)
    if heading is not None:
        return heading.code
    if kind == "commissions":
        return COMMISSION_OBJECT_CLASS
    if kind == "subsidies":
        return next((code for marker, code in SUBSIDY_OBJECT_CLASSES if marker in recipient_type), "")
    return ""


def _grant(kind: str, node: Node, context: BookContext, title: str) -> Grant:
    work_plan = node.ancestor(SUB_WORK_PLAN, WORK_PLAN)
    parent = node.parent
    if node.level == ITEM and parent is not None and parent.level == PLAN:
        # 補助: "(1)智慧杆…計畫 01" names the plan, its "[1]補助直轄市政府" rows the recipient classes.
        plan_name, number, recipient_type = parent.name, parent.code or parent.number, node.name
    else:
        group = node.ancestor(GROUP)
        plan_name, number = node.name, node.number or node.code
        recipient_type = group.name if group is not None else ""
    row = node.row
    text = " ".join(part for part in (row.label, node.period, node.recipient, node.content) if part)
    assert row.total is not None  # leaves are always paired rows
    return RECORD_CLASSES[kind](
        provenance=context.provenance(row.page, text, title),
        work_plan_code=work_plan.code if work_plan is not None else "",
        work_plan_name=work_plan.name if work_plan is not None else "",
        plan_name=plan_name,
        number=number,
        object_class_code=_object_class(kind, node, recipient_type),
        recipient_type=recipient_type,
        recipient=node.recipient,
        content=node.content,
        legal_basis_text=legal_basis(node.content),
        period=node.period,
        amount=row.total,
        components=tuple(row.values),
    )


def _cells(node: Node, context: BookContext, title: str) -> list[CrossTabCell]:
    row = node.row
    provenance = context.provenance(row.page, row.label, title)
    columns = [*row.values, (TOTAL_HEADING, row.total)] if row.total is not None else list(row.values)
    return [
        CrossTabCell(
            provenance=provenance,
            table=title,
            row_code=node.path,
            row_name=node.name,
            column=heading,
            amount=amount,
            is_total=bool(node.children) or heading == TOTAL_HEADING,
        )
        for heading, amount in columns
        if amount is not None
    ]


class GrantAnalysisParser(SectionParser):
    kinds: ClassVar[tuple[str, ...]] = tuple(TABLE_TITLES)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        title = TABLE_TITLES[section.kind]
        nodes = build_tree(read_rows(section))
        records: list[Record] = []
        for node in nodes:
            if node.is_item and not node.children and node.row.total is not None:
                records.append(_grant(section.kind, node, context, title))
            records.extend(_cells(node, context, title))
        return records
