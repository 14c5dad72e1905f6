"""Spreadsheets and CSVs as rows of cell text, the format sniffed from the file's first bytes.

DGBAS publishes .xls (BIFF in an OLE2 container) up to ROC 112 and .xlsx (a zip holding xl/) from 113;
twbudget publishes UTF-8 CSV. The name's suffix is never trusted (the mirror renamed some files).
Cells come back as text exactly as a reader sees them: an .xls number cell 12148055.0 is "12148055",
an .xlsx text cell keeps its "15,676,552"; full-width spaces and line breaks are kept for the readers.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


class TableFileError(Exception):
    """A national table file cannot be read: the message says what is wrong and what to do next."""


@dataclass(frozen=True)
class Sheet:
    """One worksheet (or a whole CSV): its name and its rows of cell text (row 1 = rows[0])."""

    name: str
    rows: list[list[str]]


def sniff(head: bytes) -> str:
    """ "xls", "xlsx", "csv" or "" from a file's first bytes."""
    if head.startswith(OLE2_MAGIC):
        return "xls"
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    text = head.lstrip(b"\xef\xbb\xbf")
    try:
        sample = text[:2048].decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sample's end is still UTF-8.
        if exc.start < len(text[:2048]) - 4:
            return ""
        sample = text[: exc.start].decode("utf-8")
    first = sample.splitlines()[0] if sample else ""
    return "csv" if first.count(",") >= 2 else ""


def read_sheets(path: Path) -> tuple[str, list[Sheet]]:
    """(format, sheets) of a file; TableFileError if it is none of .xls, .xlsx, .csv or is damaged."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise TableFileError(f"cannot read {path}: {exc}") from exc
    kind = sniff(head)
    try:
        if kind == "xls":
            return kind, _xls(path)
        if kind == "xlsx":
            return kind, _xlsx(path)
        if kind == "csv":
            return kind, [_csv(path)]
    except TableFileError:
        raise
    except Exception as exc:  # the spreadsheet libraries raise many types for damaged files
        raise TableFileError(
            f"{path.name}: looks like {kind} but cannot be read ({type(exc).__name__}: {exc}); "
            "the file may be truncated — fetch it again"
        ) from exc
    raise TableFileError(
        f"{path.name}: not a spreadsheet (.xls/.xlsx) nor a CSV by its content; "
        "pass a DGBAS table or a twbudget CSV"
    )


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    return str(value)


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Rows without the empty cells trailing them (the .xlsx sheets carry dozens of blank columns)."""
    out = []
    for row in rows:
        end = len(row)
        while end and not row[end - 1].strip():
            end -= 1
        out.append(row[:end])
    return out


def _xls(path: Path) -> list[Sheet]:
    import xlrd

    book = xlrd.open_workbook(str(path), on_demand=True)
    sheets = []
    for sheet in book.sheets():
        rows = [[cell_text(sheet.cell_value(r, c)) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
        sheets.append(Sheet(sheet.name, _trimmed(rows)))
    book.release_resources()
    return sheets


def _xlsx(path: Path) -> list[Sheet]:
    import openpyxl

    with open(path, "rb") as handle:
        data = handle.read()
    if (
        not zipfile.is_zipfile(io.BytesIO(data))
        or "xl/workbook.xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist()
    ):
        raise TableFileError(f"{path.name}: a zip file but not an .xlsx workbook (no xl/workbook.xml)")
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheets = []
    for sheet in book.worksheets:
        rows = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        sheets.append(Sheet(sheet.title, _trimmed(rows)))
    book.close()
    return sheets


def _csv(path: Path) -> Sheet:
    text = path.read_bytes().decode("utf-8-sig")
    return Sheet(path.stem, [row for row in csv.reader(io.StringIO(text))])
