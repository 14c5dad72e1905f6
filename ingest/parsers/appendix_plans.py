"""附錄: each organisation's 歲出計畫提要及分支計畫概況表 (本部, 國土測繪中心, 土地重劃工程處 …).

The appendix repeats the plan tables under the same work-plan codes as the main body, which holds
the combined figures. Its rows are therefore read as OrganisationPlanShare records, never as
WorkPlan/BranchPlan/LineItem, so nothing is counted twice. The PDF reader titles appendix pages
"附錄:" + title and puts the organisation ("附錄(二) 內政部國土測繪中心") first in the page header;
the whole appendix is one section, so its plan pages are grouped by organisation here and each
group is walked with the plan parser's table reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.amounts import Amount
from ingest.document import Page
from ingest.layout import squeeze
from ingest.parsers.base import BookContext, SectionParser
from ingest.parsers.plan_summary import _Plan, read_plan_tables
from ingest.records import OrganisationPlanShare, Record
from ingest.sections import Section

PLAN_TABLE_TITLE = "歲出計畫提要及分支計畫概況表"
_APPENDIX_LABEL = re.compile(r"^附錄\s*[(（][^)）]*[)）]\s*")


def organisation_of(page: Page) -> str:
    """The organisation an appendix page is printed for, without its 附錄(n) label."""
    return _APPENDIX_LABEL.sub("", page.header[0]).strip() if page.header else ""


def branch_name_key(name: str) -> str:
    """A branch name as a key: organisations number their branches on their own, so the appendix's
    branches are matched to the main body's by name. Dashes come as U+2014, U+2500 and ASCII."""
    return squeeze(name).replace("—", "-").replace("─", "-")


def plan_pages_by_organisation(section: Section) -> dict[str, list[Page]]:
    """The appendix's plan-table pages, per organisation in printed order."""
    groups: dict[str, list[Page]] = {}
    for page in section.pages:
        if page.title.endswith(PLAN_TABLE_TITLE) and organisation_of(page):
            groups.setdefault(organisation_of(page), []).append(page)
    return groups


class AppendixPlansParser(SectionParser):
    kinds = ("appendix",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        records: list[Record] = []
        for organisation, pages in plan_pages_by_organisation(section).items():
            title = f"附錄 {organisation} {PLAN_TABLE_TITLE}"
            for plan in read_plan_tables(Section(kind="plan_summary", title=title, pages=pages)):
                records.extend(_Shares(context, title, organisation, plan.code, plan.name).of_plan(plan))
        return records

    def unread(self, section: Section) -> list[str]:
        # Only the plan tables are read; each organisation's other appendix tables are not yet.
        titles = (page.title for page in section.pages if page.title and not page.blank)
        return sorted({t for t in titles if not t.endswith(PLAN_TABLE_TITLE)})


@dataclass(frozen=True)
class _Shares:
    """Shares of one organisation's plan table, each with its provenance."""

    context: BookContext
    title: str
    organisation: str
    code: str
    name: str

    def of_plan(self, plan: _Plan) -> list[Record]:
        found: list[Record] = [self.share(plan.page, plan.source, plan.amount)]
        for branch in plan.branches:
            named = {"branch_number": branch.number, "branch_name": branch.name}
            found.append(self.share(branch.page, branch.source, branch.amount, **named))
            found.extend(
                self.share(line.page, line.source, line.amount, object_class_code=line.code, **named)
                for line in branch.lines
            )
        return found

    def share(self, page: Page, source: str, amount: Amount, **level: str) -> OrganisationPlanShare:
        return OrganisationPlanShare(
            provenance=self.context.provenance(page, source, self.title),
            organisation=self.organisation,
            work_plan_code=self.code,
            work_plan_name=self.name,
            amount=amount,
            **level,
        )
