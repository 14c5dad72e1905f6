"""Rows of the coded 款/項/目/節 tables (歲入來源別預算表, 歲出機關別預算表) and what their codes mean.

Both tables print a 10-digit code before each name, the printed 款/項/目/節 number in narrow columns
to its left, four amount columns and a 說明. Conversions and PDFs disagree on where those columns
sit (a page can be shifted by one column, a 說明 can be merged into the 比較 cell, the numbers of a
row can land on the row above), so rows are read by anchoring on the code cell and reading the
cells after it in header order, never by fixed column index.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ingest.amounts import Amount, AmountError, parse_cell, parse_number
from ingest.document import Block, Page
from ingest.layout import squeeze
from ingest.parsers._wrapped import SENTENCE_END, continue_text, join_wrapped, one_line, reflow
from ingest.parsers.base import BookContext
from ingest.records import CrossTabCell
from ingest.sections import Section

CODE_CELL = re.compile(r"^\s*[-－—–─]?\s*(?P<code>\d{10})(?:\s+|$)(?P<rest>.*)$", re.S)
ROW_NUMBER = re.compile(r"^\d{1,4}$")
_DASHES = "－—–─―‐-"  # ASCII hyphen last: literal inside a character class
_NUMBER_THEN_TEXT = re.compile(
    rf"^(?P<num>[{_DASHES}]|-?\d{{1,3}}(?:,\d{{3}})+|-?\d+)\s+(?P<text>\S.*)$", re.S
)
_DASH_THEN_TEXT = re.compile(rf"^[{_DASHES}]\s*(?P<text>[^\d\s{_DASHES}].*)$", re.S)
# Where a row's own 說明 starts (at the start, after a line break or after a finished sentence).
NOTE_OPENER = re.compile(r"(?:^|\n|。\s*)(?P<open>(?:1\s*[.．、]\s*)?(?:本年度|仍照|前年度|上年度))")
_CODE = re.compile(r"(?<!\d)\d{10}(?!\d)")
# Local books (issue 14) print 11-digit codes, agency part 3 digits (高雄市 07 02 011 05 01: 款 主管 機關 目 節),
# and set each name on the line below its code, so a PDF row's code cell opens with the name of the row above.
LOCAL_CODE_CELL = re.compile(r"^(?P<lead>[^\d]*?)\s*[-－—–─]?\s*(?P<code>\d{11})(?:\s+|$)(?P<rest>.*)$", re.S)
_LOCAL_CODE = re.compile(r"(?<!\d)\d{11}(?!\d)")

# Amount columns, by the header text that names them, in the order the books usually print them.
AMOUNT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("本年度預算數", "amount"),
    ("上年度預算數", "previous_year_amount"),
    ("前年度決算數", "prior_year_actual"),
    ("比較", "change"),
)
DEFAULT_ORDER = tuple(key for _title, key in AMOUNT_COLUMNS)
# 臺北市's 歲入預算表 / 歲出預算表 split 本年度預算數 into 合計 | 經常門 | 資本門 (issue 14); only a header row
# naming both parts adds them, so a body row 經常門合計 never does.
PART_COLUMNS: tuple[tuple[str, str], ...] = (("經常門", "current_amount"), ("資本門", "capital_amount"))
COLUMN_TITLES = {key: title for title, key in AMOUNT_COLUMNS + PART_COLUMNS}


def revenue_level(code: str) -> str:
    """款 XX00000000, 項 XXYYYY0000 (the agency), 目 …00, 節 otherwise (11 digits: 項 XXMMAAA0000)."""
    agency_end = 7 if len(code) == 11 else 6
    if set(code[2:]) == {"0"}:
        return "款"
    if set(code[agency_end:]) == {"0"}:
        return "項"
    if code[-2:] == "00":
        return "目"
    return "節"


def revenue_parent(code: str) -> str:
    level = revenue_level(code)
    agency_end = 7 if len(code) == 11 else 6
    if level == "款":
        return ""
    if level == "項":
        return code[:2] + "0" * (len(code) - 2)
    if level == "目":
        return code[:agency_end] + "0" * (len(code) - agency_end)
    return code[:-2] + "00"


def expenditure_level(code: str) -> str:
    """00XX000000 主管 (款), 00XXYY0000 agency (項), FFXXYY0000 政事別, …00 目 (work plan), else 節.

    A 政事別 code (5226100000 科學支出) shares the agency digits but leads with the function. Local
    11-digit codes have a 3-digit agency part: 00MM0000000 主管, 00MMAAA0000 agency, FFMMAAA0000 政事別.
    """
    if len(code) == 11:
        if code.startswith("00"):
            return "款" if set(code[4:]) == {"0"} else "項"
        if code[7:] == "0000":
            return "政事別"
        return "目" if code[9:] == "00" else "節"
    if code.startswith("00"):
        return "款" if code[4:] == "000000" else "項"
    if code[6:] == "0000":
        return "政事別"
    if code[8:] == "00":
        return "目"
    return "節"


def expenditure_parent(code: str) -> str:
    level = expenditure_level(code)
    if len(code) == 11:
        return {
            "款": "",
            "項": code[:4] + "0" * 7,
            "政事別": "00" + code[2:7] + "0000",
            "目": code[:7] + "0000",
        }.get(level, code[:9] + "00")
    if level == "款":
        return ""
    if level == "項":
        return code[:4] + "000000"
    if level == "政事別":
        return "00" + code[2:6] + "0000"
    if level == "目":
        return code[:6] + "0000"
    return code[:8] + "00"


@dataclass
class CodedRow:
    """One row of a coded table as read: code, name, printed number, amounts by column key, 說明."""

    page: Page
    code: str
    name: str
    numbers: list[str]
    amounts: dict[str, str] = field(default_factory=dict)
    note: str = ""
    source: str = ""
    code_column: int = 0
    number: str = ""

    def amount(self, key: str, unit: str) -> Amount | None:
        text = self.amounts.get(key)
        return parse_cell(text, unit) if text else None


@dataclass
class TotalRow:
    """A 合計 row: printed totals by column key."""

    page: Page
    name: str
    amounts: dict[str, str]
    source: str


@dataclass
class CodedTable:
    rows: list[CodedRow] = field(default_factory=list)
    totals: list[TotalRow] = field(default_factory=list)


def clean_text(text: str) -> str:
    """Cell text on one line: the reader's line breaks inside a name or number cell are wraps."""
    return one_line(text)


