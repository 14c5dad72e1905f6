"""媒體政策及業務宣導費彙計表 → CrossTabCells for the coded rows (機關, 政事別, 工作計畫), each work plan's
預計執行內容 kept in its `note`.

The 預計執行內容 sits beside the row's amount or, in conversions, on a row of its own below it. Work-plan
rows carry a 目 or 節 number; the agency and 政事別 rows above them are totals (`is_total`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from ingest.amounts import Amount
from ingest.document import Page
from ingest.parsers._annex_table import amount, first_table, is_number, unit_of
from ingest.parsers._grant_text import join_wrapped, repair_wrap
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import CrossTabCell, Record
from ingest.sections import Section

TABLE = "媒體政策及業務宣導費彙計表"
_CODE_NAME = re.compile(r"^(?P<code>\d{10})\s*(?P<name>\S.*)$", re.S)
_LEVEL_NUMBER = re.compile(r"^\d{1,3}$")
_HEADER_WORDS = ("科目", "預算數", "執行內容", "名稱")


@dataclass
class _Row:
    page: Page
    cells: list[str]
    code: str
    name: str
    amount: Amount
    depth: int  # column of the 款/項/目/節 number printed before the code; -1 for none
    note: str = ""


def _coded_row(page: Page, cells: list[str], unit: str) -> _Row | None:
    at = next((i for i, c in enumerate(cells) if _CODE_NAME.match(c.strip())), None)
    if at is None:
        return None
    match = _CODE_NAME.match(cells[at].strip())
    assert match is not None
    after = [c.strip() for c in cells[at + 1 :] if c.strip()]
    value = amount(after[0], unit) if after and is_number(after[0]) else None
    if value is None:
        return None  # the 主管 row prints no amount
    depth = max((i for i, c in enumerate(cells[:at]) if _LEVEL_NUMBER.match(c.strip())), default=-1)
    note = " ".join(after[1:])
    return _Row(page, cells, match["code"], repair_wrap(match["name"]), value, depth, repair_wrap(note))


class MediaPublicityParser(SectionParser):
    kinds: ClassVar[tuple[str, ...]] = ("media_publicity",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        rows: list[_Row] = []
        for page in section.pages:
            table = first_table(page)
            if table is None or page.blank:
                continue
            for cells in table.rows:
                row = _coded_row(page, cells, unit_of(page))
                if row is not None:
                    rows.append(row)
                    continue
                words = [c.strip() for c in cells if c.strip() and not is_number(c)]
                text = " ".join(words)
                if rows and text and not any(w in text.replace(" ", "") for w in _HEADER_WORDS):
                    rows[-1].note = repair_wrap(join_wrapped(rows[-1].note, text))
        deepest = max((r.depth for r in rows), default=-1)
        return [
            CrossTabCell(
                provenance=context.provenance(row.page, " | ".join(row.cells), TABLE),
                table=TABLE,
                row_code=row.code,
                row_name=row.name,
                column="預算數",
                amount=row.amount,
                is_total=row.depth != deepest or deepest < 0,
                note=row.note,
            )
            for row in rows
        ]
