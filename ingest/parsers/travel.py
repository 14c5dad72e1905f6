"""派員出國計畫預算總表 / 類別表 and 派員赴大陸計畫預算類別表 → TravelPlan rows and 總表 CrossTabCells.

The 類別表 are spreads: name, destination, agenda, days and persons (and the first 旅費 columns) on
the left, the remaining 旅費, 合計 and 歸屬預算科目 on the right, followed there by rows of the last
three trips' history that have no left partner. A plan row ("01 …-85") takes the next right row that
has a 合計; heading rows ("一、定期會議") set the purpose type of the plans below them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from ingest.amounts import Amount
from ingest.document import Page
from ingest.layout import squeeze
from ingest.parsers._annex_table import (
    amount,
    cell,
    count,
    find,
    first_table,
    headings,
    split_header,
    unit_of,
    unmerge_header,
)
from ingest.parsers._grant_text import repair_wrap
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import CrossTabCell, Record, TravelPlan
from ingest.sections import Section

SUMMARY_TABLE = "派員出國計畫預算總表"
CATEGORIES = {"travel_abroad": "出國", "travel_mainland": "赴大陸"}
# "01 參與臺商服務團91": the number is followed by a space or a CJK character ("2025年…" is a name).
_PLAN = re.compile(r"^(?P<number>\d{2})(?:\s+|(?=[\u4e00-\u9fff]))(?P<name>\S.*)$", re.S)
# 領域代碼 ends the name: "…會議-85", "…服務團91", "…相關會議-3M".
_FIELD_CODE = re.compile(r"\s*(?:[-－—]\s*(?P<code>[0-9A-Z]{2})|(?P<digits>\d{2}))\s*$")
_HEADING = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*(?P<name>\S.*)$")
TOTAL = "合計"
# Column headings of the 類別表 (all kinds), to tell a header merged into the first data row.
HEADINGS = (
    "計畫名稱及領域代碼", "擬前往國家或地區", "擬前往地區", "擬拜會或視察機構", "擬拜會單位", "工作內容", "計畫內容",
    "主要會議議題談判重點等", "主要研習課程", "預計前往期間", "預計天數", "擬派人數", "旅費預算", "交通費", "生活費",
    "辦公費", "合計", "機票與出國手續費", "書籍學雜等費", "歸屬預算科目", "最近三次有關同一出國計畫之實際執行情形",
    "出國地點", "出國期間", "出國人數", "國外旅費", "前三年內有無赴同一機構拜會、視察", "有/無", "如有,說明其內容",
    "前三年度已派人員人數",
)  # fmt: skip
# Headings over the past trips (最近三次…實際執行情形 國外旅費), whose costs are not this plan's.
_HISTORY_WORDS = ("執行情形", "實際", "前三年", "最近")


class TravelSummaryParser(SectionParser):
    kinds: ClassVar[tuple[str, ...]] = ("travel_summary",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        records: list[Record] = []
        for page in section.pages:
            table = first_table(page)
            if table is None or page.blank:
                continue
            header, data = split_header(table.rows)
            columns = headings(header)
            money = [(i, h) for i, h in enumerate(columns) if "預算數" in h]
            for row in data:
                label = squeeze(cell(row, 0))
                if not label:
                    continue
                for index, heading in money:
                    value = amount(cell(row, index), unit_of(page))
                    if value is None:
                        continue
                    records.append(
                        CrossTabCell(
                            provenance=context.provenance(page, " | ".join(row), SUMMARY_TABLE),
                            table=SUMMARY_TABLE,
                            row_code="",
                            row_name=label,
                            column=heading,
                            amount=value,
                            is_total=label in ("合計", "總計"),
                        )
                    )
        return records


@dataclass
class _Plan:
    """A plan's left cells (continued over wrapped rows), its right cells, and where it was printed."""

    page: Page
    purpose: str
    cells: list[str]
    other: list[str]


def _wrap_join(first: str, second: str) -> str:
    """Pieces of one wrapped cell: a line break, removed (not spaced) when the record is built."""
    return f"{first}\n{second}" if first and second else first or second


def _join_cells(cells: list[str], more: list[str]) -> list[str]:
    width = max(len(cells), len(more))
    padded = [*cells, *[""] * (width - len(cells))]
    for index, text in enumerate(more):
        if text.strip():
            padded[index] = _wrap_join(padded[index], text.strip())
    return padded


def _fare_columns(names: list[str]) -> list[tuple[int, str]]:
    """旅費 columns (交通費, 生活費, 辦公費, 機票與出國手續費 …) by heading, less 合計 and past trips' costs."""
    found = []
    for index, heading in enumerate(names):
        leaf = heading.split()[-1] if heading.split() else ""
        if "費" in leaf and TOTAL not in leaf and not any(word in heading for word in _HISTORY_WORDS):
            found.append((index, leaf))
    return found