def is_number(text: str) -> bool:
    try:
        return parse_number(text) is not None
    except AmountError:
        return False


def header_order(rows: list[list[str]]) -> tuple[str, ...] | None:
    """The order of the amount columns as the header rows name them; None if no header is seen."""
    heads = rows[:4]
    # A PDF prints 本年度 / 預算數 on two lines, read as two rows: try each row and each pair.
    merged = [
        [a + b for a, b in zip(first, second, strict=False)] for first, second in itertools.pairwise(heads)
    ]
    for row in heads + merged:
        found: list[tuple[int, str]] = []
        for index, cell in enumerate(row):
            flat = squeeze(cell)
            for title, key in AMOUNT_COLUMNS:
                if title in flat and key not in (k for _i, k in found):
                    found.append((index, key))
        if len(found) >= 3:
            parts = [
                (i, k) for title, k in PART_COLUMNS for i, cell in enumerate(row) if squeeze(cell) == title
            ]
            if len(parts) == len(PART_COLUMNS):  # the parts never count towards finding the header
                found += parts
            ordered = tuple(key for _i, key in sorted(found))
            missing = tuple(key for key in DEFAULT_ORDER if key not in ordered)
            return ordered + missing
    return None


def _is_header_row(row: list[str]) -> bool:
    """Column titles: short cells naming columns, no figures (a 說明 row can say 本年度預算數 too)."""
    cells = [squeeze(cell) for cell in row if cell.strip()]
    if any(is_number(cell) for cell in cells) or any(len(cell) > 15 for cell in cells):
        return False
    flat = "".join(cells)
    return any(word in flat for word in ("預算數", "名稱及編號", "決算數", "科目")) or flat in {
        "款項目節",
        "款項目",
    }


