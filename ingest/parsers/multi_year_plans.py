"""跨年期計畫概況表 → MultiYearPlan rows (amounts in the page's unit, usually 億元) and the
OfficialLetter records their 備註 cite (行政院113年1月10日院臺環字第1121047045號函核定).
"""

from __future__ import annotations

import re
from typing import ClassVar

from ingest.amounts import Amount
from ingest.letters import find_letters, to_official_letter
from ingest.parsers._annex_table import amount, cell, find, first_table, headings, split_header, unit_of
from ingest.parsers._grant_text import repair_name, repair_wrap
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import MultiYearPlan, Record
from ingest.sections import Section

TABLE = "跨年期計畫概況表"
_PERIOD = re.compile(r"(\d{2,3})\s*[-－~～]\s*(\d{2,3})")
# "編列於「測量及方域」科目1.30億元、「土地測量」科目2.79億元": every 科目 named.
_WORK_PLAN = re.compile(r"「(?P<name>[^」]+)」\s*科目")


class MultiYearPlanParser(SectionParser):
    kinds: ClassVar[tuple[str, ...]] = ("multi_year_plans",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        records: list[Record] = []
        letters_seen: set[tuple[str, str]] = set()  # one letter can approve several plans
        for page in section.pages:
            table = first_table(page)
            if table is None or page.blank:
                continue
            unit = unit_of(page) if page.unit else "億元"
            header, data = split_header(table.rows)
            columns = headings(header)
            name_at = find(columns, "計畫名稱") or 0
            period_at = find(columns, "期間")
            total_at = find(columns, "總額")
            note_at = find(columns, "備註")
            yearly_at = [
                i
                for i, h in enumerate(columns)
                if "年度" in h and i not in (name_at, period_at, total_at, note_at)
            ]
            for row in data:
                name = repair_name(cell(row, name_at))
                total = amount(cell(row, total_at), unit)
                if not name or total is None or name.replace(" ", "") in ("合計", "總計"):
                    continue
                yearly: list[tuple[str, Amount]] = []
                current = None
                for index in yearly_at:
                    value = amount(cell(row, index), unit)
                    if value is None:
                        continue
                    heading = columns[index].split()[-1]
                    yearly.append((heading, value))
                    if heading.startswith(f"{context.roc_year}年度"):
                        current = value
                period_text = cell(row, period_at)
                period = _PERIOD.search(period_text)
                # A narrow 備註 wraps inside dates and 文號 ("第11210351\n91號"): lines join without a space.
                note = repair_wrap(cell(row, note_at).replace("\n", ""))
                work_plans = dict.fromkeys(m["name"] for m in _WORK_PLAN.finditer(note))
                provenance = context.provenance(page, " | ".join(row), TABLE)
                records.append(
                    MultiYearPlan(
                        provenance=provenance,
                        name=name,
                        period=f"{period[1]}-{period[2]}" if period else period_text,
                        start_roc_year=int(period[1]) if period else None,
                        end_roc_year=int(period[2]) if period else None,
                        total_amount=total,
                        yearly_amounts=tuple(yearly),
                        amount=current,
                        note=note,
                        work_plan_name="、".join(work_plans),
                    )
                )
                for letter in find_letters(note, context.agency):
                    if (letter.issuer, letter.number) in letters_seen:
                        continue
                    letters_seen.add((letter.issuer, letter.number))
                    records.append(to_official_letter(letter, context.provenance(page, note, TABLE)))
        return records
