"""Text normalisation for finding and matching statute names.

Budget books are converted from PDF: names wrap across lines ("經濟部協助產業創 新活動"), digits and
brackets come in full- and half-width, and the same regulation is printed as 補(捐)助 and 補捐助.
`repair` produces the text citations are found in (and quoted as evidence); `statute_key` folds a
name to the form names are compared in.
"""

from __future__ import annotations

import re
import unicodedata

from ingest import numerals

# Full-width ASCII letters, digits and brackets fold to half-width; CJK punctuation (，；：、) is kept
# because the clause splitter relies on it.
_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}
_WIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})
_WIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})
_WIDTH.update({"（": "(", "）": ")", "［": "[", "］": "]", "\u3000": " ", "－": "-", "﹝": "(", "﹞": ")"})
_WIDTH_TABLE = str.maketrans(_WIDTH)

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff01-\uff65"  # ideographs and CJK punctuation (「」、。，)
# Horizontal whitespace touching a CJK character is a line-wrap artefact in this material.
_WRAP_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t]+|[ \t]+(?=[{_CJK}])")
# A newline between two ideographs is a wrapped line unless the next line starts a numbered item.
_WRAP_NEWLINE = re.compile(r"(?<=[\u4e00-\u9fff])[ \t]*\n[ \t]*(?=[\u4e00-\u9fff])")
_HTML = re.compile(r"</?(?:p|ul|ol|li|br|span|div)[^>]*>", re.IGNORECASE)


def fold_width(text: str) -> str:
    return text.translate(_WIDTH_TABLE)


def repair(text: str) -> str:
    """Text with widths folded, HTML paragraph tags dropped and line-wrap spaces between CJK removed."""
    text = _HTML.sub("\n", fold_width(text))
    text = _WRAP_NEWLINE.sub("", text)
    text = _WRAP_SPACE.sub("", text)
    return re.sub(r"\n{2,}", "\n", text).strip()


def statute_key(name: str) -> str:
    """The comparison form of a statute name: NFKC, no whitespace, no brackets.

    Dropping brackets makes 補(捐)助 and 補捐助, 縣(市) and 縣（市）the same name.
    """
    folded = unicodedata.normalize("NFKC", name)
    return re.sub(r"[\s()\[\]「」『』《》〈〉]", "", folded)


def chinese_number(text: str) -> int:
    """ "28", "二十八", "一百零五", "十" → int. Raises ValueError on anything else."""
    value = numerals.chinese_number(text)
    if value is None:
        raise ValueError(f"not a number: {text!r}")
    return value


def bigrams(text: str) -> set[str]:
    key = statute_key(text)
    return {key[i : i + 2] for i in range(len(key) - 1)} or {key}


def similarity(a: str, b: str) -> float:
    """Character-bigram Dice coefficient of two names (1.0 = same bigrams)."""
    x, y = bigrams(a), bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0
