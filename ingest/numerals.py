"""Chinese numerals as the books write them: 項次 (二十四), articles (第二十八條之五), counts."""

from __future__ import annotations

import unicodedata

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """ "二十四" → 24, "一百零五" → 105, "十" → 10, "28" or "２８" → 28; None for anything else."""
    text = unicodedata.normalize("NFKC", text).strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in DIGITS and c not in UNITS for c in text):
        return None
    total, digit = 0, None
    for char in text:
        if char in DIGITS:
            digit = DIGITS[char]
        else:
            # A unit without a digit before it counts once: 十二 is 12.
            total += (1 if digit is None else digit) * UNITS[char]
            digit = None
    return total + (digit or 0)
