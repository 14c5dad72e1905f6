"""Amounts as printed in budget books, with their exact value in NT$ (元).

Tables print thousands (千元) or hundreds of millions (億元); narrative mixes 萬元/億元 and Chinese
magnitude words ("8 億 9,313 萬 9 千元", "1 萬 6,674"). Every amount keeps what was printed and its
unit so a reader can find it again in the book, plus `value_ntd`, an exact Decimal in 元.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

UNIT_FACTORS: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1_000),
    "萬元": Decimal(10_000),
    "百萬元": Decimal(1_000_000),
    "億元": Decimal(100_000_000),
}

# A bare dash (any width) is how the books print zero.
_ZERO_MARKS = {"-", "—", "－", "–", "─", "―", "‐"}
_MAGNITUDES = {
    "兆": Decimal(10) ** 12,
    "億": Decimal(10) ** 8,
    "萬": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
}


class AmountError(ValueError):
    """Raised when text that should be an amount is not one."""


@dataclass(frozen=True)
class Amount:
    """A money amount: `printed` text, its `unit` (千元/萬元/億元/元) and exact `value_ntd` in 元."""

    printed: str
    unit: str
    value_ntd: Decimal

    @property
    def in_unit(self) -> Decimal:
        """The value expressed in the printed unit (e.g. 1234 for "1,234" 千元)."""
        return self.value_ntd / UNIT_FACTORS[self.unit]

    def __add__(self, other: Amount) -> Amount:
        unit = self.unit if self.unit == other.unit else "元"
        total = self.value_ntd + other.value_ntd
        return Amount(printed=format_number(total / UNIT_FACTORS[unit]), unit=unit, value_ntd=total)

    @classmethod
    def zero(cls, unit: str = "千元") -> Amount:
        return cls(printed="-", unit=unit, value_ntd=Decimal(0))

    @classmethod
    def of(cls, value_in_unit: Decimal | int | str, unit: str = "千元") -> Amount:
        value = Decimal(value_in_unit)
        return cls(printed=format_number(value), unit=unit, value_ntd=value * UNIT_FACTORS[unit])


def normalise_number_text(text: str) -> str:
    """Fold full-width digits and punctuation, drop spaces inside the number."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", folded)


def is_zero_mark(text: str) -> bool:
    return normalise_number_text(text) in _ZERO_MARKS or text.strip() in _ZERO_MARKS


def parse_number(text: str) -> Decimal | None:
    """A table cell's number: "1,234" → 1234, "-984,152" → -984152, "-" → 0, "" → None.

    Returns None for a blank cell; raises AmountError for text that is not a number.
    """
    raw = text.strip()
    if not raw:
        return None
    if is_zero_mark(raw):
        return Decimal(0)
    folded = normalise_number_text(raw).replace("−", "-").replace("△", "-")
    if folded.startswith("(") and folded.endswith(")"):
        folded = "-" + folded[1:-1]
    if not re.fullmatch(r"-?\d{1,3}(,\d{3})*(\.\d+)?|-?\d+(\.\d+)?", folded):
        raise AmountError(f"not a number: {text!r}")
    try:
        return Decimal(folded.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex already rules this out
        raise AmountError(f"not a number: {text!r}") from exc


def parse_cell(text: str, unit: str = "千元") -> Amount | None:
    """A table cell as an Amount in the table's unit; None for a blank cell."""
    value = parse_number(text)
    if value is None:
        return None
    return Amount(printed=text.strip(), unit=unit, value_ntd=value * UNIT_FACTORS[unit])


_NARRATIVE = re.compile(
    r"(?P<num>(?:\d[\d,，]*(?:\.\d+)?\s*(?:兆|億|萬|千)\s*)*\d[\d,，]*(?:\.\d+)?)\s*(?P<unit>千元|萬元|億元|百萬元|元)"
)


def parse_narrative(text: str) -> Amount:
    """One amount written in prose: "1,176,000千元", "8 億 9,313 萬 9 千元", "3.03億元", "17億1,993萬4千元".

    The printed unit of a mixed amount is the smallest magnitude written (千元 in "8億9,313萬9千元").
    """
    folded = unicodedata.normalize("NFKC", text).strip()
    match = _NARRATIVE.fullmatch(folded) or _NARRATIVE.search(folded)
    if not match:
        raise AmountError(f"no amount in {text!r}")
    number, unit = match.group("num"), match.group("unit")
    parts = re.findall(r"(\d[\d,，]*(?:\.\d+)?)\s*(兆|億|萬|千)?", number)
    total = Decimal(0)
    smallest_unit = unit
    for digits, magnitude in parts:
        value = Decimal(digits.replace(",", "").replace("，", ""))
        if magnitude:
            total += value * _MAGNITUDES[magnitude]
            smallest_unit = magnitude + "元" if magnitude != "兆" else "元"
        else:
            total += value * UNIT_FACTORS[unit]
            smallest_unit = unit
    if smallest_unit not in UNIT_FACTORS:
        smallest_unit = "元"
    return Amount(printed=match.group(0), unit=smallest_unit, value_ntd=total)


def find_narrative_amounts(text: str) -> list[tuple[int, int, Amount]]:
    """Every amount written in prose, with its character span in `text` (after NFKC folding)."""
    folded = unicodedata.normalize("NFKC", text)
    found = []
    for match in _NARRATIVE.finditer(folded):
        try:
            found.append((match.start(), match.end(), parse_narrative(match.group(0))))
        except AmountError:
            continue
    return found


def format_number(value: Decimal) -> str:
    """Format like the books do: thousands separators, no trailing zeros."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
