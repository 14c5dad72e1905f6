"""One PDF page → a `Page`: printed number, running header, title, unit, spread half and blocks.

Runs inside worker processes, so it takes a pdfplumber page and returns plain picklable data.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from ingest.document import Block, Page
from ingest.layout import BLANK_PAGE, UNIT_LINE, section_kind, squeeze, title_of_kind
from ingest.readers.pdf_numbering import PAGE_LABEL, printed_number
from ingest.readers.pdf_pages import Glyph, Line, glyph_text, glyphs_of, lines_of, spread_half, visible
from ingest.readers.pdf_tables import Ruling, TableRegion, table_regions

_YEAR = re.compile(r"中華民國\s*(\d{2,3})\s*年度")
_NEW_PARAGRAPH = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\(\s*[一二三四五六七八九十]+\s*\)|\d+[、.](?!\d)|\(\d+\)|[甲乙丙丁戊己庚辛壬癸]、)"
)
_HEADER_WORDS = {"經資門併計"}
_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
# 歲出計畫提要 prints 計畫內容： and 預期成果： side by side above their two columns of text.
_COLUMN_LABEL = re.compile(r"^[^\s:\d]{2,8}:$")
_AGENCY_NAME = re.compile(r"(?:部|署|局|處|中心|委員會|院|所|館|隊|府)(?:彙編)?$")


@dataclass
class PageRead:
    """What a worker learnt about one page: the Page, plus what the book-level pass needs."""

    page: Page
    lines: list[str] = field(default_factory=list)  # visible lines, for the 目次 and dividers
    agency: str = ""
    roc_year: int | None = None
    has_text: bool = False


def read_page(pdf_page: Any, index: int) -> PageRead:
    width, height = float(pdf_page.width), float(pdf_page.height)
    origin = (float(pdf_page.bbox[0]), float(pdf_page.bbox[1]))  # (0, 0) unless the box is offset
    everything = glyphs_of(pdf_page.chars, origin)
    glyphs = visible(everything, width, height)
    lines = lines_of(glyphs)
    texts = [line.text for line in lines]
    page = Page(index=index)
    read = PageRead(page=page, lines=texts, has_text=bool(glyphs))
    if not lines:
        return read
    foot = [line.text for line in lines if line.top > 0.85 * height][-2:]
    page.number = printed_number(texts[:2], foot)
    page.blank = any(BLANK_PAGE.match(squeeze(t)) for t in texts)
    if page.blank:
        return read
    half = spread_half(everything, width)
    if half:  # rows cut over the whole spread pair exactly with the other half's
        regions = table_regions(
            everything, _rulings(pdf_page, origin, width, height, True), keep=(0.0, width)
        )
    else:
        marks = [line for line in lines if not _is_page_mark(line, height)]
        regions = table_regions(_body_glyphs(marks), _rulings(pdf_page, origin, width, height))
    if not regions:
        half = None
    header_bottom = _header_bottom(lines, regions)
    page.half = half  # type: ignore[assignment]
    fold = width if half == "left" else 0.0
    entries = _header_entries(everything if half else glyphs, header_bottom, fold if half else None)
    read.agency, page.title, page.header = _split_header(entries)
    year = next((m for m in map(_YEAR.search, page.header) if m), None)
    read.roc_year = int(year.group(1)) if year else None
    page.unit = next((m.group(1) for m in map(UNIT_LINE.search, page.header) if m), "")
    body = [line for line in lines if line.top > header_bottom and not _is_page_mark(line, height)]
    page.blocks = _blocks(body, regions)
    return read


def _rulings(
    pdf_page: Any, origin: tuple[float, float], width: float, height: float, spread: bool = False
) -> list[Ruling]:
    """Drawn lines and stroked or hairline boxes, minus the parts a white box paints over.

    A plan page paints a white box over its 計畫內容 band after ruling the columns through it: the text
    there runs across the hidden rulings, which must not cut it into columns.
    """
    rulings: list[Ruling] = []
    masks: list[tuple[float, float, float, float]] = []
    dx, dy = origin
    for line in pdf_page.lines:
        x0, x1, top, bottom = (
            float(line[k]) - d for k, d in (("x0", dx), ("x1", dx), ("top", dy), ("bottom", dy))
        )
        rulings.append(Ruling(x1 - x0 < bottom - top, x0, x1, top, bottom))
    for rect in pdf_page.rects:
        x0, x1, top, bottom = (
            float(rect[k]) - d for k, d in (("x0", dx), ("x1", dx), ("top", dy), ("bottom", dy))
        )
        if rect.get("stroke"):
            rulings += [
                Ruling(False, x0, x1, top, top),
                Ruling(False, x0, x1, bottom, bottom),
                Ruling(True, x0, x0, top, bottom),
                Ruling(True, x1, x1, top, bottom),
            ]
        elif min(x1 - x0, bottom - top) <= 2:  # a hairline drawn as a filled box
            vertical = x1 - x0 < bottom - top
            mid = (x0 + x1) / 2 if vertical else (top + bottom) / 2
            rulings.append(
                Ruling(True, mid, mid, top, bottom) if vertical else Ruling(False, x0, x1, mid, mid)
            )
        elif rect.get("fill") and _is_white(rect.get("non_stroking_color")):
            masks.append((x0, x1, top, bottom))
    rulings = [piece for ruling in rulings for piece in _unmasked(ruling, masks)]
    if spread:
        return rulings
    kept = []
    for r in rulings:
        if r.vertical and not (0 <= r.x0 <= width):
            continue  # on the other half of a spread
        x0, x1, top, bottom = max(r.x0, 0.0), min(r.x1, width), max(r.top, 0.0), min(r.bottom, height)
        if x1 >= x0 - 0.01 and bottom >= top - 0.01:
            kept.append(Ruling(r.vertical, x0, x1, top, bottom))
    return kept


def _is_white(color: Any) -> bool:
    values = color if isinstance(color, tuple | list) else (color,)
    return bool(values) and all(isinstance(v, int | float) and v >= 0.99 for v in values) and len(values) != 4


def _unmasked(ruling: Ruling, masks: list[tuple[float, float, float, float]]) -> list[Ruling]:
    """A vertical ruling without the stretch a white box drawn over it hides (a box holding the
    whole ruling is a background, not a mask)."""
    pieces = [ruling]
    if not ruling.vertical:
        return pieces
    for x0, x1, top, bottom in masks:
        cut = []
        for piece in pieces:
            inside = x0 < piece.x0 < x1 and piece.top < bottom and piece.bottom > top
            if not inside or (piece.top >= top - 1 and piece.bottom <= bottom + 1):
                cut.append(piece)
                continue
            if piece.top < top:
                cut.append(Ruling(True, piece.x0, piece.x1, piece.top, top))
            if piece.bottom > bottom:
                cut.append(Ruling(True, piece.x0, piece.x1, bottom, piece.bottom))
        pieces = cut
    return pieces


def _body_glyphs(lines: list[Line]) -> list[Glyph]:
    return [g for line in lines for g in line.glyphs]


def _header_bottom(lines: list[Line], regions: list[TableRegion]) -> float:
    """The running header ends above the first table, or with the year line on pages without one."""
    if regions:
        return regions[0].top - 0.5
    for line in lines[:7]:
        if _YEAR.search(squeeze(line.text)):
            return line.bottom + 0.5
    return -1.0


def _is_page_mark(line: Line, height: float) -> bool:
    flat = squeeze(line.text)
    return bool(PAGE_LABEL.match(flat)) or (line.top > 0.9 * height and flat.isdigit())


def _header_entries(glyphs: list[Glyph], bottom: float, fold: float | None) -> list[str]:
    """Header lines cut at wide gaps; on a spread the halves of a word cut by the fold are rejoined."""
    entries: list[str] = []
    for line in lines_of(g for g in glyphs if g.bottom <= bottom + 1):
        if fold is None:
            parts = [glyph_text(s) for s in line.segments()]
        else:
            near = [g for g in line.glyphs if (g.x0 + g.x1) / 2 < fold]
            far = [g for g in line.glyphs if (g.x0 + g.x1) / 2 >= fold]
            near_parts = Line(line.top, line.bottom, near).segments() if near else []
            far_parts = Line(line.top, line.bottom, far).segments() if far else []
            parts = [glyph_text(s) for s in near_parts + far_parts]
            if (
                near_parts
                and far_parts
                and near_parts[-1][-1].x1 > fold - 200
                and far_parts[0][0].x0 < fold + 200
            ):  # 歲出一級用途 | 別科目分析表: one word cut by the fold, joined without the gutter
                cut = len(near_parts)
                parts[cut - 1 : cut + 1] = [parts[cut - 1] + parts[cut]]
        entries.extend(p for p in parts if p and not PAGE_LABEL.match(squeeze(p)))
    return entries


def _split_header(entries: list[str]) -> tuple[str, str, list[str]]:
    """(agency, title, header lines without the agency) from the running header's entries."""
    names = [
        flat
        for flat in map(squeeze, entries)
        if flat
        and not re.search(r"[\d:：]", flat)
        and len(flat) <= 20
        and section_kind(flat) is None
        and flat not in _HEADER_WORDS
        and not flat.startswith(("中華民國", "單位"))
    ]
    # 現有辦公房舍明細表 prints 預算員額 words before the organisation: prefer a name like an agency's
    agency = next((n for n in names if _AGENCY_NAME.search(n)), names[0] if names else "")
    header = [e for e in entries if squeeze(e) != agency]
    candidates = [
        e
        for e in header
        if not _YEAR.search(squeeze(e)) and not UNIT_LINE.search(e) and squeeze(e) not in _HEADER_WORDS
    ]
    # the title as the Markdown reader names it (各項費用彙計表(續) → 各項費用彙計表); the printed one
    # (…類別表－開會、談判) stays in the header
    kind = next((k for k in map(section_kind, candidates) if k), None)
    title = title_of_kind(kind) if kind else ""
    if not title and candidates and agency:
        title = squeeze("".join(candidates))
    return agency, title, header


