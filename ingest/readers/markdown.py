"""Read the Markdown/text conversion of a budget book (pipe tables, HTML inside some cells).

The conversion keeps every page's running header (agency, title, year, unit line) but drops page
numbers. Pages are found at the running headers (a spread's halves carry the agency name cut in
two: 經濟部產 | 業發展署), and printed page numbers are restored from the book's own 目次.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ingest.book_kind import recognise
from ingest.document import Block, Document, Page, TocEntry
from ingest.layout import (
    BLANK_PAGE,
    UNIT_LINE,
    YEAR_LINE,
    kind_of_partial_title,
    section_kind,
    squeeze,
    table_signature_title,
    title_of_kind,
)
from ingest.readers.base import BookError, Reader

_BOOK_TITLE = re.compile(r"^(?P<agency>\S+?)(?P<kind>單位預算|附屬單位預算|主管預算|總預算)(?:案)?$")
_YEAR_ANYWHERE = re.compile(r"中華民國\s*(\d{2,3})\s*年度")
_TOC_RANGE = re.compile(r"^(\d+)\s*(?:[~～\-－—]\s*(\d+))?$")
_DIVIDERS = {"預算總說明", "主要表", "附屬表", "附錄"}
_NUMBERED_BODY = re.compile(r"^(?:[一二三四五六七八九十]+、|\(|（|\d+[.、]|- )")


def clean_cell(text: str) -> str:
    """Cell text without HTML: paragraphs and list items become lines."""
    text = re.sub(r"<\s*br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"</\s*(p|li|ol|ul)\s*>", "\n", text, flags=re.I)
    text = re.sub(r"<\s*(p|li|ol|ul)\b[^>]*>", "\n", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text).replace("\ufffd", "")
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def split_row(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [clean_cell(cell) for cell in body.split("|")]


def is_separator_row(line: str) -> bool:
    return bool(re.fullmatch(r"\|?(\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?", line.strip()))


@dataclass
class _RawPage:
    header: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    half: str | None = None
    blank: bool = False
    divider: str = ""
    implicit_title: str = ""


class MarkdownReader(Reader):
    """Markdown or plain-text conversions of a book."""

    name: ClassVar[str] = "markdown"
    suffixes: ClassVar[tuple[str, ...]] = (".md", ".txt", ".markdown")

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        if head.startswith(b"%PDF") or b"\x00" in head:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sniffed bytes is still text.
            if exc.start < len(head) - 4:
                return False
        return True

    def read(self, path: Path) -> Document:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise BookError(
                f"{path}: not UTF-8 text ({exc.reason}). Convert the book to UTF-8 first."
            ) from exc
        return read_markdown_text(text, source=path.name)


def read_markdown_text(text: str, source: str) -> Document:
    """Parse the text of a converted book into a Document."""
    lines = [line.replace("**", "").rstrip() for line in text.splitlines()]
    agency, book_kind = _find_agency(lines)
    if not agency:
        raise BookError(
            f"{source}: no book title such as 「經濟部產業發展署單位預算」 on the first pages; "
            "this does not look like a unit budget book (單位預算)."
        )
    year_match = next((m for m in map(_YEAR_ANYWHERE.search, lines[:80]) if m), None)
    roc_year = int(year_match.group(1)) if year_match else None
    toc, toc_end = _read_toc(lines)
    raw_pages = _split_pages(lines[toc_end:], agency)
    pages = _build_pages(raw_pages, toc)
    if not any(section_kind(p.title) for p in pages):
        raise BookError(f"{source}: no budget tables recognised; this does not look like a unit budget book.")
    return Document(
        source=source,
        pages=pages,
        agency=agency,
        roc_year=roc_year,
        title=f"{agency}{book_kind}",
        toc=toc,
        reader="markdown",
        kind=recognise([lines[:60]], agency),
    )


def _find_agency(lines: list[str]) -> tuple[str, str]:
    """The agency from the cover's 「…單位預算」 line (a 總預算 line names the whole government)."""
    titles = [m for m in (_BOOK_TITLE.match(squeeze(line)) for line in lines[:60]) if m]
    for match in titles:
        if match.group("kind") != "總預算":
            return match.group("agency"), match.group("kind")
    return "", ""


