"""歲出計畫提要及分支計畫概況表: work plans, their branch plans, 用途別 lines and named projects.

Each work plan opens with a header row (工作計畫名稱及編號 | code name | 預算金額 | amount) that the
book repeats on every page of the plan, then 計畫內容 / 預期成果, then the branch table
(分支計畫及用途別科目 | 金額 | 承辦單位 | 說明). Column positions drift between pages (an empty extra
column appears on some), so columns are found from the header text on each page, and rows are told
apart by their codes: "01 name" a branch, "2000 業務費" a first-level and "2039 委辦費" a
second-level object class. The 承辦單位 and 說明 cells of a branch run down the rows below it and
over page breaks; they are gathered per branch and joined afterwards.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ingest.amounts import UNIT_FACTORS, Amount, AmountError, parse_cell
from ingest.document import Block, Page
from ingest.layout import squeeze
from ingest.parsers._plan_text import (
    ProjectText,
    join_fragments,
    join_with_offsets,
    missing_numbers,
    name_key,
    named_projects,
    numbered_items,
    project_funds,
    sentence_end,
    split_carried_sentence,
    tidy,
    unwrap,
)
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import BranchPlan, LineItem, ObjectClass, Project, Record, WorkPlan
from ingest.sections import Section

PLAN_HEADER = "工作計畫名稱及編號"
PLAN_CELL = re.compile(r"^(?P<code>\d{10})\s*(?P<name>\S.*)$", re.S)
CLASS_CELL = re.compile(r"^(?P<code>\d{4})\s*(?P<name>[^\d\s].*)$", re.S)
BRANCH_CELL = re.compile(r"^(?P<number>\d{2})\s*(?P<name>[^\d\s].*)$", re.S)
_CONTENTS = "計畫內容"
_RESULTS = "預期成果"
_LABEL = re.compile(rf"^\s*({_CONTENTS}|{_RESULTS})\s*[:：]?\s*")
_REPEATED_UNIT_WORD = re.compile(r"(\S{1,4}[組室處科課])\1")
# A branch name cut by a narrow column continues on the next row with nothing else on it.
_MAX_NAME_CONTINUATION = 15


@dataclass
class _Columns:
    """Where the branch table's columns are on the current page, found from its header row."""

    label: int = 0
    amount: int = 1
    units: int = 2
    note: int = 3
    # 金額, 承辦單位 and 說明 read as one cell (their lines stacked): the amount is the first line
    # and the rest, units and 說明 alike, can only be kept as 說明.
    stacked: bool = False

    @classmethod
    def from_header(cls, row: list[str]) -> _Columns:
        columns = cls()
        for index, cell in enumerate(row):
            flat = squeeze(cell)
            if flat.startswith("分支計畫"):
                columns.label = index
            elif flat.startswith("金額"):
                columns.amount = index
                if flat != "金額":
                    columns.stacked = True
                    columns.units = columns.note = -1
            elif "承辦單位" in flat:
                columns.units = index
            elif flat == "說明":
                columns.note = index
        return columns

    def amount_text(self, row: list[str]) -> tuple[str, str]:
        """The amount cell's text, and what else a stacked cell holds after it."""
        text = _cell(row, self.amount)
        if not self.stacked:
            return text, ""
        first, _newline, rest = text.strip().partition("\n")
        return (first, rest) if _is_number(first) else ("", text)


@dataclass
class _Line:
    code: str
    name: str
    amount: Amount
    page: Page
    source: str


@dataclass
class _Branch:
    number: str
    name: str
    amount: Amount
    page: Page
    source: str
    units: list[str] = field(default_factory=list)
    notes: list[tuple[Page, str]] = field(default_factory=list)
    lines: list[_Line] = field(default_factory=list)


@dataclass
class _Plan:
    code: str
    name: str
    amount: Amount
    page: Page
    source: str
    contents: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)
    branches: list[_Branch] = field(default_factory=list)
    # Which cell column held 計畫內容 / 預期成果 on the first page, for continuation pages.
    head_columns: dict[int, str] = field(default_factory=dict)
    last_field: str = _CONTENTS

    def add_head_text(self, text: str, column: int | None = None) -> None:
        match = _LABEL.match(text)
        if match:
            label = match.group(1)
            if column is not None:
                self.head_columns[column] = label
            text = text[match.end() :]
        elif column is not None and column in self.head_columns:
            label = self.head_columns[column]
        else:
            label = self.last_field
        self.last_field = label
        if text.strip():
            (self.contents if label == _CONTENTS else self.results).append(text)