def _blocks(lines: list[Line], regions: list[TableRegion]) -> list[Block]:
    """Tables where they are ruled, paragraphs from the lines around them, in reading order."""
    placed: list[tuple[float, Block]] = [(r.top, r.block) for r in regions]
    used = set().union(*(r.glyph_ids for r in regions)) if regions else set()
    run: list[Line] = []
    for line in lines:
        rest = [g for g in line.glyphs if id(g) not in used]
        if rest:
            run.append(Line(line.top, line.bottom, rest))
        else:  # a table line ends the run of text
            placed.extend(_text_blocks(run))
            run = []
    placed.extend(_text_blocks(run))
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


def _text_blocks(lines: list[Line]) -> list[tuple[float, Block]]:
    """Paragraphs of a run of text lines; text set in two columns is read column by column.

    歲入項目說明提要表 prints 一、項目內容 and 二、法令依據 side by side with no ruling between them,
    歲出計畫提要 計畫內容： and 預期成果： (the plan page paints over the rulings there): the columns
    part at the x where the second heading starts.
    """
    for index, line in enumerate(lines):
        gutter = _second_heading_x(line)
        if gutter is None:
            continue
        left_start = line.glyphs[0].x0
        end = index
        while end < len(lines) and _in_columns(lines[end], left_start, gutter):
            end += 1
        left = [_part(ln, gutter, left_side=True) for ln in lines[index:end]]
        right = [_part(ln, gutter, left_side=False) for ln in lines[index:end]]
        top = line.top
        columns = [(top, b) for _, b in _paragraphs([ln for ln in left if ln])]
        columns += [(top + 0.01, b) for _, b in _paragraphs([ln for ln in right if ln])]
        return _paragraphs(lines[:index]) + columns + _text_blocks(lines[end:])
    return _paragraphs(lines)


