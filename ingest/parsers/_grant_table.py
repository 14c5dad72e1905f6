"""Rows of the 補助/捐助/委辦經費分析表 spreads, with the amounts of both halves joined.

Each spread prints the names, periods, recipients and contents (and the first amount columns) on
the left page and the remaining amount columns on the right page. Right-page rows carry only
numbers, so rows pair by order: every left row that has a label and amounts takes the next right
row. Left rows without a label continue the previous row's text; labelled rows without amounts
continue the previous row's name (a work-plan name under its code, a name cut at the foot of a
page). Columns are found by header text, never by fixed index, since books differ in column sets
and conversions shift cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.amounts import Amount, AmountError, parse_cell, parse_number
from ingest.document import Block, Page
from ingest.parsers._grant_text import fold
from ingest.sections import Section

# Header words of the text columns (everything else in the lowest header row names an amount column).
_TEXT_HEADERS = ("計畫", "年度", "對象", "內容", "機關", "名稱", "代號", "說明", "備註", "用途分析")
_GROUP_ONLY = re.compile(r"^(補助|捐助|委辦)$")
# Fragments of the spanning 經常門 / 資本門 headers that conversions glue onto the column headings.
_GROUP_FRAGMENT = re.compile(r"^(?:經常門?|資本門?|門類|門|資|本|類)(?=.)")
# The first column of the capital group (資本門); every column after it is capital too.
CAPITAL_LEAVES = (
    "土地",
    "營建工程",
    "設備購置",
    "房屋建築及設備",
    "機械設備",
    "交通及運輸設備",
    "資訊軟硬體設備",
)
TOTAL_HEADING = "合計"
_KNOWN_LEAVES = (
    "用人費用", "業務費用", "人事費", "業務費", "其他", "土地", "營建工程", "設備購置", "房屋建築及設備",
    "機械設備", "交通及運輸設備", "資訊軟硬體設備", TOTAL_HEADING,
)  # fmt: skip
# A label holding several hierarchy levels in one cell is split before each level's marker.
_LEVEL_MARKER = re.compile(r"\s+(?=\d+\s*[.．]\s*對|\d{4}(?!\d)[^\d\s]|[(（]\d+[)）]|\[\d+\])")
HIERARCHY_LABEL = re.compile(r"^(?:合計|\d+[.．]|\d{4}\D|\d{10}|[(（]\d+[)）]|\[\d+\])")


@dataclass
class TableRow:
    """One logical row: its label (first cell), text cells, and amounts by column heading."""

    page: Page
    label: str
    texts: list[str]
    values: list[tuple[str, Amount]] = field(default_factory=list)  # non-total columns
    total: Amount | None = None
    paired: bool = False  # False for a continuation row (no amounts of its own)


def _is_number(text: str) -> bool:
    try:
        return parse_number(text) is not None
    except AmountError:
        return False


def _leaf(text: str) -> str:
    flat = fold(text).replace("其它", "其他")
    if flat in ("經常門", "資本門"):
        return flat  # a group printed as a single column
    while True:
        stripped = _GROUP_FRAGMENT.sub("", flat)
        if stripped == flat:
            return flat
        flat = stripped


# Words of the header cells; a short row of such words (or an empty row) above the data is header.
_HEADER_WORDS = (
    "計畫", "年度", "起訖", "內容", "對象", "機關", "預算", "經常", "資本", "人事費", "業務費", "費用",
    "其他", "其它", "合計", "補助", "捐助", "委辦", "門", "名稱", "代號", "分析",
)  # fmt: skip
_MAX_HEADER_ROWS = 8


def _is_header_row(row: list[str]) -> bool:
    cells = [fold(c) for c in row if c.strip()]
    if not cells:
        return True
    if any(_is_number(c) for c in cells) or HIERARCHY_LABEL.match(cells[0] if row[0].strip() else ""):
        return False
    if not all(len(c) <= 14 and not c.endswith("。") for c in cells):
        return False
    return any(word in c for c in cells for word in _HEADER_WORDS)


def _split_header(block: Block, *, right: bool) -> tuple[list[list[str]], list[list[str]]]:
    rows = block.rows
    count = 0
    for index, row in enumerate(rows):
        if right:
            if any(_is_number(c) for c in row if c.strip()):
                break
        elif index >= _MAX_HEADER_ROWS or not _is_header_row(row):
            break
        count = index + 1
    return rows[:count], rows[count:]


def _amount_leaves(header: list[list[str]]) -> list[str]:
    """Headings of the left page's amount columns: the lowest header row naming any, less the text headings."""
    for row in reversed(header):
        leaves = []
        for cell in row:
            flat = fold(cell)
            if not flat or any(word in flat for word in _TEXT_HEADERS) or _GROUP_ONLY.match(flat):
                continue
            leaves.append(_leaf(cell))
        if leaves:
            return leaves
    return []


