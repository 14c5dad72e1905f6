"""預算總說明: the agency and its duties, its units, staffing, policy priorities, past results, prose.

The statement is numbered text (一、 top headings, (一) sub-headings, 1./1、 items, (1)/甲、 sub-items)
and tables (工作計畫 | 重要計畫項目 or 實施概況 | 實施內容 or 實施成果) that run across page breaks:
a continuation page may or may not repeat the header, and its first row carries on the cell cut at
the foot of the page before, often mid-sentence. A PDF wraps names inside their cells and across
rows ("二、民政及宗" | "教禮制業" | "務"), prints the item number in a column of its own, and can put a
page's sub-heading in the running header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.amounts import AmountError, parse_number
from ingest.document import Page
from ingest.layout import squeeze
from ingest.parsers._wrapped import continue_text, join_wrapped, one_line, reflow
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import (
    Agency,
    BudgetNarrative,
    OrgUnit,
    PastPerformance,
    Personnel,
    PolicyPriority,
    Provenance,
    Record,
)
from ingest.sections import Section

SECTION = "預算總說明"
TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+\s*、")
SUB_HEADING = re.compile(r"^[(（]\s*[一二三四五六七八九十]+\s*[)）]")
ITEM = re.compile(r"^(?P<number>\d+)\s*[.．、]\s*(?P<text>.*)$")
SUB_ITEM = re.compile(
    r"^(?:[(（]\s*(?P<number>\d+)\s*[)）]|(?P<stem>[甲乙丙丁戊己庚辛壬癸])\s*、)\s*(?P<text>.*)$"
)
# "1. 產業政策組：", "(1)綜合規劃司:", "(10)人事處:本部人事事項。" — a unit is named for what it is.
UNIT = re.compile(
    r"^(?:(?P<n1>\d+)\s*[.．、]|[(（]\s*(?P<n2>\d+)\s*[)）])\s*"
    r"(?P<name>[^：:，,。；;、]{1,20}?(?:組|室|司|處|中心|科|所|署|局|隊|館|會|站|團|院))\s*[:：]\s*(?P<rest>.*)$"
)
NAME_NUMBER = re.compile(r"^(?P<number>\d+|[一二三四五六七八九十]+)(?:\s*[、.．]\s*|\s+)(?P<name>\S.*)$")
NUMBER_CELL = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,3})$")
YEAR = re.compile(r"(\d{2,3})\s*年度")
YEAR_IN_BRACKETS = re.compile(r"[(（]\s*(\d{2,3})\s*[)）]")
# Divider pages (主要表 …) can fall inside the section's page range; they say nothing.
DIVIDERS = {"主要表", "附屬表", "附錄", "預算總說明"}


@dataclass
class _Plan:
    """A work-plan name being read; wrapped fragments are added as they come."""

    name: str
    numbered: bool


@dataclass
class _Entry:
    """A table row being built: plan, name, text, and the page it starts on."""

    page: Page
    plan: _Plan
    name: str
    text: str
    source: str
    numbered: bool


@dataclass
class _State:
    top: str = ""
    sub: str = ""
    duties: list[str] = field(default_factory=list)
    legal_basis: str = ""
    agency_page: Page | None = None
    units: list[tuple[Page, str, str, list[str]]] = field(default_factory=list)
    table: str = ""  # "policy" | "past" | "personnel" while inside such a table
    plan: _Plan | None = None
    plan_row: bool = False  # the row before held a work-plan fragment
    entries: list[tuple[str, _Entry]] = field(default_factory=list)
    narrative: dict[str, tuple[Page, list[str]]] = field(default_factory=dict)
    personnel_columns: dict[int, int] = field(default_factory=dict)  # column → ROC year
    records: list[Record] = field(default_factory=list)


class GeneralStatementParser(SectionParser):
    kinds = ("general_statement",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        state = _State()
        for page in section.pages:
            if page.blank:
                continue
            for line in page.header:  # a PDF can print the page's sub-heading in the running header
                if (TOP_HEADING.match(line) or SUB_HEADING.match(line)) and line not in (
                    state.top,
                    state.sub,
                ):
                    _line(state, page, line.strip())
            for block in page.blocks:
                if block.kind == "table":
                    _table(state, page, block.rows, context)
                else:
                    for line in block.lines:
                        _line(state, page, line.strip())
        return _records(state, context)


def _mode(state: _State) -> str:
    flat = squeeze(state.sub or state.top)
    for marker, mode in (
        ("主要職掌", "duties"),
        ("分層業務", "units"),
        ("分預算機關", "units"),
        ("組織系統", "skip"),
        ("預算員額", "skip"),
    ):
        if marker in flat:
            return mode
    return "narrative"


def _line(state: _State, page: Page, line: str) -> None:
    if not line or squeeze(line) in DIVIDERS:
        return
    heading = TOP_HEADING.match(line) or SUB_HEADING.match(line)
    if heading:
        # "(一)機關主要職掌:本部掌理全國內務行政業務。": the text after the colon is the first line under it
        colon = re.search(r"[:：]", line)
        title, rest = (line[: colon.start()], line[colon.end() :]) if colon else (line, "")
        if TOP_HEADING.match(line):
            state.top, state.sub = title.strip(), ""
        else:
            state.sub = title.strip()
        state.table, state.plan, state.plan_row = "", None, False
        if rest.strip():
            _line(state, page, rest.strip())
        return
    mode = _mode(state)
    if mode == "duties":
        _duty_line(state, page, line)
    elif mode == "units":
        _unit_line(state, page, line)
    elif mode == "narrative":
        heading_text = " ".join(part for part in (state.top, state.sub) if part)
        state.narrative.setdefault(heading_text, (page, []))[1].append(line)


def _duty_line(state: _State, page: Page, line: str) -> None:
    state.agency_page = state.agency_page or page
    item = ITEM.match(line)
    if item:
        state.duties.append(item.group("text").strip())
    elif line.startswith("依據"):
        state.legal_basis = continue_text(state.legal_basis, line)
    elif state.duties:
        state.duties[-1] = continue_text(state.duties[-1], line)
    elif state.legal_basis:
        state.legal_basis = continue_text(state.legal_basis, line)
    else:
        heading = " ".join(part for part in (state.top, state.sub) if part)
        state.narrative.setdefault(heading, (page, []))[1].append(line)


def _unit_line(state: _State, page: Page, line: str) -> None:
    unit = UNIT.match(line)
    if unit:
        duties = [unit.group("rest").strip()] if unit.group("rest").strip() else []
        number = unit.group("n1") or unit.group("n2")
        state.units.append((page, number, unit.group("name").strip(), duties))
        return
    if not state.units:
        return
    duties = state.units[-1][3]
    item = SUB_ITEM.match(line) or ITEM.match(line)
    if item:
        duties.append(item.group("text").strip())
    elif duties:
        duties[-1] = continue_text(duties[-1], line)


def _table(state: _State, page: Page, rows: list[list[str]], context: BookContext) -> None:
    for row in rows:
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        flat = squeeze("".join(cells))
        kind = ""
        if "重要計畫項目" in flat or "實施內容" in flat:
            kind = "policy"
        elif "實施成果" in flat or "實施概況" in flat:
            kind = "past"
        elif "區分" in flat and "員額" in flat:
            kind = "personnel"
        if kind and len(flat) < 40:  # a header row, repeated on every page of a PDF table
            if kind != state.table:
                state.table, state.plan = kind, None
            state.plan_row = False
            continue
        if state.table == "personnel" or (not state.table and _mode(state) == "skip"):
            state.table = "personnel"
            _personnel_row(state, page, cells, context)
        elif state.table in ("policy", "past"):
            _plan_row(state, page, cells)


def _numbered(text: str) -> tuple[str, str]:
    """("二", "海域測繪…") from "二、海域測繪…", ("1", "發展…") from "1 發展…"; ("", text) if unnumbered."""
    match = NAME_NUMBER.match(text)
    return (match.group("number"), match.group("name").strip()) if match else ("", text)


def _plan_row(state: _State, page: Page, cells: list[str]) -> None:
    first, content = cells[0], cells[-1] if len(cells) > 1 else ""
    number = ""
    if NUMBER_CELL.match(squeeze(first)):  # "2 | 六大核心戰略產業": a number moved into the plan column
        number, first = squeeze(first), ""
    names = []
    for cell in cells[1:-1]:
        if NUMBER_CELL.match(squeeze(cell)):
            number = number or squeeze(cell)
        elif cell:
            names.append(one_line(cell))
    source = " | ".join(one_line(c) for c in cells if c)
    new_plan = False
    if first:
        plan_number, plan_name = _numbered(one_line(first))
        if state.plan and state.plan_row and state.plan.numbered and not plan_number:
            # the plan's name wrapped onto this row
            state.plan.name = join_wrapped(state.plan.name, plan_name)
        else:
            state.plan, new_plan = _Plan(plan_name, bool(plan_number)), True
    state.plan_row = bool(first)
    plan = state.plan or _Plan("", False)
    name = join_wrapped(names[0], "".join(names[1:])) if names else ""
    current = state.entries[-1][1] if state.entries else None
    if name:
        own_number, name = _numbered(name)
        number = number or own_number
        if current and current.plan is plan and current.numbered and not number and not new_plan:
            current.name = join_wrapped(current.name, name)  # the item's name wrapped onto this row
            current.text = continue_text(current.text, reflow(content))
            return
        entry = _Entry(page, plan, name, reflow(content), source, bool(number))
        state.entries.append((_period_key(state), entry))
    elif current and content:
        current.text = continue_text(current.text, reflow(content))


def _period_key(state: _State) -> str:
    return state.sub if state.table == "past" else "policy"


def _personnel_row(state: _State, page: Page, cells: list[str], context: BookContext) -> None:
    years = {i: int(m.group(1)) for i, c in enumerate(cells) if (m := YEAR.fullmatch(squeeze(c)))}
    if years:
        state.personnel_columns = years
        return
    category = squeeze(cells[0])
    if not category or category in {"合計", "總計"} or not state.personnel_columns:
        return
    by_year = {year: _count(cells[i]) for i, year in state.personnel_columns.items() if i < len(cells)}
    this_year = by_year.get(context.roc_year, by_year.get(max(by_year))) if by_year else None
    if this_year is None:
        return
    state.records.append(
        Personnel(
            provenance=_provenance(context, page, " | ".join(c for c in cells if c)),
            category=category,
            count=this_year,
            previous_count=by_year.get(context.roc_year - 1),
        )
    )


def _count(text: str) -> int | None:
    try:
        value = parse_number(text)
    except AmountError:
        return None
    return int(value) if value is not None else None


def _provenance(context: BookContext, page: Page | None, text: str) -> Provenance:
    return context.provenance(page, text, SECTION)


def _records(state: _State, context: BookContext) -> list[Record]:
    records: list[Record] = []
    if state.duties or state.legal_basis:
        records.append(
            Agency(
                provenance=_provenance(context, state.agency_page, state.legal_basis or state.duties[0]),
                name=context.agency,
                duties=tuple(state.duties),
                legal_basis_text=state.legal_basis,
            )
        )
    for page, number, name, duties in state.units:
        records.append(
            OrgUnit(
                provenance=_provenance(context, page, f"{number}. {name}："),
                name=name,
                number=number,
                duties=tuple(duties),
            )
        )
    records.extend(state.records)
    for key, entry in state.entries:
        provenance = _provenance(context, entry.page, entry.source[:500])
        if key == "policy":
            records.append(
                PolicyPriority(
                    provenance=provenance,
                    work_plan_name=entry.plan.name,
                    name=entry.name,
                    content=entry.text,
                )
            )
        else:
            period, year = _period(key, context.roc_year)
            records.append(
                PastPerformance(
                    provenance=provenance,
                    period=period,
                    roc_year=year,
                    work_plan_name=entry.plan.name,
                    name=entry.name,
                    text=entry.text,
                )
            )
    for heading, (page, lines) in state.narrative.items():
        text = reflow("\n".join(lines))
        records.append(
            BudgetNarrative(provenance=_provenance(context, page, text[:500]), heading=heading, text=text)
        )
    return records


def _period(heading: str, roc_year: int) -> tuple[str, int]:
    """("上年度已過期間", 113) or ("前年度", 112) from a 以前年度計畫實施成果 sub-heading."""
    flat = squeeze(heading)
    if "上年度" in flat:
        return "上年度已過期間", roc_year - 1
    printed = YEAR_IN_BRACKETS.search(flat)
    return "前年度", int(printed.group(1)) if printed else roc_year - 2
