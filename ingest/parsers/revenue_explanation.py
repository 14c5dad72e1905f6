"""歲入項目說明提要表: one RevenueExplanation per revenue item.

Each item opens with a header row (來源子目及細目與編號 | parent code and name | -item code -name |
預算金額 | amount | 承辦單位 | units), then 一、項目內容 and 二、法令依據, then a 金額及說明 table whose
row for the item carries the calculation.

Shapes seen: a Markdown conversion gives the header as one row and the two texts as paragraphs. A
PDF gives a three-row header (units wrapped above and below the label row, names on the row below
the codes "0508010100 -0508010101"), 項目內容 and 法令依據 side by side as table rows with the
content cut into chunks per column and the legal basis in the last column, a calculation that runs
on in rows without a code, and continuation pages that repeat the header of the same item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.amounts import Amount, parse_cell
from ingest.document import Block, Page
from ingest.layout import squeeze
from ingest.parsers._hierarchy import CODE_CELL, clean_text, is_number, revenue_parent
from ingest.parsers._wrapped import continue_text, join_wrapped, reflow
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import Record, RevenueExplanation
from ingest.sections import Section

SECTION = "歲入項目說明提要表"
_CODE = re.compile(r"(?<!\d)\d{10}(?!\d)")
_DASHES = "－—–─―‐-"
_CONTENT = re.compile(r"一\s*、\s*項\s*目\s*內\s*容\s*")
_LEGAL = re.compile(r"二\s*、\s*法\s*令\s*依\s*據\s*")
_UNIT_SPLIT = re.compile(r"[、,，;；]\s*")
_ITEM_NUMBER = re.compile(r"\d{1,2}")


@dataclass
class _Item:
    page: Page
    header: str
    codes: list[tuple[str, str]]
    amount: Amount | None
    units: tuple[str, ...]
    text: list[str] = field(default_factory=list)  # 一、項目內容 … 二、法令依據 … as lines
    side_content: list[str] = field(default_factory=list)  # PDF: content lines beside the legal basis
    side_legal: list[str] = field(default_factory=list)
    calculation: str = ""
    table_names: dict[str, str] = field(default_factory=dict)  # code → name in the 金額及說明 table

    @property
    def code(self) -> str:
        return self.codes[-1][0] if self.codes else ""


@dataclass
class _State:
    items: list[_Item] = field(default_factory=list)
    mode: str = ""  # "text" | "side" | "amounts"
    calculating: bool = False  # inside the item's own 金額及說明 row and its run-on rows


class RevenueExplanationParser(SectionParser):
    kinds = ("revenue_explanation",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        state = _State()
        for page, block in section.blocks():
            if block.kind == "table":
                _read_table(state, page, block)
            elif state.items:
                for line in block.lines:
                    _read_row(state, state.items[-1], [line])
        return [_record(item, context) for item in state.items if item.codes and item.amount is not None]


def _is_header(row: list[str]) -> bool:
    labels = {squeeze(cell) for cell in row}
    return bool({"預算金額", "承辦單位"} & labels) and any(_CODE.search(cell) for cell in row)


def _read_table(state: _State, page: Page, block: Block) -> None:
    rows = block.rows
    consumed: set[int] = set()
    for index, row in enumerate(rows):
        if index in consumed:
            continue
        if _is_header(row):
            item, used = _header(page, rows, index)
            consumed |= used
            if state.items and item.code == state.items[-1].code:
                continue  # the same item continued on a new page
            state.items.append(item)
            state.mode, state.calculating = "", False
            continue
        above_header = index + 1 < len(rows) and _is_header(rows[index + 1])
        if state.items and above_header and _unit_fragment(row, rows[index + 1]) is not None:
            continue  # the units' first line, above the header row
        if state.items:
            _read_row(state, state.items[-1], row)


def _unit_column(row: list[str]) -> int | None:
    return next(
        (i + 1 for i, cell in enumerate(row) if squeeze(cell) == "承辦單位" and i + 1 < len(row)), None
    )


def _unit_fragment(row: list[str], header: list[str]) -> str | None:
    """The text of a row that holds only a wrapped piece of the header's 承辦單位 cell, else None."""
    column = _unit_column(header)
    if column is None or column >= len(row):
        return None
    others = [cell for i, cell in enumerate(row) if i != column and cell.strip()]
    return None if others else clean_text(row[column])