def _split_values(cells: list[str], limit: int = 4) -> tuple[list[str], str]:
    """Amount cells (up to `limit`, in column order) and the 說明 from the cells after the name."""
    values: list[str] = []
    note = ""
    for raw in cells:
        text = reflow(raw)
        if not text:
            continue
        if len(values) < limit and not note:
            if is_number(text):
                values.append(text)
                continue
            merged = _NUMBER_THEN_TEXT.match(text)
            if merged and is_number(merged.group("num")):
                values.append(merged.group("num"))
                note = merged.group("text")
                continue
            dash = _DASH_THEN_TEXT.match(text)
            if dash and values:
                values.append("-")
                note = dash.group("text")
                continue
        else:
            # A dash printed before a 說明 once the 比較 column is filled is a stray rule, not a value.
            dash = _DASH_THEN_TEXT.match(text)
            if dash and not note:
                text = dash.group("text")
        note = continue_text(note, text)
    return values, note


def read_coded_table(section: Section, level_of: Callable[[str], str]) -> CodedTable:
    """Every coded row and 合計 row of a section's tables, in book order, continuations merged.

    `level_of` names a code's level (款, 項, 目, 節, 政事別); it tells which rows take numbers that a
    conversion moved up a row.
    """
    table = CodedTable()
    order: tuple[str, ...] = DEFAULT_ORDER
    local = _prints_local_codes(section)
    for page, block in section.blocks():
        if block.kind != "table":
            continue
        order = header_order(block.rows) or order
        _read_block(page, block, order, table, local)
    _assign_numbers(table.rows, level_of)
    _move_spilled_notes(table.rows)
    return table


def _prints_local_codes(section: Section) -> bool:
    """Whether the section's tables print 11-digit local codes and no 10-digit central ones."""
    cells = [cell for _page, block in section.blocks() for row in block.rows for cell in row]
    return any(_LOCAL_CODE.search(c) for c in cells) and not any(_CODE.search(c) for c in cells)


def _read_block(
    page: Page, block: Block, order: tuple[str, ...], table: CodedTable, local: bool = False
) -> None:
    code_cell = LOCAL_CODE_CELL if local else CODE_CELL
    for row in block.rows:
        if not any(cell.strip() for cell in row):
            continue
        code_at = next((i for i, cell in enumerate(row) if code_cell.match(cell)), None)
        if code_at is None:
            _read_uncoded(page, _without_wrapped_number(row, table) if local else row, order, table)
            continue
        if local:
            _give_lead_name_back(row[code_at], table)
        segments = _code_segments(row[code_at], _LOCAL_CODE if local else _CODE)
        after = row[code_at + 1 :]
        code, name = segments[-1]
        if not name and after and after[0].strip() and not is_number(clean_text(after[0])):
            name, after = clean_text(after[0]), after[1:]
        values, note = _split_values(after, len(order))
        numbers = [clean_text(c) for c in row[:code_at] if ROW_NUMBER.match(clean_text(c))]
        source = " | ".join(clean_text(c) for c in row if c.strip())
        # Two codes in one cell (主管 and agency printed one above the other): the numbers belong to the
        # first, the figures to the last.
        for index, (other_code, other_name) in enumerate(segments[:-1]):
            table.rows.append(
                CodedRow(page, other_code, other_name, numbers if index == 0 else [], {}, "", source, code_at)
            )
        if len(segments) > 1:
            numbers = []
        table.rows.append(
            CodedRow(
                page=page,
                code=code,
                name=name,
                numbers=numbers,
                amounts=dict(zip(order, values, strict=False)),
                note=note,
                source=source,
                code_column=code_at,
            )
        )


def _without_wrapped_number(row: list[str], table: CodedTable) -> list[str]:
    """A local row holding only the rest of the row above's number (00 | 3 → 003) and its name: the digits
    rejoin that number, so the name is read as the row above's and not dropped as a row of figures."""
    if not table.rows:
        return row
    previous = table.rows[-1]
    numbers = [i for i, cell in enumerate(row) if cell.strip() and is_number(clean_text(cell))]
    if not numbers or not previous.numbers or any(i >= previous.code_column for i in numbers):
        return row
    if not all(ROW_NUMBER.match(clean_text(row[i])) for i in numbers):
        return row
    previous.numbers[-1] += "".join(clean_text(row[i]) for i in numbers)
    return ["" if i in numbers else cell for i, cell in enumerate(row)]


def _give_lead_name_back(cell: str, table: CodedTable) -> None:
    """A local code cell's text above the code ("財產收入\n07020110000") is the row above's name."""
    match = LOCAL_CODE_CELL.match(cell)
    lead = clean_text(match.group("lead")).strip() if match else ""
    if lead and table.rows and not table.rows[-1].name:
        table.rows[-1].name = lead