def _grouped(leaves: list[str]) -> list[str]:
    """Headings with their 經常門/資本門 group ("經常門 人事費", "資本門 其他")."""
    capital = False
    out = []
    for leaf in leaves:
        if leaf.endswith("門"):
            out.append(leaf)
            capital = capital or leaf.startswith("資本")
            continue
        capital = capital or leaf in CAPITAL_LEAVES or leaf.startswith("資本")
        out.append(f"{'資本門' if capital else '經常門'} {leaf}")
    return out


def _first_table(page: Page | None) -> Block | None:
    if page is None:
        return None
    return next((b for b in page.blocks if b.kind == "table" and b.rows), None)


def _unit(section: Section) -> str:
    return next((p.unit for p in section.pages if p.unit), "千元")


def _right_columns(block: Block) -> tuple[list[str], list[list[str]]]:
    """Component headings and data rows (components then 合計 last) of a right page."""
    header, data = _split_header(block, right=True)
    data = [r for r in data if any(c.strip() for c in r)]
    width = max((len(r) for r in data), default=0)
    kept = [i for i in range(width) if any(i < len(r) and r[i].strip() for r in data)]
    rows = [[r[i] if i < len(r) else "" for i in kept] for r in data]
    lowest = header[-1] if header else []
    components = kept[:-1]
    by_position = [_leaf(lowest[i]) if i < len(lowest) else "" for i in components]
    named = [_leaf(c) for c in lowest if fold(c) and TOTAL_HEADING not in _leaf(c)]
    return (named if len(named) == len(components) else by_position), rows


def _leading_continuation(label: str) -> tuple[str, str]:
    """Split "事務補助費\n[1]補助直轄市政府" into the previous name's last line and the row's own label.

    PDF rows are cut where the next label starts, so a wrapped name's last line can sit on top of it.
    """
    if HIERARCHY_LABEL.match(fold(label)):
        return "", label
    lines = label.split("\n")
    for index in range(1, len(lines)):
        if HIERARCHY_LABEL.match(fold(lines[index])):
            return "\n".join(lines[:index]).strip(), "\n".join(lines[index:]).strip()
    return "", label


def _amount(text: str, unit: str) -> Amount:
    try:
        value = parse_cell(text, unit)
    except AmountError:
        value = None
    return value if value is not None else Amount.zero(unit)


def _scan_leaves(text: str) -> list[str]:
    """Known column headings in a run of header text ("經常門資本門合計人事費業務費其他營建工程其他")."""
    flat = fold(text).replace("其它", "其他")
    found = []
    index = 0
    while index < len(flat):
        leaf = next((w for w in _KNOWN_LEAVES if flat.startswith(w, index)), None)
        if leaf:
            found.append(leaf)
            index += len(leaf)
        else:
            index += 1
    return found


def _numeric_tail(data: list[list[str]]) -> int:
    """How many last columns hold only numbers (or "- -" runs of them) in rows that have a label."""
    rows = [r for r in data if r and r[0].strip()]
    width = min((len(r) for r in rows), default=0)
    count = 0
    for offset in range(1, width):
        column = [r[-offset].split() for r in rows]
        if any(column) and all(all(_is_number(t) for t in tokens) for tokens in column):
            count += 1
        else:
            break
    return count


@dataclass
class Columns:
    """The amount columns of one spread."""

    n_left: int  # amount columns on the left page (the last cells of its rows)
    headings: list[str]  # every non-total column, left then right
    right_rows: list[list[str]]  # right-page data rows, components then 合計
    has_total: bool