def _second_heading_x(line: Line) -> float | None:
    """The x of a second numbered heading on a line that starts with one (一、項目內容  二、法令依據),
    or of the second of two labels standing alone on a line (計畫內容：  預期成果：)."""
    segments = line.segments()
    if len(segments) < 2:
        return None
    texts = [glyph_text(s) for s in segments]
    if len(segments) == 2 and all(_COLUMN_LABEL.match(t) for t in texts):
        return segments[1][0].x0
    if not _HEADING.match(texts[0]):
        return None
    return next((s[0].x0 for s, t in zip(segments[1:], texts[1:], strict=True) if _HEADING.match(t)), None)


def _in_columns(line: Line, left_start: float, gutter: float) -> bool:
    """True while a line still reads as two columns: nothing drawn across the gutter, and any left
    part starting in the left column (a centred heading such as 金 額 及 說 明 ends the columns)."""
    if any(g.x0 < gutter - 1 < g.x1 for g in line.glyphs):
        return False
    glyphs = line.glyphs
    if len(glyphs) >= 3 and all(b.x0 - a.x1 > 1.5 * a.size for a, b in itertools.pairwise(glyphs)):
        return False  # a letter-spaced heading (金 額 及 說 明) runs across the page
    left = [g for g in line.glyphs if (g.x0 + g.x1) / 2 < gutter]
    return not left or left[0].x0 < left_start + 0.5 * (gutter - left_start)


def _part(line: Line, gutter: float, left_side: bool) -> Line | None:
    glyphs = [g for g in line.glyphs if ((g.x0 + g.x1) / 2 < gutter) == left_side]
    return Line(line.top, line.bottom, glyphs) if glyphs else None


def _paragraphs(lines: list[Line]) -> list[tuple[float, Block]]:
    blocks: list[tuple[float, Block]] = []
    paragraph: list[Line] = []

    def flush() -> None:
        if paragraph:
            text = "\n".join(line.text for line in paragraph)
            blocks.append((paragraph[0].top, Block(kind="paragraph", text=text)))
            paragraph.clear()

    for line in lines:
        if paragraph:
            previous = paragraph[-1]
            gap = line.top - previous.bottom
            if gap > 1.2 * (previous.bottom - previous.top) or _NEW_PARAGRAPH.match(line.text):
                flush()
        paragraph.append(line)
    flush()
    return blocks