def _header(page: Page, rows: list[list[str]], index: int) -> tuple[_Item, set[int]]:
    """The item a header row names, and the neighbouring rows that belong to the header."""
    row = rows[index]
    used: set[int] = set()
    codes: list[tuple[str, str]] = []
    code_column: int | None = None
    for column, cell in enumerate(row):
        found = _codes_and_names(cell)
        if found:
            codes.extend(found)
            code_column = column
    units = _text_after(row, "承辦單位")
    below = rows[index + 1] if index + 1 < len(rows) else []
    if below and squeeze(below[0]).startswith(("細目", "編號")):
        used.add(index + 1)
        unit_column = _unit_column(row)
        if unit_column is not None and unit_column < len(below):
            units = join_wrapped(units, clean_text(below[unit_column]))
        if code_column is not None and code_column < len(below) and not any(name for _c, name in codes):
            names = _dash_separated(clean_text(below[code_column]))
            if len(names) == len(codes):
                codes = [(code, name) for (code, _blank), name in zip(codes, names, strict=True)]
    if index > 0:
        above = _unit_fragment(rows[index - 1], row)
        if above:
            units = join_wrapped(above, units)
            used.add(index - 1)
    item = _Item(
        page=page,
        header=" | ".join(clean_text(c) for c in row if c.strip()),
        codes=codes,
        amount=_amount_after(row, "預算金額", page.unit or "千元"),
        units=tuple(u for u in _UNIT_SPLIT.split(units) if u),
    )
    return item, used


def _codes_and_names(cell: str) -> list[tuple[str, str]]:
    """("0526100100", "行政規費收入"), ("0526100101", "審查費") from "0526100100 行政規費收入 -0526100101 - 審查費".

    A PDF prints both codes first ("0508010100 -0508010101"), their names on the line below or in
    the row below; names left blank here are filled from there.
    """
    code_lines = [line for line in cell.split("\n") if _CODE.search(line)]
    name_lines = [line for line in cell.split("\n") if line.strip() and not _CODE.search(line)]
    text = clean_text("\n".join(code_lines))
    found = list(_CODE.finditer(text))
    if not found:
        return []
    ends = [m.start() for m in found[1:]] + [len(text)]
    pairs = [
        (m.group(), text[m.end() : end].strip().strip(_DASHES).strip())
        for m, end in zip(found, ends, strict=True)
    ]
    if name_lines and not any(name for _code, name in pairs):
        names = _dash_separated(clean_text("\n".join(name_lines)))
        if len(names) == len(pairs):
            pairs = [(code, name) for (code, _blank), name in zip(pairs, names, strict=True)]
    return pairs


def _dash_separated(text: str) -> list[str]:
    return [name.strip() for name in re.split(rf"\s*[{_DASHES}]\s*", text) if name.strip()]


def _text_after(row: list[str], label: str) -> str:
    for index, cell in enumerate(row):
        if squeeze(cell) == label:
            return next((clean_text(c) for c in row[index + 1 :] if c.strip()), "")
    return ""


def _amount_after(row: list[str], label: str, unit: str) -> Amount | None:
    text = _text_after(row, label)
    return parse_cell(text, unit) if text and is_number(text) else None


def _read_row(state: _State, item: _Item, row: list[str]) -> None:
    cells = [cell for cell in row if cell.strip()]
    flat = squeeze("".join(row))
    if not cells or flat.startswith("歲入項目說明"):
        return
    joined = "\n".join(cells)
    if _CONTENT.search(joined):
        marker_cell = next(c for c in cells if _CONTENT.search(c))
        if _LEGAL.search(marker_cell):
            state.mode = "paired"  # "一、項目內容 二、法令依據" on one line: each line below holds both texts
        elif _LEGAL.search(joined):
            state.mode = "side"  # the markers in separate cells: the texts come as columns of the rows below
        else:
            state.mode = "text"
            item.text.extend(joined.split("\n"))
        return
    if flat.startswith("金額及說明") or flat.startswith("款項目節"):
        state.mode = "amounts"
        return
    code_at = next((i for i, cell in enumerate(row) if CODE_CELL.match(cell)), None)
    if code_at is not None:
        state.mode = "amounts"
        _amount_row(state, item, row, code_at)
    elif state.mode == "paired" and len(cells) == 1:
        for line in joined.split("\n"):
            _paired_line(item, line)
    elif state.mode == "side":
        last = len(row) - 1
        if row[last].strip():
            item.side_legal.append(row[last])
        item.side_content.extend(_row_lines(row[:last]))
    elif state.mode == "amounts" and state.calculating:
        item.calculation = continue_text(
            item.calculation, reflow("\n".join(c for c in cells if not is_number(c)))
        )
    elif state.mode == "text" or _LEGAL.search(joined):
        item.text.extend(joined.split("\n"))


