"""Where a PDF page's glyphs and rulings come from: pdfminer's layout objects read directly.

pdfplumber turns every layout object into a dict of two dozen resolved attributes (colours, font
names, matrices, marked-content ids) before the page layout reads five of them; on a 392-page book
that was a fifth of the CPU. `LeanPage` runs pdfminer's interpreter with a plain aggregator and
keeps only what `read_page` reads (text and box of each char, box of each line, box, stroke, fill
and fill colour of each rect), in pdfplumber's coordinates, so the pages read the same.

`OpenBook` keeps one pdfplumber document open for a worker's whole share of the book: opening it
rebuilds every page's object and empties the font cache, which cost a sixth of the CPU when done
once per batch of pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Obj = dict[str, Any]


@dataclass(slots=True)
class LeanPage:
    """The attributes of a pdfplumber page that `read_page` uses."""

    width: float
    height: float
    bbox: tuple[float, float, float, float]
    chars: list[Obj] = field(default_factory=list)
    lines: list[Obj] = field(default_factory=list)
    rects: list[Obj] = field(default_factory=list)


class OpenBook:
    """A PDF opened once; its pages read one at a time as `LeanPage`s."""

    def __init__(self, path: str) -> None:
        import pdfplumber

        self._pdf = pdfplumber.open(path)
        self.pages = self._pdf.pages

    def close(self) -> None:
        self._pdf.close()

    def __enter__(self) -> OpenBook:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def page(self, index: int) -> LeanPage:
        """Page `index` (0-based) read through pdfminer without pdfplumber's object dicts."""
        from pdfminer.converter import PDFPageAggregator
        from pdfminer.pdfinterp import PDFPageInterpreter

        plumber_page = self.pages[index]
        device = PDFPageAggregator(self._pdf.rsrcmgr, pageno=index + 1, laparams=None)
        PDFPageInterpreter(self._pdf.rsrcmgr, device).process_page(plumber_page.page_obj)
        layout = device.get_result()
        bbox = tuple(float(v) for v in plumber_page.bbox)
        page = LeanPage(
            width=float(plumber_page.width),
            height=float(plumber_page.height),
            bbox=(bbox[0], bbox[1], bbox[2], bbox[3]),
        )
        _collect(layout, page, plumber_page)
        return page


def _collect(layout: Any, page: LeanPage, plumber_page: Any) -> None:
    from pdfminer.layout import LTChar, LTLine, LTRect

    # pdfminer places objects relative to the MediaBox; pdfplumber moves them back (its #1181)
    mb_x0, mb_top = float(plumber_page.mediabox[0]), float(plumber_page.mediabox[1])
    height = page.height
    for obj in _leaves(layout):
        if isinstance(obj, LTChar):
            target, item = page.chars, {"text": obj.get_text(), "size": obj.size}
        elif isinstance(obj, LTRect):  # before LTCurve's other subclasses: LTRect is not an LTLine
            target = page.rects
            item = {"stroke": obj.stroke, "fill": obj.fill, "non_stroking_color": obj.non_stroking_color}
        elif isinstance(obj, LTLine):
            target, item = page.lines, {}
        else:
            continue
        x0, y0, x1, y1 = obj.bbox
        item["x0"], item["x1"] = (x0 + mb_x0, x1 + mb_x0) if mb_x0 != 0 else (x0, x1)
        item["top"] = (height - y1) + mb_top
        item["bottom"] = (height - y0) + mb_top
        target.append(item)


def _leaves(container: Any) -> Iterator[Any]:
    """Layout objects in drawing order, form XObjects (LTFigure) opened, as pdfplumber walks them."""
    from pdfminer.layout import LTContainer

    for obj in container:
        if isinstance(obj, LTContainer):
            yield from _leaves(obj)
        else:
            yield obj