class _Reader:
    """Walks a section's blocks in order, building plans, branches and lines."""

    def __init__(self) -> None:
        self.plans: list[_Plan] = []
        self.columns = _Columns()
        self.in_branches = False
        self.last_row_was_branch = False
        self.skipping = False

    @property
    def plan(self) -> _Plan | None:
        return self.plans[-1] if self.plans else None

    @property
    def branch(self) -> _Branch | None:
        plan = self.plan
        return plan.branches[-1] if plan and plan.branches else None

    def read(self, section: Section) -> list[_Plan]:
        for page, block in section.blocks():
            if block.kind == "table":
                for row in block.rows:
                    self.row(page, row)
            else:
                self.text(page, block)
        return self.plans

    def text(self, page: Page, block: Block) -> None:
        if self.plan is None or self.skipping or not block.text.strip():
            return
        if self.in_branches and self.branch is not None:
            self.branch.notes.append((page, block.text))
        else:
            # a PDF paragraph keeps its printed line breaks, which can fall before a comma (相關事宜 / ，審議)
            self.plan.add_head_text(unwrap(block.text))

    def row(self, page: Page, cells: list[str]) -> None:
        row = list(cells)  # a 說明 cell may be split between branches; the document stays as read
        flat = [squeeze(cell) for cell in row]
        if any(PLAN_HEADER in cell for cell in flat):
            self.plan_header(page, row)
        elif self.skipping:
            return
        elif any(cell.startswith("分支計畫") for cell in flat):
            self.columns = _Columns.from_header(row)
            self.in_branches = True
        elif self.plan is not None and not self.in_branches:
            for index, cell in enumerate(row):
                if cell.strip():
                    self.plan.add_head_text(cell, index)
        elif self.plan is not None:
            self.branch_row(page, row)

    def plan_header(self, page: Page, row: list[str]) -> None:
        # The heading words may share a cell with the code (PDF) or the amount: strip them first.
        cells = [tidy(cell.replace(PLAN_HEADER, "")) for cell in row]
        code_cell = next((m for cell in cells if (m := PLAN_CELL.match(cell))), None)
        if code_cell is None:
            return
        code = code_cell.group("code")
        amount = _amount_after(row, "預算金額", page.unit)
        same_amount = amount is None or (
            self.plan is not None and amount.value_ntd == self.plan.amount.value_ntd
        )
        if self.plan is not None and self.plan.code == code and same_amount:
            return  # the header repeated on a continuation page
        if any(plan.code == code for plan in self.plans):
            # An appendix repeats a plan under its code for one organisation (with that
            # organisation's amount); the combined figures of the main body came first.
            self.skipping = True
            return
        if amount is None:
            return
        self.skipping = False
        self.plans.append(
            _Plan(
                code=code,
                name=_one_line(code_cell.group("name")),
                amount=amount,
                page=page,
                source=" | ".join(c.strip() for c in row if c.strip()),
            )
        )
        self.in_branches = False
        self.last_row_was_branch = False

    def _hand_back_carried_text(self, row: list[str]) -> None:
        """Give the previous branch the end of its 說明 that the conversion merged into this row."""
        previous = self.branch
        index = self.columns.note
        if previous is None or not previous.notes or not 0 <= index < len(row):
            return
        if sentence_end(previous.notes[-1][1]):
            return
        carried, rest = split_carried_sentence(row[index])
        if carried:
            previous.notes.append((previous.notes[-1][0], carried))
            row[index] = rest

    def branch_row(self, page: Page, row: list[str]) -> None:
        assert self.plan is not None
        cols = self.columns
        label = tidy(_cell(row, cols.label))
        carried_name = ""
        lines = label.split("\n")
        coded = next((i for i, ln in enumerate(lines) if CLASS_CELL.match(ln) or BRANCH_CELL.match(ln)), 0)
        if coded > 0:
            # The tail of a wrapped branch name above landed on this row's label ("畫\n2000 業務費").
            carried_name, label = "".join(lines[:coded]), "\n".join(lines[coded:])
        amount_text, stacked_note = cols.amount_text(row)
        amount = _parse_amount(amount_text, page.unit)
        source = " | ".join(part for part in (_one_line(label), amount_text.strip()) if part)
        was_branch, self.last_row_was_branch = self.last_row_was_branch, False
        if carried_name and was_branch and self.branch is not None:
            self.branch.name += _one_line(carried_name)
        line = CLASS_CELL.match(label)
        branch = None if line else BRANCH_CELL.match(label)
        if amount is None:
            line = branch = None
        elif branch is not None:
            self._hand_back_carried_text(row)
            self.plan.branches.append(
                _Branch(
                    number=branch.group("number"),
                    name=_one_line(branch.group("name")),
                    amount=amount,
                    page=page,
                    source=source,
                )
            )
            self.last_row_was_branch = True
        elif line is not None and self.branch is not None:
            self.branch.lines.append(
                _Line(line.group("code"), _one_line(line.group("name")), amount, page, source)
            )
        current = self.branch
        if current is None:
            return
        units = _cell(row, cols.units).strip()
        if units and cols.units != cols.label:
            current.units.append(units)
        taken = {cols.label, cols.amount, cols.units}
        notes = [c for i, c in enumerate(row) if c.strip() and i >= cols.note >= 0 and i not in taken]
        if stacked_note.strip():
            notes.insert(0, stacked_note)
        if label and branch is None and line is None and amount is None:
            if was_branch and len(label) <= _MAX_NAME_CONTINUATION and not notes:
                current.name += _one_line(label)
                self.last_row_was_branch = True
                return
            notes.insert(0, _cell(row, cols.label))
        for note in notes:
            current.notes.append((page, note))