def _spread_columns(header: list[list[str]], data: list[list[str]], right_table: Block | None) -> Columns:
    left_leaves = _amount_leaves(header)
    # A header that names no left amount column (its heading printed across the fold): count them from data.
    n_left = len(left_leaves) or _numeric_tail(data)
    right_leaves: list[str] = []
    right_rows: list[list[str]] = []
    right_header: list[list[str]] = []
    if right_table is not None:
        right_header, _ = _split_header(right_table, right=True)
        right_leaves, right_rows = _right_columns(right_table)
    leaves = [*left_leaves, *right_leaves]
    wanted = n_left + len(right_leaves) - (0 if right_table is not None else 1)
    if len(left_leaves) != n_left or not all(leaves):
        text = " ".join(c for row in [*header, *right_header] for c in row)
        scanned = [leaf for leaf in _scan_leaves(text) if leaf != TOTAL_HEADING]
        if len(scanned) == wanted:
            leaves = scanned
    has_total = right_table is not None or bool(leaves and leaves[-1] == TOTAL_HEADING)
    if right_table is None and has_total:
        leaves = leaves[:-1]  # a one-page table keeps its 合計 as the last left column
    headings = _grouped([leaf or f"第{n + 1}欄" for n, leaf in enumerate(leaves)])
    # A left half whose right half is missing has no 合計 to read.
    return Columns(n_left, headings, right_rows, has_total)


def read_rows(section: Section) -> list[TableRow]:
    """Every logical row of the section's spreads, amounts joined across the fold, in book order."""
    unit = _unit(section)
    out: list[TableRow] = []
    for left, right in section.spreads():
        table = _first_table(left)
        if table is None:
            continue
        header, data = _split_header(table, right=False)
        right_table = _first_table(right)
        columns = _spread_columns(header, data, right_table)
        n_left = columns.n_left
        pending = iter(columns.right_rows) if right_table is not None else None
        for cells in data:
            label = cells[0].strip() if cells else ""
            amount_cells = cells[len(cells) - n_left :] if n_left else []
            texts = cells[1 : len(cells) - n_left] if n_left else cells[1:]
            has_amounts = (
                any(c.strip() for c in amount_cells) if n_left else bool(HIERARCHY_LABEL.match(fold(label)))
            )
            if not label or not has_amounts:
                out.append(TableRow(page=left, label=label, texts=list(texts)))
                continue
            lead, label = _leading_continuation(label)
            if lead:
                out.append(TableRow(page=left, label=lead, texts=[]))
            for part, left_values, own_texts in _levels(label, amount_cells, texts):
                right_values = next(pending, []) if pending is not None else []
                row = TableRow(page=left, label=part, texts=own_texts, paired=True)
                _set_amounts(row, [*left_values, *right_values], columns, unit)
                out.append(row)
    return out


def _levels(label: str, amount_cells: list[str], texts: list[str]) -> list[tuple[str, list[str], list[str]]]:
    """(label, left amounts, text cells) of each hierarchy level a label holds.

    One cell can hold several levels ("3.對國外之捐助 4035對外之捐助 (1)5226102200 … [1]驅動…") with their
    amounts stacked in the amount cells ("- - - -"); the text cells belong to the innermost level.
    """
    parts = _LEVEL_MARKER.split(label) if HIERARCHY_LABEL.match(fold(label)) else [label]
    if len(parts) == 1:
        return [(label, list(amount_cells), list(texts))]
    stacked = [c.split() for c in amount_cells]
    out = []
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        values = [(a[index] if len(a) == len(parts) else (a[-1] if last else "-")) for a in stacked]
        out.append((part.strip(), values, list(texts) if last else []))
    return out


def _set_amounts(row: TableRow, values: list[str], columns: Columns, unit: str) -> None:
    """The last value is the row's 合計 (when the spread prints one), the others its columns in order."""
    if not values:
        return
    components, total = (values[:-1], values[-1]) if columns.has_total else (values, None)
    headings = columns.headings
    row.total = _amount(total, unit) if total is not None else None
    row.values = [
        (headings[i] if i < len(headings) else f"第{i + 1}欄", _amount(text, unit))
        for i, text in enumerate(components)
    ]
