"""歲入來源別預算表: one RevenueItem per coded 款/項/目/節 row; the 合計 row as CrossTabCells to check."""

from __future__ import annotations

from ingest.parsers._hierarchy import read_coded_table, revenue_level, revenue_parent, total_cells
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import Record, RevenueItem
from ingest.sections import Section

TABLE = "歲入來源別預算表"


class RevenueBySourceParser(SectionParser):
    kinds = ("revenue_by_source",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        table = read_coded_table(section, revenue_level)
        records: list[Record] = list(total_cells(table, context, TABLE))
        for row in table.rows:
            unit = row.page.unit or "千元"
            amount = row.amount("amount", unit)
            if amount is None:  # a heading with no figures states nothing to record
                continue
            records.append(
                RevenueItem(
                    provenance=context.provenance(row.page, row.source, TABLE),
                    code=row.code,
                    name=row.name,
                    level=revenue_level(row.code),
                    number=row.number,
                    parent_code=revenue_parent(row.code),
                    amount=amount,
                    previous_year_amount=row.amount("previous_year_amount", unit),
                    prior_year_actual=row.amount("prior_year_actual", unit),
                    change=row.amount("change", unit),
                    current_amount=row.amount("current_amount", unit),
                    capital_amount=row.amount("capital_amount", unit),
                    note=row.note,
                )
            )
        return records
