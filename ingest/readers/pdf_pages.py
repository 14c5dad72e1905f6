"""Glyphs and text lines of one PDF page, cleaned of the traps real budget books set.

- A spread's two pages both carry the whole double-width content stream (glyphs from x ≈ −595 to
  1190); only glyphs inside the visible box belong to the page. The running header is the one place
  where the other half is wanted: the title is printed across the fold (歲出一級用途 | 別科目分析表).
- Some text is drawn twice at the same position in two fonts (民民政政, 11,,778866): a glyph repeating
  the same character at the same rounded position is dropped before anything else.
- Kangxi radicals and full-width forms fold under NFKC; the three dash shapes become ASCII "-".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# U+2014 em dash, U+2500 box-drawing line, U+2013 en dash, U+2212 minus, U+2015 bar all print as a dash.
_DASHES = str.maketrans(dict.fromkeys("\u2014\u2500\u2013\u2012\u2015\u2212\ufe63\uff0d", "-"))
LINE_TOLERANCE = 3.0  # pt: glyphs whose tops differ less than this sit on one printed line


@dataclass(slots=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(slots=True)
class Line:
    """Glyphs sharing a baseline, left to right."""

    top: float
    bottom: float
    glyphs: list[Glyph] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return self.glyphs[-1].x1

    @property
    def text(self) -> str:
        return glyph_text(self.glyphs)

    def segments(self, gap: float = 3.0) -> list[list[Glyph]]:
        """The line cut where glyphs stand more than `gap` character widths apart."""
        parts: list[list[Glyph]] = []
        for glyph in self.glyphs:
            if parts and glyph.x0 - parts[-1][-1].x1 <= gap * max(glyph.size, 1.0):
                parts[-1].append(glyph)
            else:
                parts.append([glyph])
        return parts


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_DASHES)


def glyph_text(glyphs: Iterable[Glyph]) -> str:
    """Glyphs as text; a gap wider than about half a character becomes one space."""
    out: list[str] = []
    previous: Glyph | None = None
    for glyph in glyphs:
        if previous is not None and glyph.x0 - previous.x1 > 0.45 * max(glyph.size, 1.0):
            out.append(" ")
        out.append(glyph.text)
        previous = glyph
    return re.sub(r"\s+", " ", "".join(out)).strip()


def glyphs_of(chars: Iterable[Mapping[str, Any]], origin: tuple[float, float] = (0.0, 0.0)) -> list[Glyph]:
    """Normalised glyphs without blanks and without the second copy of doubly drawn text, placed
    relative to `origin` (the top-left corner of the page's box)."""
    dx, dy = origin
    seen: set[tuple[str, int, int]] = set()
    glyphs: list[Glyph] = []
    for char in chars:
        text = normalise(str(char["text"]))
        if not text.strip() or all("\ue000" <= c <= "\uf8ff" for c in text):  # symbol-font blanks (U+F020)
            continue
        key = (text, round(float(char["x0"])), round(float(char["top"])))
        if key in seen:
            continue
        seen.add(key)
        glyphs.append(
            Glyph(
                text=text,
                x0=float(char["x0"]) - dx,
                x1=float(char["x1"]) - dx,
                top=float(char["top"]) - dy,
                bottom=float(char["bottom"]) - dy,
                size=float(char.get("size") or (float(char["bottom"]) - float(char["top"]))),
            )
        )
    return glyphs


def visible(glyphs: Iterable[Glyph], width: float, height: float) -> list[Glyph]:
    """Glyphs whose centre lies inside the page's visible box."""
    return [g for g in glyphs if 0 <= (g.x0 + g.x1) / 2 <= width and 0 <= (g.top + g.bottom) / 2 <= height]


def spread_half(glyphs: Iterable[Glyph], width: float) -> str | None:
    """'left' when the content stream runs on past the right edge, 'right' when it starts left of 0."""
    beyond_right = beyond_left = False
    for glyph in glyphs:
        if glyph.x0 >= width + 1:
            beyond_right = True
        elif glyph.x1 <= -1:
            beyond_left = True
    if beyond_right and not beyond_left:
        return "left"
    if beyond_left and not beyond_right:
        return "right"
    return None


def lines_of(glyphs: Iterable[Glyph], tolerance: float = LINE_TOLERANCE) -> list[Line]:
    """Glyphs grouped into printed lines, top to bottom."""
    lines: list[Line] = []
    for glyph in sorted(glyphs, key=lambda g: (g.top, g.x0)):
        if lines and glyph.top - lines[-1].top <= tolerance:
            lines[-1].glyphs.append(glyph)
            lines[-1].bottom = max(lines[-1].bottom, glyph.bottom)
        else:
            lines.append(Line(top=glyph.top, bottom=glyph.bottom, glyphs=[glyph]))
    for line in lines:
        line.glyphs.sort(key=lambda g: g.x0)
    return lines