def _read_toc(lines: list[str]) -> tuple[list[TocEntry], int]:
    start = next((i for i, line in enumerate(lines[:200]) if squeeze(line) == "目次"), None)
    if start is None:
        return [], 0
    entries: list[TocEntry] = []
    group = ""
    end = start + 1
    seen_table = False
    for i in range(start + 1, min(len(lines), start + 120)):
        line = lines[i].strip()
        if not line.startswith("|"):
            if seen_table and line:
                break
            continue
        seen_table = True
        end = i + 1
        if is_separator_row(line):
            continue
        cells = [c for c in split_row(line)]
        if len(cells) < 2 or not cells[0]:
            continue
        title, pages = cells[0], squeeze(cells[1])
        title = re.sub(r"^\d+\s*[.、]\s*", "", title)
        if re.match(r"^[一二三四五六七八九十]+、", title):
            group = re.sub(r"^[一二三四五六七八九十]+、", "", title)
            title = group
        match = _TOC_RANGE.match(pages)
        first = int(match.group(1)) if match else None
        last = int(match.group(2)) if match and match.group(2) else first
        entries.append(TocEntry(title=squeeze(title), first_page=first, last_page=last, group=group))
    return entries, end


def _is_agency_fragment(line: str, agency: str) -> str | None:
    """'full' for the agency name, 'left'/'right' for the two halves a spread cuts it into."""
    flat = squeeze(line)
    if flat == agency:
        return "full"
    if 2 <= len(flat) < len(agency):
        if agency.startswith(flat):
            return "left"
        if agency.endswith(flat):
            return "right"
    return None


def _split_pages(lines: list[str], agency: str) -> list[_RawPage]:
    pages: list[_RawPage] = [_RawPage()]
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        fragment = _is_agency_fragment(line, agency) if line else None
        if fragment:
            page = _RawPage(half=None if fragment == "full" else fragment)
            i = _read_header(lines, i + 1, page)
            pages.append(page)
            continue
        if BLANK_PAGE.match(line):
            pages.append(_RawPage(blank=True))
            pages.append(_RawPage())  # whatever follows before the next header starts afresh
            i += 1
            continue
        if squeeze(line) in _DIVIDERS and not pages[-1].body and not pages[-1].header:
            pages[-1].divider = squeeze(line)
            i += 1
            continue
        if line.startswith("|") and not is_separator_row(line):
            _maybe_start_implicit_page(pages, split_row(line))
        pages[-1].body.append(lines[i])
        i += 1
    return [p for p in pages if p.header or any(b.strip() for b in p.body) or p.blank or p.divider]


def _maybe_start_implicit_page(pages: list[_RawPage], first_row: list[str]) -> None:
    """A table heading a spread half whose running header the conversion lost starts a new page."""
    current = pages[-1]
    if not current.body:
        return
    if current.body[-1].strip().startswith("|"):
        return  # still the same table
    signature = table_signature_title(first_row)
    if not signature:
        return
    current_title = squeeze("".join(current.header[:2])) or current.implicit_title
    has_table = any(b.strip().startswith("|") for b in current.body)
    if has_table and (current.half == "right" or signature not in current_title):
        pages.append(_RawPage(half="left", implicit_title=signature))


