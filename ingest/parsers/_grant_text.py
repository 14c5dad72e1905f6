"""Text repair for the cells of narrow table columns (names, recipients, contents).

Narrow columns wrap mid-word and conversions keep the wrap as a space ("異質整合晶片用關鍵 材料");
a space between two CJK characters is never meaningful in these books, so it is removed. Contents
keep their enumeration spaces ("。 2. 辦理…").
"""

from __future__ import annotations

import re
import unicodedata

# CJK ideographs, CJK punctuation (「」。、) and full-width forms (，（）).
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_ENUMERATOR = re.compile(r"(?:^|(?<=\s)|(?<=。))(\d{1,2})\s*[.．](?!\d)")
_FIRST_ITEM = re.compile(r"(?:^|(?<=\s)|(?<=。))1\s*[.．](?!\d)")


def repair_wrap(text: str) -> str:
    """Line-wrap spaces between CJK characters removed, other runs of white space folded to one."""
    folded = re.sub(r"[ \t\r\n\u3000]+", " ", text).strip()
    return _CJK_GAP.sub("", folded)


def repair_name(text: str) -> str:
    """A name as printed without wrap spaces: only a space between two Latin letters/digits stays."""
    parts = re.split(r"\s+", text.strip())
    out = parts[0] if parts else ""
    for part in parts[1:]:
        if not part:
            continue
        if out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(part[0]):
            out += " " + part
        else:
            out += part
    return out


def join_wrapped(first: str, second: str) -> str:
    """Two pieces of one cell split over rows or pages, joined as one text."""
    if not first:
        return second
    if not second:
        return first
    return repair_wrap(first + " " + second)


# A legal basis opens a sentence or an enumerated point: "1. 依據「…」", "依政黨法第22條規定…".
_BASIS = re.compile(
    r"(?:^|(?<=[。；])|(?<=\d[.．、])|(?<=\d[.．、]\s))\s*(依\s*據[^。]*|依[^，。]{2,40}?規定)"
)


def legal_basis(content: str) -> str:
    """The 依據… sentence of a content text ("依據「經濟部協助產業創新活動補助獎勵及輔導辦法」"), or ""."""
    match = _BASIS.search(content)
    if not match:
        return ""
    sentence = match.group(1)
    following = re.search(r"\s\d{1,2}\s*[.．、](?!\d)", sentence)
    if following:
        sentence = sentence[: following.start()]
    return repair_wrap(sentence).rstrip("，,；; ")


def last_enumerator(text: str) -> int | None:
    found = _ENUMERATOR.findall(text)
    return int(found[-1]) if found else None


def split_spill(content: str, previous: str) -> tuple[str, str]:
    """Split a page's first content cell into (tail of the previous item's content, own content).

    A content cut at the foot of a page resumes at the top of the next spread inside the next item's
    cell: either a sentence fragment ("術，提升…之補助。") or the next enumerated points ("2.辦理…").
    It is only taken as a spill when the previous content visibly stops short (no closing 。) or the
    cell starts with the previous list's next number.
    """
    text = content.strip()
    if not text or not previous or re.match(r"1\s*[.．](?!\d)", text):
        return "", content
    previous = previous.strip()
    starts_with = re.match(r"(\d{1,2})\s*[.．](?!\d)", text)
    cut_short = not previous.endswith(("。", "」", ".", "；"))
    continues_list = (
        starts_with is not None and int(starts_with.group(1)) == (last_enumerator(previous) or 0) + 1
    )
    if not (cut_short or continues_list):
        return "", content
    own = _FIRST_ITEM.search(text)
    if own and own.start() > 0:
        return text[: own.start()].strip(), text[own.start() :].strip()
    # No own enumeration: the spill is the first sentence plus any enumerated sentences after it.
    sentences = re.findall(r"[^。]*。|[^。]+$", text)
    spill = ""
    for index, sentence in enumerate(sentences):
        if index == 0 or re.match(r"\s*\d{1,2}\s*[.．](?!\d)", sentence):
            spill += sentence
        else:
            break
    return spill.strip(), text[len(spill) :].strip()


def fold(text: str) -> str:
    """NFKC-folded text without any white space, for matching labels."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
