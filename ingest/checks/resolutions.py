"""Legislative resolutions: the report was read whole and its figures are usable.

- `sequence` runs 1..N with no gap or repeat (every row became exactly one resolution);
- under each heading the 項次 increase; a skipped number is `explained` (the report lists only the
  resolutions that concern the agency, e.g. 通案決議 一, 三, 四 …) and named in the note; a 項次 that
  repeats, goes back or cannot be read is a `fail` (rows were merged, split or misread);
- every resolution that freezes money states the amount, or says why not: the amount is on a combined
  freeze (併案凍結), the sub-case only says 凍結該項預算, or the freeze is a share (5%, 十分之一);
- every cited letter's ROC date is a calendar date and matches its ISO date.
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.letters import roc_date_to_iso
from ingest.parsers._resolution_text import compact, freeze_is_proportional, item_number
from ingest.reconcile import Check, check
from ingest.records import OfficialLetter, Record, Resolution, records_of

TABLE = "決議辦理情形報告表"
SKIPPED_NOTE = "the report lists only the resolutions that concern the agency"
# What the value-less checks count: resolutions (項) and letters (件), not money.
ITEMS = "項"
LETTERS = "件"


@check("resolutions")
def sequence_is_contiguous(records: list[Record]) -> Iterable[Check]:
    resolutions: list[Resolution] = records_of(records, Resolution)
    if not resolutions:
        return
    numbers = sorted(r.sequence for r in resolutions)
    expected = list(range(1, len(numbers) + 1))
    missing = sorted(set(expected) - set(numbers))
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    status = "pass" if numbers == expected else "fail"
    note = f"{len(numbers)} resolutions"
    if status == "fail":
        note += f"; sequence missing {missing}, repeated {repeated}"
    yield Check("sequence 1..N", TABLE, None, None, status, resolutions[0].provenance.page, note, unit=ITEMS)


@check("resolutions")
def items_run_without_gaps(records: list[Record]) -> Iterable[Check]:
    resolutions: list[Resolution] = sorted(records_of(records, Resolution), key=lambda r: r.sequence)
    groups: dict[str, list[Resolution]] = {}
    for resolution in resolutions:
        groups.setdefault(resolution.provenance.section or resolution.section, []).append(resolution)
    for path, members in groups.items():
        yield _item_run(path, members)


def _item_run(path: str, members: list[Resolution]) -> Check:
    location = f"{TABLE} {members[0].section or path}"
    numbers = [item_number(r.item) for r in members]
    unreadable = [r.item for r, n in zip(members, numbers, strict=True) if n is None]
    if unreadable:
        return Check(
            "項次 readable",
            location,
            None,
            None,
            "fail",
            members[0].provenance.page,
            f"項次 {unreadable}",
            unit=ITEMS,
        )
    known = [n for n in numbers if n is not None]
    backwards = [
        f"{members[i + 1].item} after {members[i].item} (p. {members[i + 1].provenance.page})"
        for i in range(len(known) - 1)
        if known[i + 1] <= known[i]
    ]
    skipped = [n for a, b in zip([0, *known], known, strict=False) for n in range(a + 1, b)]
    page = members[0].provenance.page
    counted = f"{len(known)} items, 項次 {members[0].item}…{members[-1].item}"
    if backwards:
        return Check(
            "項次 increase",
            location,
            None,
            None,
            "fail",
            page,
            f"{counted}; " + "; ".join(backwards),
            unit=ITEMS,
        )
    if skipped:
        note = f"{counted}; book skips 項次 {_ranges(skipped)} ({SKIPPED_NOTE})"
        return Check("項次 without gaps", location, None, None, "explained", page, note, unit=ITEMS)
    return Check("項次 without gaps", location, None, None, "pass", page, counted, unit=ITEMS)


_CHINESE = "零一二三四五六七八九"


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] → "一至三, 五": runs of skipped 項次 kept short."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(_numeral(r[0]) if len(r) == 1 else f"{_numeral(r[0])}至{_numeral(r[-1])}" for r in runs)


def _numeral(n: int) -> str:
    """A number as the report prints 項次: 2 → 二, 24 → 二十四, 60 → 六十 (up to 99)."""
    if n < 10:
        return _CHINESE[n]
    tens, ones = divmod(n, 10)
    if tens >= 10:
        return str(n)
    return ("" if tens == 1 else _CHINESE[tens]) + "十" + (_CHINESE[ones] if ones else "")


@check("resolutions")
def freezes_state_their_amount(records: list[Record]) -> Iterable[Check]:
    for resolution in records_of(records, Resolution):
        if "凍結" not in resolution.kinds:
            continue
        location = f"{TABLE} {resolution.section} {resolution.item}"
        page = resolution.provenance.page
        if resolution.frozen_amount is not None:
            value = resolution.frozen_amount.value_ntd
            yield Check("凍結 amount stated", location, value, value, "pass", page)
            continue
        flat = compact(resolution.content)
        if "併案凍結" in flat:
            note = "併案凍結: the amount is stated once for the combined cases"
        elif "凍結該項預算" in flat or "凍結該預算" in flat:
            note = "凍結該項預算: a sub-case of a combined freeze, no amount of its own"
        elif freeze_is_proportional(resolution.content):
            note = "the freeze is a share of the budget, not an amount"
        else:
            yield Check(
                "凍結 amount stated", location, None, None, "fail", page, "freezes money but states no amount"
            )
            continue
        yield Check("凍結 amount stated", location, None, None, "explained", page, note)


@check("resolutions")
def letters_have_dates(records: list[Record]) -> Iterable[Check]:
    for letter in records_of(records, OfficialLetter):
        location = f"函 {letter.number}"
        try:
            iso = roc_date_to_iso(letter.roc_date)
        except ValueError as exc:
            yield Check(
                "函 date parses", location, None, None, "fail", letter.provenance.page, str(exc), unit=LETTERS
            )
            continue
        status = "pass" if iso == letter.date else "fail"
        note = "" if status == "pass" else f"{letter.roc_date} is {iso}, record says {letter.date!r}"
        yield Check(
            "函 date parses", location, None, None, status, letter.provenance.page, note, unit=LETTERS
        )
