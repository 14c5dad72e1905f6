"""歲出機關別預算表: one ExpenditureItem per coded row (主管, agency, 政事別 group, work plan, 節)."""

from __future__ import annotations

import dataclasses

from ingest.parsers._hierarchy import expenditure_level, expenditure_parent, read_coded_table, total_cells
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import Agency, ExpenditureItem, Record
from ingest.sections import Section

TABLE = "歲出機關別預算表"


class ExpenditureByAgencyParser(SectionParser):
    kinds = ("expenditure_by_agency",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        table = read_coded_table(section, expenditure_level)
        records: list[Record] = list(total_cells(table, context, TABLE))
        for row in table.rows:
            unit = row.page.unit or "千元"
            records.append(
                ExpenditureItem(
                    provenance=context.provenance(row.page, row.source, TABLE),
                    code=row.code,
                    name=row.name,
                    level=expenditure_level(row.code),
                    number=row.number,
                    parent_code=expenditure_parent(row.code),
                    amount=row.amount("amount", unit),
                    previous_year_amount=row.amount("previous_year_amount", unit),
                    prior_year_actual=row.amount("prior_year_actual", unit),
                    change=row.amount("change", unit),
                    current_amount=row.amount("current_amount", unit),
                    capital_amount=row.amount("capital_amount", unit),
                    note=row.note,
                )
            )
        return records

    def complete(self, records: list[Record]) -> list[Record]:
        return with_agency_code(records)


def with_agency_code(records: list[Record]) -> list[Record]:
    """Records with the Agency (named in 預算總說明) given its code and 主管 from 歲出機關別預算表.

    The statement names the agency but prints no code; the expenditure table prints the code on the
    agency's 項 row (0026100000 產業發展署) under its 主管 (0026000000 經濟部主管).
    """
    items = [r for r in records if isinstance(r, ExpenditureItem)]
    by_code = {item.code: item for item in items}
    agency_rows = [item for item in items if item.level == "項"]
    completed: list[Record] = []
    for record in records:
        if isinstance(record, Agency) and not record.code:
            row = next((i for i in agency_rows if i.name and record.name.endswith(i.name)), None)
            row = row or (agency_rows[0] if len(agency_rows) == 1 else None)
            if row is not None:
                parent = by_code.get(row.parent_code)
                record = dataclasses.replace(
                    record,
                    code=row.code,
                    parent_code=row.parent_code,
                    parent_name=parent.name if parent else record.parent_name,
                )
        completed.append(record)
    return completed
