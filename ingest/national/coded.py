"""The DGBAS coded tables (款/項/目/節 + 10-character code + amounts + 說明), one reader for every layout.

Three layouts are in the corpus and this reader copes with all of them by reading the header, not by
year:
- 97–103: one header row; 科目編號 and 科目名稱 in two columns; numbers as .xls numbers; a 政事別 row
  prints 999 in the 節 column;
- 104–112: a title block, then two header rows (本年度預算數 … over 款 項 目 節 名稱及編號); the code and the
  name share one cell with a line break ("0002000000\n總統府主管");
- 113–114 (.xlsx): the code sits alone on its own row above the row holding the name and the figures;
  figures are text with thousands separators; a 說明 runs down the following rows, one printed line each;
  full-width spaces pad codes and names.
Columns are found by their titles (本年度預算數, 上年度預算數, 前年度決算數, 比較, 說明, 科目編號, 科目名稱,
名稱及編號, 款 項 目 節). A row is: a code (with or without name and figures), a 合計 row, the figures of a
code printed alone on the row above, or more 說明 text for the row above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.amounts import AmountError, parse_number
from ingest.national.sheets import Sheet

# 10 characters, digits except where a classified plan prints a letter (521402C000 科學支出(機密計畫)).
CODE = re.compile(r"(?<![0-9A-Za-z])(\d{6}[0-9A-Z]{2}\d{2})(?![0-9A-Za-z])")
_SPACES = re.compile(r"[\s\u3000\x7f]+")
_NUMBERED = re.compile(r"^(?:\d{1,2}[.．、]|\(\d{1,2}\)|（\d{1,2}）|[一二三四五六七八九十]+、)")

AMOUNT_TITLES = (
    ("本年度預算數", "amount"),
    ("上年度預算數", "previous_year_amount"),
    ("前年度決算數", "prior_year_actual"),
    ("比較", "change"),
)
NUMBER_TITLES = ("款", "項", "目", "節")


class LayoutError(Exception):
    """The sheet is not a DGBAS coded table (no header naming 本年度預算數 and the code column)."""


def squeeze(text: str) -> str:
    """Cell text without any spacing (ASCII, full-width, line breaks, DEL padding)."""
    return _SPACES.sub("", text)


@dataclass
class Layout:
    """Column positions found from the header rows."""

    first_data_row: int
    amounts: dict[str, int]
    code: int
    name: int
    note: int | None
    numbers: dict[str, int]


@dataclass
class CodedRow:
    """One coded row as read: `row` is the 1-based sheet row of the code; `cells` the cell text read."""

    row: int
    code: str
    name: str = ""
    number: str = ""
    amounts: dict[str, str] = field(default_factory=dict)
    note_lines: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)

    @property
    def note(self) -> str:
        return join_note(self.note_lines)

    @property
    def source(self) -> str:
        return " | ".join(c for c in self.cells if c)


@dataclass
class TotalRow:
    row: int
    name: str
    amounts: dict[str, str]
    source: str


@dataclass
class CodedSheet:
    rows: list[CodedRow]
    totals: list[TotalRow]
    layout: Layout


def find_layout(sheet: Sheet) -> Layout:
    amounts: dict[str, int] = {}
    numbers: dict[str, int] = {}
    code = name = None
    note = None
    last_header = -1
    for index, row in enumerate(sheet.rows[:12]):
        found = False
        for col, cell in enumerate(row):
            flat = squeeze(cell)
            if not flat or len(flat) > 16:
                continue
            for title, key in AMOUNT_TITLES:
                if key not in amounts and (
                    flat == title or (title in flat and (key == "change") == ("比較" in flat))
                ):
                    amounts[key] = col
                    found = True
                    break
            if flat in ("說明",):
                note, found = col, True
            elif flat == "科目編號":
                code, found = col, True
            elif flat == "科目名稱":
                name, found = col, True
            elif flat == "名稱及編號":
                code = name = col
                found = True
            elif flat in NUMBER_TITLES and flat not in numbers:
                numbers[flat] = col
                found = True
        if found:
            last_header = index
    if "amount" not in amounts or code is None or name is None:
        raise LayoutError(f"sheet {sheet.name!r}: no header naming 本年度預算數 and the code column")
    return Layout(last_header + 1, amounts, code, name, note, numbers)


def is_number(text: str) -> bool:
    try:
        return parse_number(text) is not None
    except AmountError:
        return False


def join_note(lines: list[str]) -> str:
    """The 說明 as one text: printed lines joined, a numbered item (1. (1) 一、) on a line of its own."""
    out = ""
    for raw in lines:
        for line in raw.replace("\r", "").split("\n"):
            text = line.strip(" \u3000\x7f\t")
            if not text:
                continue
            if out and _NUMBERED.match(text):
                out += "\n" + text
            else:
                out += text
    return out


def read_coded_sheet(sheet: Sheet) -> CodedSheet:
    layout = find_layout(sheet)
    rows: list[CodedRow] = []
    totals: list[TotalRow] = []
    name_col, code_col = layout.name, layout.code
    for index in range(layout.first_data_row, len(sheet.rows)):
        cells = sheet.rows[index]

        def at(col: int | None, cells: list[str] = cells) -> str:
            return cells[col] if col is not None and col < len(cells) else ""

        code_text = at(code_col)
        match = CODE.search(squeeze(code_text))
        name_text = at(name_col)
        if code_col == name_col and match:
            name_text = CODE.sub("", squeeze(name_text), count=1)
        name = squeeze(name_text)
        values = {key: squeeze(at(col)) for key, col in layout.amounts.items() if squeeze(at(col))}
        values = {key: v for key, v in values.items() if is_number(v)}
        note = at(layout.note)
        number = ""
        for title in NUMBER_TITLES:
            text = squeeze(at(layout.numbers.get(title)))
            if text and text != "999" and text.isdigit():
                number = text
        texts = [c.strip() for c in cells if c.strip()]
        if not texts:
            continue
        if match:
            rows.append(
                CodedRow(
                    index + 1, match.group(1), name, number, values, [note] if note.strip() else [], texts
                )
            )
            continue
        if name in {"合計", "總計"}:
            totals.append(TotalRow(index + 1, name, values, " | ".join(texts)))
            continue
        if not rows:
            continue
        last = rows[-1]
        if (name or values) and not last.name and not last.amounts:
            # 113–114: the code stood alone on the row above; this row holds its name and figures.
            last.name, last.amounts = name, values
            last.number = number or last.number
            if note.strip():
                last.note_lines.append(note)
            last.cells += texts
        elif not values:
            # A name wrapped onto the next row, and/or the 說明 running on.
            if name and name not in {"合計", "總計"} and not name.startswith("("):
                last.name += name
            if note.strip():
                last.note_lines.append(note)
    return CodedSheet(rows, totals, layout)
