"""立法院審議中央政府總預算案所提決議、附帶決議及注意事項辦理情形報告表 → Resolution and OfficialLetter records.

The report lists, under sub-headings (總預算案 壹、通案決議部分 / 財政委員會審議結果 / 歲出部分第13款
第2項…), the resolutions the Legislative Yuan made on the previous year's budget (the page header says
which: 中華民國 113 年度) and how the agency handled each (辦理情形), often citing the letter that sent a
report ("本部業於113年3月27日以經授產字第…號函…"). 項次 restart per heading and are not unique, so each
Resolution also gets a book-wide `sequence`. Letters are emitted once per 文號, at their first citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.document import Page
from ingest.letters import find_letters, to_official_letter
from ingest.parsers._resolution_table import ReportRow, report_rows
from ingest.parsers._resolution_text import (
    compact,
    concerns_of,
    cut_amount,
    deadline_of,
    frozen_amount,
    heading_name,
    heading_rank,
    join_text,
    kinds_of,
    resolution_type,
)
from ingest.parsers.base import BookContext, SectionParser
from ingest.records import OfficialLetter, Record, Resolution
from ingest.sections import Section

_YEAR_HEADER = re.compile(r"中華民國(\d{2,3})年度")
_PROVENANCE_CHARS = 200


@dataclass
class _Draft:
    """A resolution being assembled from its first row and the rows that continue it."""

    headings: list[str]
    item: str
    page: Page
    content: str
    content_parts: list[tuple[Page, str]] = field(default_factory=list)
    response_parts: list[tuple[Page, str]] = field(default_factory=list)

    @property
    def response(self) -> str:
        text = ""
        for _, part in self.response_parts:
            text = join_text(text, part)
        return text


class LegislativeResolutionsParser(SectionParser):
    kinds = ("legislative_resolutions",)

    def parse(self, section: Section, context: BookContext) -> list[Record]:
        drafts = _assemble(report_rows(section))
        roc_year = _resolutions_year(section, context)
        records: list[Record] = []
        letters_by_number: dict[str, OfficialLetter] = {}
        path_prefix = section.title
        for sequence, draft in enumerate(drafts, start=1):
            letters = _letters(draft, context, section.title, letters_by_number)
            content = draft.content
            provenance = context.provenance(
                draft.page,
                f"{draft.item} {content}"[:_PROVENANCE_CHARS],
                " > ".join([path_prefix, *draft.headings]),
            )
            records.append(
                Resolution(
                    provenance=provenance,
                    section=draft.headings[-1] if draft.headings else "",
                    item=draft.item,
                    sequence=sequence,
                    content=content,
                    response=draft.response,
                    resolution_type=resolution_type(draft.headings, content),
                    kinds=kinds_of(content),
                    frozen_amount=frozen_amount(content),
                    cut_amount=cut_amount(content),
                    roc_year=roc_year,
                    concerns=concerns_of(content),
                    letters=letters,
                    deadline=deadline_of(content),
                )
            )
        records.extend(letters_by_number.values())
        return records


def _assemble(rows: list[ReportRow]) -> list[_Draft]:
    """Group rows into resolutions, tracking the heading path each sits under."""
    path: list[tuple[int, str]] = []
    drafts: list[_Draft] = []
    current: _Draft | None = None
    for row in rows:
        if row.kind == "heading":
            rank = heading_rank(row.content)
            rank = 0 if rank is None else rank
            path = [(r, h) for r, h in path if r < rank]
            path.append((rank, heading_name(row.content)))
            current = None
            continue
        if row.kind == "item":
            current = _Draft([h for _, h in path], row.item, row.page, row.content, [(row.page, row.content)])
            if row.response:
                current.response_parts.append((row.page, row.response))
            drafts.append(current)
            continue
        # A continuation with nothing to continue (text above the first 項次) cannot be placed.
        if current is None:
            continue
        current.content = join_text(current.content, row.content)
        current.content_parts.append((row.page, row.content))
        if row.response:
            current.response_parts.append((row.page, row.response))
    return drafts


def _letters(
    draft: _Draft, context: BookContext, title: str, seen: dict[str, OfficialLetter]
) -> tuple[OfficialLetter, ...]:
    """Letters cited in the 內容 and the 辦理情形 (also across a page break), in that order, each as the
    record first emitted for its 文號.

    A resolution quotes the letters it reproaches ("內政部112年7月17日台內人字第…號函稱"): they are
    letters of the agency as much as those its response cites.
    """
    cited: list[OfficialLetter] = []
    for parts in (draft.content_parts, draft.response_parts):
        text = ""
        starts: list[tuple[int, Page]] = []
        for page, part in parts:
            text = join_text(text, part)
            starts.append((len(text) - len(part), page))
        for citation in find_letters(text, context.agency):
            if citation.number not in seen:
                page = next(p for start, p in reversed(starts) if start <= citation.start)
                provenance = context.provenance(
                    page, citation.span, " > ".join([title, *draft.headings, draft.item])
                )
                seen[citation.number] = to_official_letter(citation, provenance)
            letter = seen[citation.number]
            if letter not in cited:
                cited.append(letter)
    return tuple(cited)


def _resolutions_year(section: Section, context: BookContext) -> int:
    """The budget year the resolutions were made on, from the page header (中華民國 113 年度).

    Without a header line the report is on the year before the book's: a 114 book reports on 113.
    """
    for page in section.pages:
        for line in [*page.header, page.title]:
            match = _YEAR_HEADER.search(compact(line))
            if match:
                return int(match.group(1))
    return context.roc_year - 1