def _cell(row: list[str], index: int) -> str:
    return row[index] if 0 <= index < len(row) else ""


def _one_line(text: str) -> str:
    """A name wrapped over lines in a narrow column, as one line."""
    return re.sub(r"\s*\n\s*", "", tidy(text))


def _is_number(text: str) -> bool:
    return _parse_amount(text, "千元") is not None


def _parse_amount(text: str, unit: str) -> Amount | None:
    try:
        return parse_cell(text, unit or "千元")
    except AmountError:
        return None


def _amount_after(row: list[str], heading: str, unit: str) -> Amount | None:
    """The first number after the cell that says `heading` (預算金額), wherever the columns sit."""
    start = next((i for i, cell in enumerate(row) if heading in squeeze(cell)), None)
    if start is None:
        return None
    same_cell = squeeze(row[start]).split(heading, 1)[1]
    if same_cell:
        return _parse_amount(same_cell, unit)
    for cell in row[start + 1 :]:
        amount = _parse_amount(cell, unit)
        if amount is not None:
            return amount
    return None


def read_plan_tables(section: Section) -> list[_Plan]:
    """The work plans of a section's plan tables, with their branches and 用途別 lines, as printed
    (a plan code seen again later in the section is skipped: the first, combined figure stands)."""
    return _Reader().read(section)


