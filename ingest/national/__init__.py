"""The national tables (issue 11): DGBAS 中央政府總預算 tables and twbudget's proposals.

`read_national(path)` sniffs the file's content (.xls, .xlsx or .csv; never its suffix), tells a DGBAS
table by its title (or, for 97–103 which print none, by its file name) and a twbudget CSV by its header,
and returns a `NationalTable` of records of the books' own types (`ingest/records.py`:
NationalExpenditureItem ⊂ ExpenditureItem, NationalRevenueItem ⊂ RevenueItem) with `TableProvenance`
(file, sheet, row, cell text) and the stage of every figure.
"""

from __future__ import annotations

from pathlib import Path

from ingest.national.dgbas import read_dgbas
from ingest.national.sheets import TableFileError, read_sheets, sniff
from ingest.national.table import NationalTable
from ingest.national.twbudget import read_twbudget

SUFFIXES = (".xls", ".xlsx", ".csv")


def read_national(path: Path) -> NationalTable:
    """One national file → NationalTable; TableFileError (what is wrong, what to do) otherwise."""
    kind, sheets = read_sheets(Path(path))
    if not sheets:
        raise TableFileError(f"{Path(path).name}: the workbook has no sheets")
    if kind == "csv":
        return read_twbudget(Path(path), sheets[0])
    return read_dgbas(Path(path), sheets)


def is_national_file(path: Path) -> bool:
    """Whether a file looks like a national table by content (spreadsheet, or a CSV with a header)."""
    try:
        with open(path, "rb") as handle:
            return sniff(handle.read(4096)) != ""
    except OSError:
        return False


__all__ = ["NationalTable", "TableFileError", "is_national_file", "read_national"]
