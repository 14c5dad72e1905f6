"""歲出按職能及經濟性綜合分類表: spending by function (rows, "11 礦業、製造業及營造業") and economic
class (columns: 經常支出 … 經常支出合計, 資本支出 … 資本支出合計, 總計), over several spreads."""

from __future__ import annotations

from ingest.parsers._plan_wide import wide_cells
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import Record
from ingest.sections import Section

TABLE = "歲出按職能及經濟性綜合分類表"
GROUPS = ("經常支出", "資本支出")


class FunctionalEconomicParser(SectionParser):
    kinds = ("functional_economic",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        return wide_cells(section, context, TABLE, GROUPS, numbered=True)