class PlanSummaryParser(SectionParser):
    kinds = ("plan_summary",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        records: list[Record] = []
        classes: dict[str, ObjectClass] = {}
        title = section.title
        for plan in read_plan_tables(section):
            contents = tuple(numbered_items(plan.contents))
            records.append(
                WorkPlan(
                    provenance=context.provenance(plan.page, plan.source, title),
                    code=plan.code,
                    name=plan.name,
                    amount=plan.amount,
                    contents=contents,
                    expected_results=tidy(join_fragments(plan.results)),
                )
            )
            texts = [_BranchText.of(branch) for branch in plan.branches]
            by_branch_total = _projects_include_admin_costs(texts)
            for text in texts:
                records.extend(_branch_records(plan, text, context, title))
                inferred = _inferred_project(plan, text, contents, by_branch_total, context, title)
                if inferred is not None:
                    records.append(inferred)
                for line in text.branch.lines:
                    level = 1 if line.code.endswith("000") else 2
                    if line.code not in classes:
                        classes[line.code] = ObjectClass(
                            provenance=context.provenance(line.page, line.source, title),
                            code=line.code,
                            name=line.name,
                            level=level,
                            parent_code=line.code[0] + "000" if level == 2 else "",
                        )
        records.extend(classes[code] for code in sorted(classes))
        return records


@dataclass
class _BranchText:
    """A branch with its 說明 joined and the named projects found in it."""

    branch: _Branch
    description: str
    starts: list[int]
    projects: list[ProjectText]

    @classmethod
    def of(cls, branch: _Branch) -> _BranchText:
        description, starts = join_with_offsets([unwrap(text) for _page, text in branch.notes])
        return cls(branch, description, starts, named_projects(description))

    def page_at(self, offset: int) -> Page:
        if not self.branch.notes:
            return self.branch.page
        return self.branch.notes[max(bisect.bisect_right(self.starts, offset) - 1, 0)][0]

    @property
    def listed(self) -> Decimal:
        return sum((p.amount.value_ntd for p in self.projects), Decimal(0))


def _projects_include_admin_costs(texts: list[_BranchText]) -> bool:
    """Whether projects add up to the whole branch (行政經費 shared out) rather than to 專案經費.

    The 說明 says "專案經費 X … 行政經費 Y", but project amounts can include their share of Y; the
    branches whose numbering is complete show which, so an inferred project follows the book.
    """
    for text in texts:
        if not text.projects or missing_numbers([int(p.number) for p in text.projects]):
            continue
        if text.listed == text.branch.amount.value_ntd:
            return True
        funds = project_funds(text.description)
        if funds is not None and text.listed == funds.value_ntd:
            return False
    return True


def _branch_records(plan: _Plan, text: _BranchText, context: BookContext, title: str) -> list[Record]:
    branch = text.branch
    # A fragment the conversion repeated ("產業組" | "產業組、電子資訊") doubles a word: keep one.
    joined = _REPEATED_UNIT_WORD.sub(r"\1", "".join(branch.units))
    units = tuple(u for u in (tidy(part) for part in re.split(r"[、,，]", joined)) if u)
    records: list[Record] = [
        BranchPlan(
            provenance=context.provenance(branch.page, branch.source, title),
            work_plan_code=plan.code,
            number=branch.number,
            name=branch.name,
            amount=branch.amount,
            responsible_units=units,
            description=tidy(text.description),
        )
    ]
    for line in branch.lines:
        records.append(
            LineItem(
                provenance=context.provenance(line.page, line.source, title),
                work_plan_code=plan.code,
                branch_number=branch.number,
                object_class_code=line.code,
                object_class_name=line.name,
                level=1 if line.code.endswith("000") else 2,
                amount=line.amount,
            )
        )
    for project in text.projects:
        records.append(
            Project(
                provenance=context.provenance(text.page_at(project.start), project.source, title),
                work_plan_code=plan.code,
                branch_number=branch.number,
                number=project.number,
                name=project.name,
                amount=project.amount,
                description=project.description,
            )
        )
    return records


def _inferred_project(
    plan: _Plan,
    text: _BranchText,
    contents: tuple[str, ...],
    by_branch_total: bool,
    context: BookContext,
    title: str,
) -> Project | None:
    """The one project a numbering gap leaves out, when the branch's figures determine it."""
    gaps = missing_numbers([int(p.number) for p in text.projects])
    funds = project_funds(text.description)
    if len(gaps) != 1 or funds is None:
        return None  # without a stated 專案經費 the numbered items need not be a complete list
    if by_branch_total:
        basis, base = f"分支計畫金額{text.branch.amount.printed}千元", text.branch.amount.value_ntd
    else:
        basis, base = f"專案經費{funds.printed}", funds.value_ntd
    number = gaps[0]
    amount = Amount.of((base - text.listed) / UNIT_FACTORS["千元"], "千元")
    if amount.value_ntd <= 0:
        return None
    names = {int(p.number): p.name for p in text.projects}
    name = _name_between(contents, names.get(number - 1), names.get(number + 1))
    why = f"第{number}項未見於說明(轉檔缺漏)；金額由{basis}減其餘各項推得{amount.printed}千元"
    return Project(
        provenance=context.provenance(text.branch.page, why, title),
        work_plan_code=plan.code,
        branch_number=text.branch.number,
        number=str(number),
        name=name,
        amount=amount,
        description=why,
        inferred=True,
    )


def _name_between(contents: tuple[str, ...], before: str | None, after: str | None) -> str:
    """The 計畫內容 item printed between two known project names, if exactly one sits there."""
    keys = [name_key(item) for item in contents]
    if before is None or after is None or name_key(before) not in keys or name_key(after) not in keys:
        return ""
    first, second = keys.index(name_key(before)), keys.index(name_key(after))
    return contents[first + 1] if second - first == 2 else ""
