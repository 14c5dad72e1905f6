"""Ruled tables of a budget-book page → rows of cell texts.

Budget tables rule their columns and their header bands but rarely their body rows: a body band
holds dozens of printed lines. Columns come from the vertical rulings (plus a column left of the
first and right of the last ruling when text sits there, as 款 and 說明 do); rows are rebuilt from
the printed lines:

- in a band with amounts, a line carrying an amount anchors a row; lines above it that are not the
  wrapped tail of the previous row (a 10-digit code on its own line, a name's first line) join it,
  wrapped continuation lines below it (說明 text, a long name) stay with it;
- in a band without amounts (審議 reports, 施政重點 text) a row starts wherever the first column has
  text that does not continue a wrapped first cell;
- a header band is one row per part between partial rulings, written into the body's columns.

On a spread both pages carry the whole double-width stream: rows are cut over both halves together
so that they pair row for row, and each page keeps the columns whose text it shows.

A cell's printed lines are joined with "\\n", as the Markdown reader joins a cell's paragraphs.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ingest.document import Block
from ingest.readers.pdf_pages import Glyph, Line, glyph_text, lines_of


@dataclass(frozen=True, slots=True)
class Ruling:
    vertical: bool
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class TableRegion:
    top: float
    bottom: float
    block: Block
    glyph_ids: set[int] = field(default_factory=set)


_AMOUNT = re.compile(r"^\(?-?[\d,]+(?:\.\d+)?\)?$|^-$")
# A cell starting like this begins a new item even when the line above filled its column.
_ITEM_START = re.compile(
    r"^(?:\d{10}|\(\d+\)|\[\d+\]|\d+[.、]\D|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))"
)
_CODE_ONLY = re.compile(r"^(?:\d+\.)?\d{4,10}$")
_SHORT_NUMBER = re.compile(r"^\d{1,3}$")
_MIN_COLUMN = 4.0  # pt: narrower gaps between rulings are double lines, not columns


def table_regions(
    glyphs: list[Glyph], rulings: list[Ruling], keep: tuple[float, float] | None = None
) -> list[TableRegion]:
    """Every ruled table on the page, top to bottom, with the ids of the glyphs it used.

    For a half of a spread, pass the glyphs and rulings of both halves and `keep` = the visible x
    range: rows are then cut the same way on both pages (they pair by y), and only the columns
    inside `keep` are returned.
    """
    verticals = [r for r in rulings if r.vertical and r.bottom - r.top >= 6]
    horizontals = [r for r in rulings if not r.vertical and r.x1 - r.x0 >= 6]
    regions: list[TableRegion] = []
    for top, bottom in _vertical_spans(verticals):
        xs = {round(r.x0) for r in verticals if r.top < bottom - 1 and r.bottom > top + 1}
        if len(xs) < 3:
            continue  # a page frame or a box around a paragraph, not a table
        left, right = min(xs), max(xs)
        cuts = _band_cuts(horizontals, top, bottom, left, right)
        inside = [g for g in glyphs if top - 1 <= (g.top + g.bottom) / 2 <= bottom + 1]
        if not inside:
            continue
        bands = []
        for band_top, band_bottom in itertools.pairwise(cuts):
            band_glyphs = [g for g in inside if band_top <= (g.top + g.bottom) / 2 < band_bottom]
            if band_glyphs:
                edges = _ruled_edges(horizontals, band_top, band_bottom)
                columns = _band_columns(verticals, band_top, band_bottom, band_glyphs, edges)
                bands.append((band_top, band_bottom, band_glyphs, columns))
        if not bands:
            continue
        # a header cell spanning columns lands in the first column of its span, as in the Markdown
        grid = max(bands, key=lambda band: (len(band[3]), band[1] - band[0]))[3]
        rows: list[list[str]] = []
        for index, (band_top, band_bottom, band_glyphs, columns) in enumerate(bands):
            header_like = index == 0 or band_bottom - band_top < 60
            parts = [(band_glyphs, columns, False)]
            if header_like and not _numeric_columns(_cells_of(band_glyphs, columns), len(columns)):
                parts = [
                    (part, _band_columns(verticals, a, b, part), True)
                    for a, b in itertools.pairwise(
                        _band_cuts(horizontals, band_top, band_bottom, left, right, 0.25)
                    )
                    if (part := [g for g in band_glyphs if a <= (g.top + g.bottom) / 2 < b])
                ]
            for part, part_columns, single in parts:
                # a band ruled like the body, only coarser, writes into the body's columns; a band with
                # its own layout (the 工作計畫名稱及編號 line above a plan's table) keeps its columns
                target = grid if _coarser(part_columns, grid) else part_columns
                place = [_grid_index(target, column) for column in part_columns]
                shown = _shown(target, inside, keep)
                for band_row in _band_rows(part, part_columns, single):
                    row = [""] * len(target)
                    for text, j in zip(band_row, place, strict=True):
                        row[j] = "\n".join(t for t in (row[j], text) if t)
                    # rows empty on this half are kept: the halves of a spread pair row for row
                    rows.append([row[i] for i in shown])
        column_x = [grid[i][0] for i in _shown(grid, inside, keep)]
        if rows:
            block = Block(kind="table", rows=_square(rows), column_x=column_x)
            regions.append(TableRegion(top, bottom, block, {id(g) for g in inside}))
    return regions


def _shown(
    columns: list[tuple[float, float]], glyphs: list[Glyph], keep: tuple[float, float] | None
) -> list[int]:
    """Indexes of the columns this half of a spread shows: those whose text is mostly inside `keep`.

    A column can straddle the fold (預備金 starts on the left page, its figures print on the right);
    an empty gutter column between the halves belongs to neither.
    """
    if keep is None:
        return list(range(len(columns)))
    shown = []
    for index, (left, right) in enumerate(columns):
        centres = [c for g in glyphs if left <= (c := (g.x0 + g.x1) / 2) < right]
        inside = sum(1 for c in centres if keep[0] <= c <= keep[1])
        if centres and inside * 2 > len(centres):
            shown.append(index)
    return shown


def _coarser(columns: list[tuple[float, float]], grid: list[tuple[float, float]]) -> bool:
    """True when every inner border of `columns` is also a border of `grid`."""
    borders = [b for a, b in grid[:-1]]
    return all(any(abs(b - x) <= 2 for x in borders) for a, b in columns[:-1])


def _grid_index(grid: list[tuple[float, float]], column: tuple[float, float]) -> int:
    left = column[0]
    for index, (a, b) in enumerate(grid):
        if a - 2 <= left < b - 2:
            return index
    return min(range(len(grid)), key=lambda i: abs(grid[i][0] - left))


def _vertical_spans(verticals: list[Ruling]) -> list[tuple[float, float]]:
    spans: list[list[float]] = []
    for ruling in sorted(verticals, key=lambda r: r.top):
        if spans and ruling.top <= spans[-1][1] + 2:
            spans[-1][1] = max(spans[-1][1], ruling.bottom)
        else:
            spans.append([ruling.top, ruling.bottom])
    return [(a, b) for a, b in spans]


def _band_cuts(
    horizontals: list[Ruling], top: float, bottom: float, left: float, right: float, share: float = 0.6
) -> list[float]:
    """y positions of rulings that cross `share` of the table: the borders of its row bands."""
    width = max(right - left, 1.0)
    cuts = [top, bottom]
    for ruling in horizontals:
        if (
            top - 2 <= ruling.top <= bottom + 2
            and _covered(horizontals, ruling.top, left, right) >= share * width
        ):
            cuts.append(ruling.top)
    merged: list[float] = []
    for y in sorted(cuts):
        if not merged or y - merged[-1] > 3:
            merged.append(y)
    return merged


def _covered(horizontals: list[Ruling], y: float, left: float, right: float) -> float:
    """How much of [left, right] the horizontal rulings at height y cover (pieces add up)."""
    pieces = sorted((max(r.x0, left), min(r.x1, right)) for r in horizontals if abs(r.top - y) <= 1.5)
    total, reach = 0.0, left
    for a, b in pieces:
        if b > reach:
            total += b - max(a, reach)
            reach = b
    return total


def _ruled_edges(horizontals: list[Ruling], top: float, bottom: float) -> tuple[float, float] | None:
    """How far left and right the rulings bounding a band reach."""
    bounding = [r for r in horizontals if abs(r.top - top) <= 1.5 or abs(r.top - bottom) <= 1.5]
    if not bounding:
        return None
    return min(r.x0 for r in bounding), max(r.x1 for r in bounding)


def _band_columns(
    verticals: list[Ruling],
    top: float,
    bottom: float,
    glyphs: list[Glyph],
    edges: tuple[float, float] | None = None,
) -> list[tuple[float, float]]:
    """Column intervals of a band: between rulings that cross most of it, plus text beyond the outer ones.

    With `edges` (how far the band's bounding rulings reach), the column left of the first ruling is
    kept when the band's text all lies right of the last one: a plan page that only continues the
    說明 has nothing under 分支計畫及用途別科目, 金額 or 承辦單位, and its 說明 must still land in the
    說明 column. (Bands missing only some columns, 款 on a continuation page, are placed by x.)
    """
    height = bottom - top
    # a ruling can be drawn in pieces (the 審議 report breaks its column rules part-way down the
    # page): the pieces at one x add up
    pieces: dict[float, list[Ruling]] = {}
    for r in verticals:
        pieces.setdefault(round(r.x0, 1), []).append(r)
    xs = sorted(
        x
        for x, rulings in pieces.items()
        if _spanned(rulings, top, bottom) >= 0.7 * height
        or any(r.top <= top + 2 and r.bottom >= bottom - 2 for r in rulings)
    )
    if len(xs) < 2:
        return [(min(g.x0 for g in glyphs) - 1, max(g.x1 for g in glyphs) + 1)]
    columns = [(a, b) for a, b in itertools.pairwise(xs) if b - a >= _MIN_COLUMN]
    centres = [(g.x0 + g.x1) / 2 for g in glyphs]
    if any(c < xs[0] for c in centres):
        columns.insert(0, (min(g.x0 for g in glyphs) - 1, xs[0]))
    elif edges is not None and edges[0] < xs[0] - _MIN_COLUMN and min(centres) > xs[-1]:
        columns.insert(0, (edges[0], xs[0]))
    if any(c > xs[-1] for c in centres):
        columns.append((xs[-1], max(g.x1 for g in glyphs) + 1))
    return columns


def _spanned(rulings: list[Ruling], top: float, bottom: float) -> float:
    """How much of [top, bottom] the vertical rulings cover (pieces add up, overlaps count once)."""
    total, reach = 0.0, top
    for a, b in sorted((max(r.top, top), min(r.bottom, bottom)) for r in rulings):
        if b > reach:
            total += b - max(a, reach)
            reach = b
    return total


@dataclass
class _Cells:
    """One printed line cut into columns: column index → glyphs."""

    line: Line
    cells: dict[int, list[Glyph]]

    def text(self, column: int) -> str:
        return glyph_text(self.cells.get(column, []))


def _column_of(glyph: Glyph, columns: list[tuple[float, float]]) -> int:
    centre = (glyph.x0 + glyph.x1) / 2
    for index, (left, right) in enumerate(columns):
        if left <= centre < right:
            return index
    return 0 if centre < columns[0][0] else len(columns) - 1


def _cells_of(glyphs: list[Glyph], columns: list[tuple[float, float]]) -> list[_Cells]:
    lines = []
    for line in lines_of(glyphs):
        cells: dict[int, list[Glyph]] = {}
        for glyph in line.glyphs:
            cells.setdefault(_column_of(glyph, columns), []).append(glyph)
        lines.append(_Cells(line, cells))
    return lines


def _band_rows(
    glyphs: list[Glyph], columns: list[tuple[float, float]], single: bool = False
) -> list[list[str]]:
    """The rows of one band; a header part (`single`) is one row however many lines it prints."""
    lines = _cells_of(glyphs, columns)
    numeric = _numeric_columns(lines, len(columns))
    if single:
        groups = [lines]
    elif numeric:
        groups = _group_anchored(lines, numeric, columns)
    else:
        groups = _group_by_key(lines, columns)
    rows = []
    for group in groups:
        rows.append(
            ["\n".join(t for t in (cells.text(c) for cells in group) if t) for c in range(len(columns))]
        )
    return rows


def _numeric_columns(lines: list[_Cells], count: int) -> set[int]:
    """Columns whose filled cells are mostly amounts (at least two of them)."""
    numeric = set()
    for column in range(count):
        texts = [cells.text(column) for cells in lines if column in cells.cells]
        amounts = sum(1 for t in texts if _AMOUNT.match(t))
        if amounts >= 2 and amounts >= 0.6 * len(texts):
            numeric.add(column)
    return numeric


def _wraps(previous: _Cells, line: _Cells, columns: list[tuple[float, float]]) -> bool:
    """True when every cell of `line` continues a cell of `previous` that filled its column."""
    for column, glyphs in line.cells.items():
        above = previous.cells.get(column)
        if not above:
            return False
        if _CODE_ONLY.match(glyph_text(above)):
            continue  # a code printed alone (1.3708011000): its name follows on the next line
        size = max(g.size for g in above)
        left, right = columns[column]
        filled = above[-1].x1 >= right - 1.2 * size or above[-1].x1 - above[0].x0 >= 0.6 * (right - left)
        if not filled and glyphs[0].x0 <= above[0].x0 + 0.5:
            return False  # the cell above is short and this one is not indented under it
        if above[-1].text in "。;；" or _ITEM_START.match(glyph_text(glyphs)):
            return False
    return True


def _group_anchored(
    lines: list[_Cells], numeric: set[int], columns: list[tuple[float, float]]
) -> list[list[_Cells]]:
    groups: list[list[_Cells]] = []
    pending: list[_Cells] = []
    for cells in lines:
        if not groups and not pending and _explains(cells, numeric):
            groups.append([cells])  # the 說明 of the previous page's last row runs on here
            continue
        if any(c in numeric and _AMOUNT.match(cells.text(c)) for c in cells.cells):
            if pending and _own_row(pending, cells, numeric):
                # the group row ends where the anchored item's own code line starts
                starts = [
                    i
                    for i, p in enumerate(pending)
                    if i and any(_ITEM_START.match(p.text(c)) for c in p.cells)
                ]
                cut = starts[-1] if starts else len(pending)
                groups.append(pending[:cut])
                pending = pending[cut:]
            groups.append([*pending, cells])
            pending = []
        elif not pending and groups and (_explains(cells, numeric) or _wraps(groups[-1][-1], cells, columns)):
            groups[-1].append(cells)
        else:
            pending.append(cells)
    if pending:
        if len(groups) == 1 and not any(_explains(c, numeric) for c in groups[0][:1]):
            groups[0].extend(pending)  # a band ruled round one row: everything in it is that row
        else:
            groups.append(pending)
    return groups


def _explains(line: _Cells, numeric: set[int]) -> bool:
    """Text only right of the amounts is the 說明 of the row above, however it is numbered."""
    return bool(numeric) and min(line.cells) > max(numeric)


def _own_row(pending: list[_Cells], anchor: _Cells, numeric: set[int]) -> bool:
    """A group row (7 內政部主管 above 1 內政部 3,607,996) prints its own 款/項 number: it stands alone."""

    def short_numbers(cells: _Cells) -> set[int]:
        return {c for c in cells.cells if c not in numeric and _SHORT_NUMBER.match(cells.text(c))}

    mine = set().union(*(short_numbers(cells) for cells in pending))
    theirs = short_numbers(anchor)
    return bool(mine and theirs and not mine & theirs)


def _group_by_key(lines: list[_Cells], columns: list[tuple[float, float]]) -> list[list[_Cells]]:
    key = min((c for cells in lines for c in cells.cells), default=0)
    groups: list[list[_Cells]] = []
    for cells in lines:
        starts = key in cells.cells and not (groups and _wraps(groups[-1][-1], cells, columns))
        if starts or not groups:
            groups.append([cells])
        else:
            groups[-1].append(cells)
    return groups


def _square(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]
