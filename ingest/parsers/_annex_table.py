"""Column finding for the small 附屬表 tables (員額, 車輛, 房舍, 出國, 跨年期, 人事費, 宣導費).

Columns are named by their header text (a spanning group heading joined to the heading below it,
"油料費 金額"), so parsers pick columns by words, not positions; conversions and PDFs disagree
about positions.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ingest.amounts import Amount, AmountError, parse_cell, parse_number
from ingest.document import Block, Page
from ingest.layout import squeeze


def is_number(text: str) -> bool:
    try:
        return parse_number(text) is not None
    except AmountError:
        return False


def number(text: str) -> Decimal | None:
    """A cell's number ("1,234" → 1234, "-" → 0); None when blank or not a number."""
    try:
        return parse_number(text)
    except AmountError:
        return None


def amount(text: str, unit: str) -> Amount | None:
    try:
        return parse_cell(text, unit)
    except AmountError:
        return None


def count(text: str) -> int | None:
    value = number(text)
    return int(value) if value is not None else None


def first_table(page: Page | None) -> Block | None:
    if page is None:
        return None
    return next((b for b in page.blocks if b.kind == "table" and b.rows), None)


def split_header(
    rows: list[list[str]], data_starts: int | None = None
) -> tuple[list[list[str]], list[list[str]]]:
    """Header rows (up to the first row holding a number, or `data_starts`) and data rows."""
    if data_starts is None:
        data_starts = next(
            (i for i, row in enumerate(rows) if any(is_number(c) for c in row if c.strip())), len(rows)
        )
    return rows[:data_starts], rows[data_starts:]


def headings(header: list[list[str]]) -> list[str]:
    """One heading per column: each header row's text above it, spanning cells carried right."""
    width = max((len(r) for r in header), default=0)
    out = [""] * width
    for depth, row in enumerate(header):
        carried = ""
        for i in range(width):
            cell = squeeze(row[i]) if i < len(row) else ""
            lower = [squeeze(r[i]) for r in header[depth + 1 :] if i < len(r)]
            if cell:
                carried = cell
            elif carried and any(lower):
                cell = carried  # a group heading spanning the sub-columns below it
            else:
                carried = ""
            if cell and cell not in out[i]:
                out[i] = f"{out[i]} {cell}".strip()
    return out


def find(columns: list[str], *words: str, exclude: tuple[str, ...] = ()) -> int | None:
    """Index of the first column whose heading holds every word (and none of `exclude`)."""
    for index, heading in enumerate(columns):
        if all(w in heading for w in words) and not any(x in heading for x in exclude):
            return index
    return None


def cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def unit_of(*pages: Page | None) -> str:
    return next((p.unit for p in pages if p is not None and p.unit), "千元")


def strip_number(label: str) -> tuple[str, str]:
    """("一", "辦公房屋") from "一、辦公房屋", ("1", "首長宿舍") from "1 首長宿舍"."""
    match = re.match(r"^\s*([一二三四五六七八九十]+|\d+)\s*[、.．]?\s*(.*)$", label, re.S)
    if match and match.group(2):
        return match.group(1), match.group(2).strip()
    return "", label.strip()


def unmerge_header(rows: list[list[str]], vocabulary: tuple[str, ...]) -> list[list[str]]:
    """Split a first row that holds both the header and the first data row ("擬前往國\\n家或地區\\n杜拜").

    A PDF page whose header is not ruled off reaches us so. Leading lines of each cell that are (pieces
    of) known headings become a header row, joined into whole headings where they fit ("擬前往國" +
    "家或地區") and kept apart where not ("旅" | "交通費"); the remaining lines stay as the data row.
    """
    if not rows:
        return rows
    known = [squeeze(v) for v in vocabulary]

    def is_piece(text: str) -> bool:
        return bool(text) and any(text in word for word in known)

    first = rows[0]
    split = []
    for text in first:
        lines = [line for line in text.split("\n") if line.strip()]
        head = 0
        while head < len(lines) and is_piece(squeeze(lines[head])):
            head += 1
        split.append((lines[:head], lines[head:]))
    headed = [h for h, _ in split if h]
    if not headed or len(headed) * 2 < len([t for t in first if t.strip()]) or not any(d for _, d in split):
        return rows
    stacks = []
    for lines, _ in split:
        words: list[str] = []
        for line in (squeeze(x) for x in lines):
            if words and is_piece(words[-1] + line):
                words[-1] += line
            else:
                words.append(line)
        stacks.append(words)
    # One header row per heading level, aligned at the bottom so the lowest headings share the last row.
    depth = max(len(words) for words in stacks)
    header = [
        [(w[level - depth + len(w)] if level - depth + len(w) >= 0 else "") for w in stacks]
        for level in range(depth)
    ]
    return [*header, ["\n".join(data) for _, data in split], *rows[1:]]
