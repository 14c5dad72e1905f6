"""Snippets: the part of a hit's passage that shows why it matched, cut where a reader would cut.

A snippet starts and ends at a sentence or clause boundary (。；，、 and line ends), never inside a
number with its unit (1,176,000千元, 105.57 億元, 5%) nor inside a name (「…」 quotes, the entity's
own name), so the figure a reader came for is whole. Chunk windows can themselves begin or end
mid-number (a long sentence is split into hard windows), so a window's first and last clause are
dropped when they are such fragments. The matched characters — the longest runs of the query's
words (and thesaurus expansions) in the snippet — are returned as [start, end) offsets and as
HTML with <mark>.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

SNIPPET_CHARS = 200
LEAD_CHARS = 40  # context kept before the first match
_CLAUSE_END = "。；;！？!?\n，、,："
_NUMBER = re.compile(
    r"[0-9０-９][0-9０-９,，.．]*(?:\s*(?:百萬元|千元|萬元|億元|元|%|％|人|家|件|案|億|萬|千))?"
)
_QUOTED = re.compile(r"「[^」]{1,60}」|『[^』]{1,60}』|“[^”]{1,60}”")
_NAME_END = re.compile(r"(?:計畫|方案|專案|條例|辦法|要點)(?![\u4e00-\u9fff]{0,1}[內之])|」")
_NUMBERISH = set("0123456789０１２３４５６７８９,，.．")
_FOLD = str.maketrans({"臺": "台"})


@dataclass
class Snippet:
    text: str
    highlights: list[tuple[int, int]]  # [start, end) character offsets into text
    start: int  # offset of text in the passage it was cut from
    end: int

    @property
    def html(self) -> str:
        out, last = [], 0
        for start, end in self.highlights:
            out.append(html.escape(self.text[last:start]))
            out.append("<mark>" + html.escape(self.text[start:end]) + "</mark>")
            last = end
        out.append(html.escape(self.text[last:]))
        return "".join(out)


def _protected(text: str, names: list[str]) -> list[tuple[int, int]]:
    spans = [m.span() for m in _NUMBER.finditer(text)] + [m.span() for m in _QUOTED.finditer(text)]
    for name in names:
        if len(name) >= 3:
            start = text.find(name)
            while start >= 0:
                spans.append((start, start + len(name)))
                start = text.find(name, start + 1)
    return spans


def _cuts(text: str, names: list[str]) -> list[int]:
    """Offsets where a snippet may start or end: after a clause end, outside numbers and names."""
    spans = _protected(text, names)
    inside = [False] * (len(text) + 1)
    for start, end in spans:
        for i in range(start + 1, end):
            inside[i] = True
    return [i + 1 for i, ch in enumerate(text) if ch in _CLAUSE_END and not inside[i + 1]]


_FRAGMENT_START = re.compile(r"^(?:[,，.．、%％千萬億元]|[0-9,.]+\s*(?:百萬元|千元|萬元|億元|元|%|％))")


def _starts_as_fragment(text: str) -> bool:
    """A window that opens inside a number, or on the tail of an amount (000萬元…, 150千元，…):
    sentences open on words or on list numbers and codes, not on an amount."""
    return bool(_FRAGMENT_START.match(text))


def _ends_as_fragment(text: str) -> bool:
    return bool(text) and text[-1] in _NUMBERISH


def fold(text: str) -> str:
    """Per-character fold (same length as text) used to find query words in a passage."""
    whole = unicodedata.normalize("NFKC", text).lower().translate(_FOLD)
    if len(whole) == len(text):  # the usual case: no character folded into several
        return whole
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch).lower().translate(_FOLD)
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


@lru_cache(maxsize=64)
def _pieces(words: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str], int]:
    """The words' ≥2-character parts (and 1-character CJK words), their first characters, the longest."""
    pieces: set[str] = set()
    longest = 0
    for word in words:
        w = fold(word)
        if len(w) == 1 and not w.isascii():
            pieces.add(w)
        for i in range(len(w)):
            for j in range(i + 2, len(w) + 1):
                pieces.add(w[i:j])
        longest = max(longest, len(w))
    return frozenset(pieces), frozenset(p[0] for p in pieces), longest


def highlights(text: str, words: list[str]) -> list[tuple[int, int]]:
    """[start, end) runs of `text` that are a word, or a ≥2-character part of one, greedily longest."""
    folded = fold(text)
    pieces, firsts, longest = _pieces(tuple(words))
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(folded):
        if folded[i] not in firsts:
            i += 1
            continue
        for size in range(min(longest, len(folded) - i), 0, -1):
            piece = folded[i : i + size]
            if piece in pieces and not (piece.isascii() and _inside_word(folded, i, i + size)):
                if spans and spans[-1][1] == i:
                    spans[-1] = (spans[-1][0], i + size)
                else:
                    spans.append((i, i + size))
                i += size
                break
        else:
            i += 1
    return spans


def _inside_word(text: str, start: int, end: int) -> bool:
    """A Latin or digit piece that is part of a longer run (IC in ICT, 5 in 50)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum())


def cut(passage: str, words: list[str], names: Sequence[str] = (), limit: int = SNIPPET_CHARS) -> Snippet:
    """The part of `passage` around its first match, cut at clause boundaries, with highlights."""
    cuts = _cuts(passage, list(names))
    first, last = 0, len(passage)
    if _starts_as_fragment(passage) and cuts:
        first = cuts[0]
    if _ends_as_fragment(passage):
        earlier = [c for c in cuts if c > first]
        if earlier:
            last = earlier[-1]
    matches = [s for s in highlights(passage, words) if s[0] >= first]
    anchor = matches[0][0] if matches else first
    if last - first <= limit:
        start = first
    else:
        candidates = [first] + [c for c in cuts if first < c <= anchor]
        near = [c for c in candidates if anchor - LEAD_CHARS <= c]
        # The earliest boundary that keeps the match near the start, else the match's own clause.
        start = min(near) if near else max(candidates)
    ends = [c for c in cuts if start + limit // 2 <= c <= min(last, start + limit)]
    if last <= start + limit:
        end = last
    elif ends:
        end = ends[-1]
    else:  # one long clause (a run of names): end after a name, else at the limit outside any number
        window = passage[start : start + limit]
        after_name = [m.end() for m in _NAME_END.finditer(window) if m.end() >= limit // 2]
        end = start + (after_name[-1] if after_name else limit)
        for span_start, span_end in _protected(passage, list(names)):
            if span_start < end < span_end:
                end = span_start
        end = max(end, start + 1)
    raw = passage[start:end]
    text = raw.rstrip("，、,：:\n ")
    text = text if text.strip() else raw
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    return Snippet(
        text=text, highlights=highlights(text, words), start=start + lead, end=start + lead + len(text)
    )