def _code_segments(cell: str, pattern: re.Pattern[str] = _CODE) -> list[tuple[str, str]]:
    """(code, name) pairs of a code cell: "0008000000\n內政部主管\n0008010000" holds two."""
    found = list(pattern.finditer(cell))
    ends = [m.start() for m in found[1:]] + [len(cell)]
    return [
        (m.group(), clean_text(cell[m.end() : end]).strip(_DASHES).strip())
        for m, end in zip(found, ends, strict=True)
    ]


def _read_uncoded(page: Page, row: list[str], order: tuple[str, ...], table: CodedTable) -> None:
    if _is_header_row(row):
        return
    texts = [(i, clean_text(c)) for i, c in enumerate(row) if c.strip()]
    words = [(i, t) for i, t in texts if not is_number(t)]
    if words and squeeze(words[0][1]) in {"合計", "總計"}:
        values, _note = _split_values(row[words[0][0] + 1 :], len(order))
        source = " | ".join(t for _i, t in texts)
        table.totals.append(TotalRow(page, "合計", dict(zip(order, values, strict=False)), source))
        return
    if not table.rows:
        return
    previous = table.rows[-1]
    if not previous.name and not previous.amounts and words:
        # The code printed on its own line, read as a row of its own: this row holds its name and figures.
        # A 說明 beside the lone code is the row before's, cut by the page break.
        if previous.note and len(table.rows) > 1:
            table.rows[-2].note = continue_text(table.rows[-2].note, previous.note)
        name_at, previous.name = words[0]
        previous.numbers += [t for i, t in texts if i < name_at and ROW_NUMBER.match(t)]
        values, previous.note = _split_values(row[name_at + 1 :], len(order))
        previous.amounts = dict(zip(order, values, strict=False))
        previous.source = f"{previous.source} | {' | '.join(t for _i, t in texts)}"
        return
    if any(is_number(t) for _i, t in texts):
        return
    # A wrapped name or 說明 with no amounts: left of the amounts it is the name, right of them the 說明.
    for index, _text in words:
        if index <= previous.code_column:
            previous.name = join_wrapped(previous.name, clean_text(row[index]))
        else:
            previous.note = continue_text(previous.note, reflow(row[index]))


def _assign_numbers(rows: list[CodedRow], level_of: Callable[[str], str]) -> None:
    """The printed 款/項/目/節 number of each row.

    A row's own number is the rightmost number before its code; numbers left of it belong to the
    款 and 項 rows that follow without numbers (a conversion moved them up a row).
    """
    pending: list[str] = []
    for row in rows:
        if row.numbers:
            row.number = row.numbers[-1]
            pending.extend(row.numbers[:-1])
        elif pending and level_of(row.code) in {"款", "項"}:
            row.number = pending.pop(0)


def _move_spilled_notes(rows: list[CodedRow]) -> None:
    """Give back to a row the 說明 a page break carried into the next row's cell.

    A row's own 說明 opens with 本年度…, 1.本年度…, 仍照…, 前年度…; text before that opener is the
    previous row's. With no opener at all, the whole cell is the previous row's when that row's 說明
    stops mid-sentence at the foot of its page.
    """
    for previous, row in itertools.pairwise(rows):
        if not row.note:
            continue
        opener = NOTE_OPENER.search(row.note)
        if opener and opener.start("open") > 0:
            at = opener.start("open")
            spilled, row.note = row.note[:at].strip(), row.note[at:].strip()
            previous.note = continue_text(previous.note, spilled)
        elif (
            opener is None
            and row.page is not previous.page
            and previous.note
            and not previous.note.endswith(SENTENCE_END)
        ):
            previous.note, row.note = continue_text(previous.note, row.note), ""


def total_cells(table: CodedTable, context: BookContext, title: str) -> list[CrossTabCell]:
    """The printed 合計 row of a coded table as cells: a check on the rows, never an entity."""
    cells = []
    for total in table.totals:
        unit = total.page.unit or "千元"
        for key, printed in total.amounts.items():
            amount = parse_cell(printed, unit)
            if amount is not None:
                cells.append(
                    CrossTabCell(
                        provenance=context.provenance(total.page, total.source, title),
                        table=title,
                        row_code="",
                        row_name=total.name,
                        column=COLUMN_TITLES[key],
                        amount=amount,
                        is_total=True,
                    )
                )
    return cells
