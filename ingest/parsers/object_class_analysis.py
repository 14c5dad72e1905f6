"""歲出一級用途別科目分析表: each budget row (agency, 政事別 group, work plan) by first-level object class,
split into 經常支出 and 資本支出 with their 小計 and the 合計; printed across a spread."""

from __future__ import annotations

from ingest.parsers._plan_wide import wide_cells
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import Record
from ingest.sections import Section

TABLE = "歲出一級用途別科目分析表"
GROUPS = ("經常支出", "資本支出")


class ObjectClassAnalysisParser(SectionParser):
    kinds = ("object_class_analysis",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        return wide_cells(section, context, TABLE, GROUPS)
