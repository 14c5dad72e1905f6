"""Text of 歲出計畫提要及分支計畫概況表: numbered lists, named projects and page-broken prose.

The 計畫內容, 預期成果 and 說明 cells run across rows and pages, and a page break can cut a sentence,
a project name or even a number ("37,53" | "4千元"). Fragments are therefore joined without a
separator unless the previous one ends a sentence, and numbered items are recognised by their
running numbers rather than by layout.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingest.amounts import Amount, parse_narrative

# A fragment ending in one of these closes its sentence; anything else continues on the next page.
_SENTENCE_END = "。：:；;！？!?)）」"
_ITEM_START = re.compile(r"^\s*\(?\d{1,3}\s*[.．、)）]")
_DASHES = re.compile(r"[—─―‐–－]")
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")

# "12. 名稱" at the start of a line or after white space / sentence punctuation ("2.0" never matches).
_NUMBERED = re.compile(r"(?:^|(?<=[\s。；：;:]))(?P<num>\d{1,3})\s*[.．、](?!\d)\s*")

# A named project: "5. 驅動國內IC設計業者先進發展補助計畫1,176,000千元，係…".
_PROJECT = re.compile(
    r"(?:^|(?<=[\s。；：;:]))(?P<num>\d{1,2})\s*[.．、](?!\d)\s*"
    r"(?P<name>[^\n。；，,]{2,120}?)\s*(?P<amount>\d{1,3}(?:,\d{3})+|\d+)\s*千元(?P<tail>\s*[，,]?\s*係)?"
)
# Without "，係…" after its amount, a numbered item is a project only if its name says so.
_PROJECT_NAME_END = re.compile(r"(計畫|方案|專案)(\([^()]*\))?$")
_NOT_A_NAME = re.compile(r"^(本年度|總經費|計需|共計|合計)")
_PROJECT_FUNDS = re.compile(r"專案經費\s*(?P<amount>\d{1,3}(?:,\d{3})+|\d+)\s*千元")


def tidy(text: str) -> str:
    """Text as printed, minus the spaces the layout put between CJK characters and lost glyphs (�)."""
    return _CJK_GAP.sub("", text.replace("\ufffd", "")).strip()


def name_key(text: str) -> str:
    """A name reduced for comparison only: NFKC-folded, dashes unified, all white space dropped."""
    folded = _DASHES.sub("-", unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", "", folded.replace("\ufffd", ""))


_WRAP = re.compile(r"[ \t]*\n\s*(?![(（]?\d{1,3}\s*[.．、)）](?!\d))")


def unwrap(text: str) -> str:
    """Drop line breaks that only wrap a cell (a PDF breaks "業務費8" / "3,890千元" mid-number),
    keeping those that open a numbered item."""
    return _WRAP.sub("", text)


def join_fragments(fragments: list[str]) -> str:
    """Cell texts of consecutive rows/pages as one text, healing sentences cut by a page break."""
    return join_with_offsets(fragments)[0]


def join_with_offsets(fragments: list[str]) -> tuple[str, list[int]]:
    """`join_fragments`, plus where each fragment starts in the joined text (to map text to pages)."""
    text = ""
    starts: list[int] = []
    for fragment in fragments:
        piece = fragment.strip()
        if piece and text:
            text += "\n" if text[-1] in _SENTENCE_END or _ITEM_START.match(piece) else ""
        starts.append(len(text))
        text += piece
    return text, starts


def numbered_items(fragments: list[str]) -> list[str]:
    """Items of a numbered list ("1. … 2. …"), numbering stripped, in printed order.

    A number counts as a new item when it follows the previous one, or when it opens a page
    fragment with a larger number (the conversion lost the items in between). Text before item 1
    is kept only when the list has no numbered items at all.
    """
    items: list[list[str]] = []
    preamble: list[str] = []
    last = 0
    for fragment in fragments:
        text = fragment.strip()
        cuts = []
        for match in _NUMBERED.finditer(text):
            number = int(match.group("num"))
            opens_fragment = match.start() == 0
            if number == last + 1 or (number > last and opens_fragment):
                cuts.append(match)
                last = number
        position = 0
        for match in cuts:
            (items[-1] if items else preamble).append(text[position : match.start()])
            items.append([])
            position = match.end()
        (items[-1] if items else preamble).append(text[position:])
    found = [tidy(join_fragments(parts)) for parts in items]
    found = [item for item in found if item]
    if found:
        return found
    whole = tidy(join_fragments(preamble))
    return [whole] if whole else []


@dataclass(frozen=True)
class ProjectText:
    """A named project as written in a branch's 說明."""

    number: str
    name: str
    amount: Amount
    description: str
    source: str  # the sentence that names it, for provenance
    start: int  # offset in the 說明 text, to find the page it is printed on


def named_projects(description: str) -> list[ProjectText]:
    """The numbered named projects of a 說明, in order, numbering strictly increasing."""
    text = description
    found: list[tuple[re.Match[str], int]] = []
    last = 0
    for match in _PROJECT.finditer(text):
        number = int(match.group("num"))
        name = tidy(match.group("name"))
        if number <= last or _NOT_A_NAME.match(name):
            continue
        if not (match.group("tail") or _PROJECT_NAME_END.search(name)):
            continue
        found.append((match, number))
        last = number
    projects = []
    for i, (match, number) in enumerate(found):
        end = found[i + 1][0].start() if i + 1 < len(found) else len(text)
        body = text[match.end() : end].strip().lstrip("，,").strip()
        if match.group("tail"):
            body = "係" + body
        printed = f"{match.group('amount')}千元"
        projects.append(
            ProjectText(
                number=str(number),
                name=tidy(match.group("name")),
                amount=parse_narrative(printed),
                description=tidy(body),
                source=tidy(match.group(0)),
                start=match.start(),
            )
        )
    return projects


def sentence_end(text: str) -> bool:
    """Whether `text` ends a sentence (so what follows it is not its continuation)."""
    stripped = text.rstrip()
    return not stripped or stripped[-1] in _SENTENCE_END


def split_carried_sentence(text: str) -> tuple[str, str]:
    """("end of a sentence cut on the previous page。", rest) when `text` opens mid-sentence.

    Used when a branch row's 說明 cell starts with the tail of the previous branch's 說明, which
    the conversion merged into the next row; text opening with 本…, a list number or a quote is
    taken as a fresh start.
    """
    stripped = text.lstrip()
    if not stripped or _ITEM_START.match(stripped) or stripped[0] in "本「(（":
        return "", text
    end = stripped.find("。")
    if end < 0:
        return "", text
    return stripped[: end + 1], stripped[end + 1 :]


def project_funds(description: str) -> Amount | None:
    """The 專案經費 a branch's 說明 states ("專案經費4,714,855千元"), if any."""
    match = _PROJECT_FUNDS.search(unicodedata.normalize("NFKC", description))
    return parse_narrative(f"{match.group('amount')}千元") if match else None


def missing_numbers(numbers: list[int]) -> list[int]:
    """Numbers absent from a 1..max running list."""
    present = set(numbers)
    return [n for n in range(1, max(numbers, default=0) + 1) if n not in present]