def _read_header(lines: list[str], i: int, page: _RawPage) -> int:
    """Consume the running header after the agency line: title lines, year, 經資門併計, unit."""
    seen_year = False
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        if line.startswith("|") or len(line) > 45 or BLANK_PAGE.match(line):
            break
        if seen_year and _NUMBERED_BODY.match(line):
            break
        if not seen_year and _NUMBERED_BODY.match(line) and page.header:
            break
        page.header.append(line)
        i += 1
        if YEAR_LINE.match(squeeze(line)) or squeeze(line) == "中華民國":
            seen_year = True
        elif UNIT_LINE.search(line):
            # The unit line ends the header, except where 經資門併計 follows it.
            if i < len(lines) and squeeze(lines[i]) == "經資門併計":
                continue
            nxt = next((ln.strip() for ln in lines[i : i + 3] if ln.strip()), "")
            if squeeze(nxt) != "經資門併計":
                break
        elif (
            seen_year
            and squeeze(line) not in {"經資門併計"}
            and not UNIT_LINE.search(line)
            and not _looks_like_header_word(line)
        ):
            # Title lines come before the year; a plain line after it is body text.
            page.header.pop()
            i -= 1
            break
    return i


def _looks_like_header_word(line: str) -> bool:
    flat = squeeze(line)
    return len(flat) <= 12 and not re.search(r"[，。：；]", flat)


def _title_lines(header: list[str]) -> list[str]:
    return [
        line
        for line in header
        if not YEAR_LINE.match(squeeze(line))
        and squeeze(line) not in {"中華民國", "經資門併計"}
        and not UNIT_LINE.search(line)
    ]


def _unit_of(header: list[str]) -> str:
    for line in header:
        match = UNIT_LINE.search(line)
        if match:
            return match.group(1)
    return ""


def _build_pages(raw_pages: list[_RawPage], toc: list[TocEntry]) -> list[Page]:
    first_pages = {entry.title: entry.first_page for entry in toc}
    pages: list[Page] = []
    number: int | None = None
    current_kind: str | None = None
    current_title = ""
    for index, raw in enumerate(raw_pages, start=1):
        page = Page(index=index, header=raw.header, unit=_unit_of(raw.header), blank=raw.blank)
        page.half = raw.half  # type: ignore[assignment]
        page.blocks = _blocks(raw.body)
        title = "".join(_title_lines(raw.header)) or raw.implicit_title
        if raw.divider and not raw.body and not raw.header:
            page.title = raw.divider
            pages.append(page)
            continue
        if raw.blank:
            number = number + 1 if number is not None else None
            page.number = number
            page.title = current_title
            pages.append(page)
            continue
        kind = section_kind(title) or (kind_of_partial_title(title) if raw.half == "left" else None)
        if raw.half == "right" or not title:
            kind = current_kind
        if kind and kind != current_kind:
            current_kind = kind
            current_title = title_of_kind(kind)
            start = _toc_first_page(first_pages, current_title)
            number = start if start is not None else (number + 1 if number is not None else None)
        elif number is not None:
            number += 1
        page.title = current_title if kind else title
        page.number = number if current_kind else None
        pages.append(page)
    return pages


def _toc_first_page(first_pages: dict[str, int | None], title: str) -> int | None:
    for toc_title, first in first_pages.items():
        if title in toc_title or toc_title.startswith(title):
            return first
    return None


def _blocks(body: list[str]) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []
    table: list[list[str]] = []

    def flush_paragraph() -> None:
        if paragraph:
            blocks.append(Block(kind="paragraph", text="\n".join(paragraph)))
            paragraph.clear()

    def flush_table() -> None:
        if table:
            blocks.append(Block(kind="table", rows=[row[:] for row in table]))
            table.clear()

    for raw in body:
        line = raw.strip()
        if line.startswith("|"):
            flush_paragraph()
            if not is_separator_row(line):
                table.append(split_row(line))
            continue
        flush_table()
        if not line or line in {"-", "—"}:
            flush_paragraph()
            continue
        if line.startswith("- "):
            line = line[2:].strip()
        paragraph.append(clean_cell(line) or line)
    flush_paragraph()
    flush_table()
    return blocks