class TravelPlanParser(SectionParser):
    kinds: ClassVar[tuple[str, ...]] = tuple(CATEGORIES)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        records: list[Record] = []
        purpose = ""  # 一、定期會議 … holds for the plans below it, on later spreads too
        for left, right in section.spreads():
            left_table, right_table = first_table(left), first_table(right)
            if left_table is None:
                continue
            unit = unit_of(left, right)
            left_rows = unmerge_header(left_table.rows, HEADINGS)
            header, data = split_header(left_rows, data_starts=self._data_start(left_rows))
            columns = headings(header)
            right_rows: list[list[str]] = []
            right_columns: list[str] = []
            if right_table is not None:
                right_header, right_rows = split_header(unmerge_header(right_table.rows, HEADINGS))
                right_columns = headings(right_header)
            total_at = find(right_columns, TOTAL) if right_table is not None else find(columns, TOTAL)
            right_plans = self._right_plans(right_rows, right_columns, total_at, unit)
            plans, purpose = self._plans(left, data, right_plans, purpose)
            for plan in plans:
                records.append(self._record(section, plan, columns, right_columns, unit, context))
        return records

    @staticmethod
    def _plans(
        page: Page, data: list[list[str]], right_plans: list[list[str]], purpose: str
    ) -> tuple[list[_Plan], str]:
        """Plans of one spread (a numbered label starts one, other rows continue its cells), and the
        purpose heading in force at its end."""
        plans: list[_Plan] = []
        for row in data:
            label_lines = [line.strip() for line in cell(row, 0).split("\n") if line.strip()]
            starts = next((i for i, line in enumerate(label_lines) if _PLAN.match(line)), None)
            for line in label_lines[: starts if starts is not None else len(label_lines)]:
                if heading := _HEADING.match(squeeze(line)):
                    purpose = heading["name"]
                elif plans and starts is None:
                    plans[-1].cells[0] = _wrap_join(plans[-1].cells[0], line)
            rest = row[1:]
            if starts is None:
                if plans and any(c.strip() for c in rest):
                    plans[-1].cells = _join_cells(plans[-1].cells, ["", *rest])
                continue
            other = right_plans[len(plans)] if len(plans) < len(right_plans) else []
            label = "\n".join(label_lines[starts:])
            plans.append(_Plan(page=page, purpose=purpose, cells=[label, *rest], other=list(other)))
        return plans, purpose

    @staticmethod
    def _right_plans(
        rows: list[list[str]], columns: list[str], total_at: int | None, unit: str
    ) -> list[list[str]]:
        """Right-half rows with a 合計, one per plan; a 歸屬預算科目 wrapped onto the past-trip rows below rejoins."""
        budget_at = find(columns, "預算科目")
        plans: list[list[str]] = []
        for row in rows:
            if amount(cell(row, total_at), unit) is not None:
                plans.append(list(row))
            elif plans and budget_at is not None and cell(row, budget_at) and budget_at < len(plans[-1]):
                plans[-1][budget_at] = _wrap_join(plans[-1][budget_at], cell(row, budget_at))
        return plans

    @staticmethod
    def _data_start(rows: list[list[str]]) -> int:
        def starts_data(row: list[str]) -> bool:
            lines = [line.strip() for line in (row[0] if row else "").split("\n")]
            return any(_PLAN.match(line) or _HEADING.match(squeeze(line)) for line in lines)

        return next((i for i, r in enumerate(rows) if starts_data(r)), len(rows))

    @staticmethod
    def _record(
        section: Section,
        plan: _Plan,
        columns: list[str],
        other_columns: list[str],
        unit: str,
        context: BookContext,
    ) -> TravelPlan:
        full, names = plan.cells + plan.other, columns + other_columns
        # Wrapped lines of a narrow cell break words anywhere: join them without a space.
        label = repair_wrap(plan.cells[0].replace("\n", ""))
        match = _PLAN.match(label)
        number, name = (match["number"], match["name"]) if match else ("", label)
        field_code = ""
        if code := _FIELD_CODE.search(name):
            name, field_code = name[: code.start()], code["code"] or code["digits"]
        components: list[tuple[str, Amount]] = []
        for index, leaf in _fare_columns(names):
            value = amount(cell(full, index), unit)
            if value is not None:
                components.append((leaf, value))
        agenda_at = find(names, "議題")
        for word in ("工作內容", "計畫內容", "研習課程"):
            agenda_at = agenda_at if agenda_at is not None else find(names, word)

        def text(index: int | None) -> str:
            return repair_wrap(cell(full, index).replace("\n", ""))

        return TravelPlan(
            provenance=context.provenance(plan.page, " | ".join(plan.cells), section.title),
            category=CATEGORIES[section.kind],
            number=number,
            name=name.strip(),
            purpose_type=plan.purpose,
            destination=text(find(names, "前往", exclude=("期間", "天數"))),
            agenda=text(agenda_at),
            days=count(cell(full, find(names, "天數"))),
            persons=count(cell(full, find(names, "人數"))),
            amount=amount(cell(full, find(names, TOTAL)), unit),
            components=tuple(components),
            budget_item=text(find(names, "預算科目")),
            field_code=field_code,
        )
