"""Re-joining text that the page wrapped: cell lines, lines of a paragraph, cells cut by a page break.

A PDF cell breaks Chinese text wherever the column ends, even inside a word or a number
(`業務費8` / `3,890千元`); a Markdown conversion keeps one line per list item. Lines are joined
without a space unless a Latin word meets a Latin word, and a line that starts a numbered item or
follows a finished sentence starts a new line.
"""

from __future__ import annotations

import re

# 1. / 1、 / (1) / 一、 / ① / 甲、 / A. — the numberings the books use for list items
NUMBERED = re.compile(
    r"^(?:\d+\s*[.．、](?!\d)|[(（]\s*[\d一二三四五六七八九十]+\s*[)）]|[一二三四五六七八九十]+\s*、"
    r"|[①-⑳]|[甲乙丙丁戊己庚辛壬癸]\s*、|[A-Z]\s*[.．](?!\d))"
)
SENTENCE_END = ("。", "：", ":", "；", ";", "！", "？")
_LATIN = re.compile(r"[A-Za-z]")


def join_wrapped(before: str, after: str) -> str:
    """Two pieces of one wrapped text, joined as the page would read them."""
    before, after = before.rstrip(), after.lstrip()
    if not before or not after:
        return before or after
    if _LATIN.fullmatch(before[-1]) and _LATIN.fullmatch(after[0]):
        return f"{before} {after}"
    return before + after


def continue_text(before: str, after: str) -> str:
    """`after` added to `before`: on a new line if it starts an item or `before` ended a sentence."""
    before, after = before.strip(), after.strip()
    if not before or not after:
        return before or after
    if before.endswith(SENTENCE_END) or NUMBERED.match(after):
        return f"{before}\n{after}"
    return join_wrapped(before, after)


def reflow(text: str) -> str:
    """Lines of a wrapped text re-joined; list items and finished sentences keep their own lines."""
    result = ""
    for line in text.split("\n"):
        result = continue_text(result, line.strip("\u3000 \t"))
    return result


def one_line(text: str) -> str:
    """A short wrapped cell (a name) on one line."""
    result = ""
    for line in text.split("\n"):
        result = join_wrapped(result, line.strip("\u3000 \t"))
    return result
