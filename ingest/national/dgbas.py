"""DGBAS 中央政府總預算 tables → NationalExpenditureItem / NationalRevenueItem with provenance.

歲出機關別預算表 (主管 款, agency 項, 政事別, work plan 目, 節), 歲入來源別預算表 (款 source, 項 agency, 目, 節)
and 歲出政事別預算表 (款 function, 項 agency's part, 目 work plan, 節; read for its 前年度決算數 and 合計).
The figures are 法定預算 (enacted); 前年度決算數, where printed, is the 決算 of two years back.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.national.coded import CodedRow, CodedSheet, LayoutError, read_coded_sheet, squeeze
from ingest.national.sheets import Sheet, TableFileError
from ingest.national.table import (
    DGBAS_EXPENDITURE,
    DGBAS_FUNCTION,
    DGBAS_REVENUE,
    NationalTable,
    amount,
    year_from_name,
)
from ingest.parsers._hierarchy import expenditure_level, expenditure_parent, revenue_level, revenue_parent
from ingest.records import (
    CrossTabCell,
    NationalExpenditureItem,
    NationalRevenueItem,
    Record,
    TableProvenance,
)

UNIT = "千元"
_YEAR = re.compile(r"中華民國\s*(\d{2,3})\s*年度")
_TITLES = (DGBAS_EXPENDITURE, DGBAS_REVENUE, DGBAS_FUNCTION)


def table_kind(sheet: Sheet, path: Path) -> str:
    """Which DGBAS table: the title printed in the sheet (104 on), else the file name (97–103 print none)."""
    head = "".join(squeeze(c) for row in sheet.rows[:4] for c in row)
    for title in _TITLES:
        if title in head:
            return title
    for title in _TITLES:
        if title in path.name:
            return title
    raise TableFileError(
        f"{path.name}: a spreadsheet, but neither its title nor its name says which DGBAS table it is "
        f"(supported: {', '.join(_TITLES)})"
    )


def table_year(sheet: Sheet, path: Path) -> tuple[int, str]:
    for row in sheet.rows[:6]:
        for cell in row:
            found = _YEAR.search(squeeze(cell))
            if found:
                return int(found.group(1)), "content"
    year = year_from_name(path)
    if year is None:
        raise TableFileError(f"{path.name}: no 中華民國N年度 in the sheet and no year in the file name")
    return year, "file name"


def read_dgbas(path: Path, sheets: list[Sheet]) -> NationalTable:
    sheet = sheets[0]
    kind = table_kind(sheet, path)
    year, year_from = table_year(sheet, path)
    try:
        coded = read_coded_sheet(sheet)
    except LayoutError as exc:
        raise TableFileError(f"{path.name}: {exc}") from exc
    table = NationalTable(path, "dgbas", kind, year, "法定預算", year_from=year_from)
    table.records.extend(_total_cells(coded, path, sheet, kind))
    if kind == DGBAS_REVENUE:
        table.records.extend(_revenue(coded, path, sheet, year))
    else:
        table.records.extend(_expenditure(coded, path, sheet, year, kind))
    return table


def _provenance(path: Path, sheet: Sheet, row: int, text: str, kind: str) -> TableProvenance:
    return TableProvenance(document=path.name, page=None, text=text, section=kind, sheet=sheet.name, row=row)


def _total_cells(coded: CodedSheet, path: Path, sheet: Sheet, kind: str) -> list[Record]:
    titles = {
        "amount": "本年度預算數",
        "previous_year_amount": "上年度預算數",
        "prior_year_actual": "前年度決算數",
        "change": "比較",
    }
    cells: list[Record] = []
    for total in coded.totals[:1]:
        for key, printed in total.amounts.items():
            value = amount(printed, UNIT)
            if value is not None:
                cells.append(
                    CrossTabCell(
                        provenance=_provenance(path, sheet, total.row, total.source, kind),
                        table=kind,
                        row_code="",
                        row_name="合計",
                        column=titles[key],
                        amount=value,
                        is_total=True,
                    )
                )
    return cells


def _function_level(code: str) -> str:
    """歲出政事別預算表: 款 function (3200000000), 項 an agency's part, 目 work plan, 節."""
    return revenue_level(code)


def _expenditure(coded: CodedSheet, path: Path, sheet: Sheet, year: int, kind: str) -> list[Record]:
    by_agency = kind == DGBAS_EXPENDITURE
    names: dict[str, str] = {}
    records: list[Record] = []
    function_name = ""
    ministry = ""
    for row in coded.rows:
        level = expenditure_level(row.code) if by_agency else _function_level(row.code)
        parent = expenditure_parent(row.code) if by_agency else revenue_parent(row.code)
        names[row.code] = row.name
        agency_code = "00" + row.code[2:6] + "0000"
        if by_agency and level == "款":
            ministry = row.code
        elif by_agency and level == "項" and ministry:
            # 教育部主管 (0020000000) holds agencies coded 0021…: the 主管 is the 款 row above, not the code.
            parent = ministry
        ministry_code = ministry if by_agency else ""
        if (by_agency and level == "政事別") or (not by_agency and level == "款"):
            function_name = row.name
        records.append(
            NationalExpenditureItem(
                provenance=_provenance(path, sheet, row.row, row.source, kind),
                code=row.code,
                name=row.name,
                level=level,
                number=row.number,
                parent_code=parent,
                amount=amount(row.amounts.get("amount"), UNIT),
                previous_year_amount=amount(row.amounts.get("previous_year_amount"), UNIT),
                prior_year_actual=amount(row.amounts.get("prior_year_actual"), UNIT),
                change=amount(row.amounts.get("change"), UNIT),
                note=row.note,
                roc_year=year,
                stage="法定預算",
                source="dgbas",
                agency_code=agency_code if level != "款" else "",
                agency_name=names.get(agency_code, "") if by_agency and level != "款" else "",
                ministry_code=ministry_code,
                ministry_name=names.get(ministry_code, "") if by_agency else "",
                function_name=function_name if level not in {"款", "項"} or not by_agency else "",
            )
        )
    return records


def _revenue(coded: CodedSheet, path: Path, sheet: Sheet, year: int) -> list[Record]:
    records: list[Record] = []
    for row in coded.rows:
        value = amount(row.amounts.get("amount"), UNIT)
        if value is None:
            continue
        records.append(
            NationalRevenueItem(
                provenance=_provenance(path, sheet, row.row, row.source, DGBAS_REVENUE),
                code=row.code,
                name=row.name,
                level=revenue_level(row.code),
                number=row.number,
                parent_code=revenue_parent(row.code),
                amount=value,
                previous_year_amount=amount(row.amounts.get("previous_year_amount"), UNIT),
                prior_year_actual=amount(row.amounts.get("prior_year_actual"), UNIT),
                change=amount(row.amounts.get("change"), UNIT),
                note=row.note,
                roc_year=year,
                stage="法定預算",
            )
        )
    return records


__all__ = ["CodedRow", "read_dgbas"]
