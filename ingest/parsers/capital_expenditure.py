"""資本支出分析表: capital spending of each budget row by kind of asset (土地 … 其他資本支出) and 合計,
printed across a spread; rows carry their printed code ("522610220 工業技術升級輔導")."""

from __future__ import annotations

from ingest.parsers._plan_wide import wide_cells
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import Record
from ingest.sections import Section

TABLE = "資本支出分析表"


class CapitalExpenditureParser(SectionParser):
    kinds = ("capital_expenditure",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        return wide_cells(section, context, TABLE)
