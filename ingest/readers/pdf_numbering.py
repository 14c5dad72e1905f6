"""Printed page numbers and the 目次 of a budget-book PDF.

Numbers are read, never computed: every numbered page prints `(0801)-NNN` at the top and a bare
`NNN` at the foot, and the gap between printed and physical numbers grows at every unnumbered
divider or appendix cover.
"""

from __future__ import annotations

import re

from ingest.document import TocEntry
from ingest.layout import squeeze

PAGE_LABEL = re.compile(r"^\(\s*\d{3,5}\s*\)\s*-\s*(\d{1,4})$")
# A bare NNN; local books prefix their organisation code: 011-1 (高雄), 02004-1 (臺中), 09-190-2 (臺北).
_FOOT_NUMBER = re.compile(r"^(?:\d{2,5}-(?:\d{3}-)?)?(\d{1,4})$")
_TOC_LINE = re.compile(r"^(?P<title>.+?)[.\s·…]*(?P<first>\d{1,4})(?:\s*[-~～]\s*(?P<last>\d{1,4}))?$")
_GROUP = re.compile(r"^([一二三四五六七八九十]+)、")
_SECTION = re.compile(r"^\(([一二三四五六七八九十]+)\)")


def printed_number(first_lines: list[str], last_lines: list[str]) -> int | None:
    """The page label `(0801)-NNN` near the top, else a bare number at the foot."""
    for text in first_lines:
        match = PAGE_LABEL.match(squeeze(text))
        if match:
            return int(match.group(1))
    for text in reversed(last_lines):
        match = _FOOT_NUMBER.match(squeeze(text))
        if match:
            return int(match.group(1))
    return None


def read_toc(lines: list[str]) -> list[TocEntry]:
    """目次 lines (`(一) 歲入來源別預算表……039-040`) as entries; numbered sub-items are skipped."""
    entries: list[TocEntry] = []
    group = ""
    spans = False  # the current section's range comes from its items
    for raw in lines:
        text = squeeze(raw).rstrip(":")
        if not text or text in {"目次", "預算總目次"} or text.startswith("中華民國"):
            continue
        group_match = _GROUP.match(text)
        section_match = _SECTION.match(text)
        if not group_match and not section_match:
            # 1.賠償收入－一般賠償收入 …053: an item inside a section; a section printed without
            # pages of its own spans its items' pages
            item = _TOC_LINE.match(text)
            section = entries[-1] if entries else None
            if (
                item
                and section is not None
                and section.title != section.group
                and (section.first_page is None or spans)
            ):
                start = int(item.group("first"))
                end = int(item.group("last") or start)
                section.first_page = min(section.first_page or start, start)
                section.last_page = max(section.last_page or end, end)
                spans = True
            continue
        match = _TOC_LINE.match(text)
        title = match.group("title") if match else text
        title = _GROUP.sub("", _SECTION.sub("", title)).rstrip(".·…:")
        first = int(match.group("first")) if match else None
        last = int(match.group("last")) if match and match.group("last") else first
        if group_match:
            group = title
        spans = False
        entries.append(TocEntry(title=title, first_page=first, last_page=last, group=group))
    return entries