def _paired_line(item: _Item, line: str) -> None:
    """A line holding a piece of 項目內容, a space, and a piece of 法令依據 (or only one of them).

    The split is at a space after a Chinese character or mark (not inside "MIT 微笑"), preferring the
    one before the legal basis's next item number. A line with no such space is the legal basis's
    unless its number is the content's next item and not the legal basis's.
    """
    line = line.strip()
    if not line:
        return
    spaces = [
        m.start() for m in re.finditer(r" +", line) if m.start() > 0 and not line[m.start() - 1].isascii()
    ]
    legal_next, content_next = (
        f"{len(_items(item.side_legal)) + 1}.",
        f"{len(_items(item.side_content)) + 1}.",
    )
    if spaces:
        at = next((i for i in spaces if line[i:].lstrip().startswith(legal_next)), spaces[0])
        item.side_content.append(line[:at].strip())
        item.side_legal.append(line[at:].strip())
    elif line.startswith(content_next) and not line.startswith(legal_next):
        item.side_content.append(line)
    else:
        item.side_legal.append(line)


def _items(lines: list[str]) -> list[str]:
    """The numbered item starts among lines: "1.…", "2.…"."""
    return [line for line in lines if re.match(r"\d+\s*[.．、]", line)]


def _amount_row(state: _State, item: _Item, row: list[str], code_at: int) -> None:
    """A row of the 金額及說明 table; the one with the item's own code carries the calculation."""
    match = CODE_CELL.match(row[code_at])
    assert match is not None
    code = match.group("code")
    item.table_names[code] = clean_text(match.group("rest"))
    state.calculating = code == item.code
    if state.calculating:
        words = [reflow(c) for c in row[code_at + 1 :] if c.strip() and not is_number(clean_text(c))]
        item.calculation = "\n".join(words)


def _row_lines(cells: list[str]) -> list[str]:
    """Lines of a row whose cells hold pieces of the same wrapped lines (a PDF's unruled text).

    The k-th line of every cell belongs to the k-th line of the row; an item number printed once
    beside a two-line row starts the line whose next piece begins with ".".
    """
    split = [cell.split("\n") if cell.strip() else [] for cell in cells]
    count = max((len(parts) for parts in split), default=0)
    lines = [""] * count
    for column, parts in enumerate(split):
        if (
            len(parts) == 1
            and count > 1
            and _ITEM_NUMBER.fullmatch(parts[0].strip())
            and column + 1 < len(split)
        ):
            following = split[column + 1]
            line = next((k for k, piece in enumerate(following) if piece.startswith((".", "．", "、"))), 0)
            lines[line] += parts[0].strip()
            continue
        for k, piece in enumerate(parts):
            lines[k] += piece.strip()
    return [line for line in lines if line]


def _split_text(lines: list[str]) -> tuple[str, str]:
    """一、項目內容 and 二、法令依據 from the item's text, each with its own lines kept."""
    text = "\n".join(line.strip() for line in lines if line.strip())
    legal = _LEGAL.search(text)
    content_part, legal_part = (text[: legal.start()], text[legal.end() :]) if legal else (text, "")
    content_part = _CONTENT.sub("", content_part, count=1)
    return reflow(content_part), reflow(legal_part)


def _record(item: _Item, context: BookContext) -> RevenueExplanation:
    code, name = item.codes[-1]
    name = name or item.table_names.get(code, "")
    parent = item.codes[-2][0] if len(item.codes) > 1 else revenue_parent(code)
    content, legal = _split_text(item.text)
    if item.side_content or item.side_legal:
        content = continue_text(content, reflow("\n".join(item.side_content)))
        legal = continue_text(legal, reflow("\n".join(item.side_legal)))
    assert item.amount is not None
    return RevenueExplanation(
        provenance=context.provenance(item.page, item.header, SECTION),
        code=code,
        name=name,
        parent_code=parent,
        amount=item.amount,
        content=content,
        legal_basis_text=legal,
        responsible_units=item.units,
        calculation=item.calculation,
    )
