"""budget.g0v.tw's proposed central budget (tw{AD}ap.csv) → NationalExpenditureItem, stage 預算案.

One row per work plan (`name` 無細項) or per sub-item (`name` the 節's name, `code` still the work
plan's); amounts in 元. Where a work plan has several sub-items some years keep only one, so a 節 row
is never summed into its work plan here. twbudget prints the newer 政事別 prefix for older years too
(3102010100 where DGBAS 108 prints 3202010100): the graph matches rows on agency part + item.
"""

from __future__ import annotations

from pathlib import Path

from ingest.national.coded import join_note
from ingest.national.sheets import Sheet, TableFileError
from ingest.national.table import TWBUDGET, NationalTable, amount, year_from_name
from ingest.records import NationalExpenditureItem, TableProvenance

COLUMNS = ("year", "code", "amount", "name", "topname", "depname", "depcat", "cat", "ref", "note")
NO_SUB_ITEM = "無細項"


def is_twbudget(sheet: Sheet) -> bool:
    return bool(sheet.rows) and [c.strip() for c in sheet.rows[0][: len(COLUMNS)]] == list(COLUMNS)


def read_twbudget(path: Path, sheet: Sheet) -> NationalTable:
    if not is_twbudget(sheet):
        raise TableFileError(f"{path.name}: a CSV, but its header is not twbudget's ({','.join(COLUMNS)})")
    rows = sheet.rows[1:]
    years = {r[0] for r in rows if r and r[0].strip()}
    if len(years) > 1:
        raise TableFileError(f"{path.name}: rows of several years ({', '.join(sorted(years))}); one a file")
    ad = int(next(iter(years))) if years else None
    roc = ad - 1911 if ad else year_from_name(path)
    if roc is None:
        raise TableFileError(f"{path.name}: no year in its rows nor in its name")
    table = NationalTable(path, "twbudget", TWBUDGET, roc, "預算案")
    for index, cells in enumerate(rows, start=2):
        if len(cells) < len(COLUMNS) or not cells[1].strip():
            continue
        row = dict(zip(COLUMNS, (c.strip() for c in cells), strict=False))
        code = row["code"]
        sub_item = row["name"] and row["name"] != NO_SUB_ITEM
        agency_code = "00" + code[2:6] + "0000"
        table.records.append(
            NationalExpenditureItem(
                provenance=TableProvenance(
                    document=path.name,
                    page=None,
                    text=",".join(c for c in cells[: len(COLUMNS) - 1] if c),
                    section=TWBUDGET,
                    sheet=sheet.name,
                    row=index,
                ),
                code=code,
                name=row["name"] if sub_item else row["depcat"],
                level="節" if sub_item else "目",
                number=row["ref"].split(".")[-1] if row["ref"] else "",
                parent_code=code if sub_item else code[:6] + "0000",
                amount=amount(row["amount"], "元"),
                note=join_note([row["note"]]),
                roc_year=roc,
                stage="預算案",
                source="twbudget",
                agency_code=agency_code,
                agency_name=row["depname"],
                ministry_code="00" + code[2:4] + "000000",
                ministry_name=row["topname"],
                function_name=row["cat"],
                path=row["ref"],
            )
        )
    return table
