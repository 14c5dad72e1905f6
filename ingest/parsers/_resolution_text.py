"""Reading the prose of a Legislative Yuan resolution: 項次 numerals, headings, freezes, cuts, deadlines.

Everything here works on one cell's or one resolution's text and knows nothing about tables.
Matching runs on text with whitespace removed, because the Markdown conversion puts spaces between
Chinese and digits ("凍結該預算 1,000 萬元") and PDF text wraps anywhere.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.amounts import Amount, find_narrative_amounts
from ingest.numerals import chinese_number

_NUMERALS = "零〇一二兩三四五六七八九十百千"

# A 項次 as printed: 一 / 二十四 / (一) / （十二） / 一、 / 3 / 3.
_ITEM = re.compile(rf"^[（(]?(?P<n>[{_NUMERALS}]+|\d{{1,3}})[)）]?[、.．]?$")
# A 項次 glued to the start of the text when the first page merges 項次 and 內容 ("一 113 年度中央…").
# Digits need a following 、/. so that content starting with a year ("113 年度") is not read as an item.
_GLUED_ITEM = re.compile(
    rf"^\s*(?P<item>[（(][{_NUMERALS}]+[)）]|[{_NUMERALS}]+(?=[\s、])|\d{{1,3}}[、.．](?!\d))[\s、]*"
)

_HEAVENLY = "壹貳參叁肆伍陸柒捌玖拾"


def item_number(item: str) -> int | None:
    """The number a printed 項次 stands for: "二十四" → 24, "(三)" → 3, "7" → 7; None if not a 項次."""
    match = _ITEM.match(compact(item))
    if not match:
        return None
    n = match.group("n")
    return int(n) if n.isdigit() else chinese_number(n)


def is_item(text: str) -> bool:
    return item_number(text) is not None


def split_glued_item(text: str) -> tuple[str, str] | None:
    """("一", "113 年度…") from "一 113 年度…"; None when the text does not start with a 項次."""
    match = _GLUED_ITEM.match(text)
    if not match:
        return None
    item = match.group("item")
    rest = text[match.end() :]
    if not rest.strip() or item_number(item) is None:
        return None
    return item.rstrip("、.．"), rest


# Heading ranks: 0 the budget (總預算案), 1 a numbered part (壹、 / 一、), 2 who decided (委員會審議結果,
# 通案決議), 3 the budget item or agency it is about (歲出部分第13款第2項…, 內政部部分：).
_RANKED_HEADINGS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^[{_HEAVENLY}]+、")),
    (1, re.compile(rf"^[{_NUMERALS}]+、")),
    (0, re.compile(r"^總預算案(?:部分)?[:：]?$")),
    (3, re.compile(r"^(?:歲出|歲入|收入|支出)部分")),
    (2, re.compile(r"(?:審議結果|審查結果|審查會|決議|附帶決議|注意事項)(?:部分)?[:：]?$")),
    (3, re.compile(r"部分[:：]?$")),
)
_HEADING_MAX_CHARS = 40


def heading_rank(text: str) -> int | None:
    """The rank of a sub-heading printed in the 內容 (or 項次) column, or None for ordinary text."""
    flat = compact(text)
    if not flat or len(flat) > _HEADING_MAX_CHARS or "。" in flat:
        return None
    for rank, pattern in _RANKED_HEADINGS:
        if pattern.search(flat):
            return rank
    return None


def split_headings(text: str) -> list[str]:
    """Headings sharing a cell, apart: "總預算案 壹、通案決議部分" → ["總預算案", "壹、通案決議部分"];
    "總預算案部分：\n通案決議" → two headings. Text that is not all headings comes back whole."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) > 1 and all(heading_rank(line) is not None for line in lines):
        return [part for line in lines for part in split_headings(line)]
    parts = re.split(rf"\s+(?=[{_HEAVENLY}]+、)", text.strip())
    if len(parts) > 1 and all(heading_rank(p) is not None for p in parts):
        return [p for p in parts if p]
    return [text.strip()]


def heading_name(text: str) -> str:
    """A heading as a stable name: spaces removed, trailing colon dropped ("歲出部分第13款第2項產業發展署")."""
    return compact(text).rstrip(":：")


def compact(text: str) -> str:
    """NFKC-folded text with all whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def tidy(text: str) -> str:
    """A cell's text as printed, with runs of spaces collapsed and blank lines dropped."""
    lines = (re.sub(r"[ \t\u3000]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def join_text(first: str, second: str) -> str:
    """Join text broken across pages or rows: Chinese runs on without a space; ASCII words keep one;
    after a finished sentence the next part (a sub-case 2.…, a list item 一、…) starts a new line, as
    within a cell."""
    if not first:
        return second
    if not second:
        return first
    if first[-1] in "。；;：:":
        return f"{first}\n{second}"
    if re.search(r"[A-Za-z0-9]$", first) and re.match(r"[A-Za-z0-9]", second):
        return f"{first} {second}"
    return first + second


# ---------------------------------------------------------------- what a resolution does

_FREEZE = re.compile(r"凍結")
_CUT = re.compile(r"減列|刪減|統刪|核減|刪除(?=[^，,。；;]{0,12}(?:預算|經費|\d))")
_REPORT = re.compile(
    r"書面報告|專案報告|專報|(?:提出|送交|送|檢送|提|擬具|函送)[^。；;]{0,40}?報告|報告[^。；;]{0,6}?(?:送|提出)"
)
# NFKC folds "，" to ",", so a comma ends a clause unless it separates thousands ("1,000萬元").
_CLAUSE_END = re.compile(r",(?!\d{3})|[。；;]|俟|始得|後")
_PERCENT = re.compile(r"\d+(?:\.\d+)?%|[一二三四五六七八九十]+分之[一二三四五六七八九十]+")


def kinds_of(content: str) -> tuple[str, ...]:
    """凍結 / 刪減 / 報告 as the resolution's text states them (the 辦理情形 is not read)."""
    flat = compact(content)
    kinds = []
    if _FREEZE.search(flat):
        kinds.append("凍結")
    if _CUT.search(flat):
        kinds.append("刪減")
    if _REPORT.search(flat):
        kinds.append("報告")
    return tuple(kinds)


def frozen_amount(content: str) -> Amount | None:
    """The money frozen ("凍結該預算1,000萬元", "併案凍結100萬元"); amounts of several freezes add up."""
    return _amount_after(content, _FREEZE)


def cut_amount(content: str) -> Amount | None:
    """The money cut ("減列500萬元"); None when only a percentage is cut (統刪 5%)."""
    return _amount_after(content, _CUT)


def freeze_is_proportional(content: str) -> bool:
    """True when a freeze is stated as a share (凍結…5%, 凍結十分之一) rather than an amount."""
    flat = compact(content)
    return any(_PERCENT.search(_clause(flat, match.end())) for match in _FREEZE.finditer(flat))


def _clause(flat: str, start: int) -> str:
    end = _CLAUSE_END.search(flat, start)
    return flat[start : end.start() if end else len(flat)]


def _amount_after(content: str, pattern: re.Pattern[str]) -> Amount | None:
    flat = compact(content)
    amounts: list[Amount] = []
    for match in pattern.finditer(flat):
        clause = _clause(flat, match.end())
        if _PERCENT.match(clause.lstrip("該項預算經費")):
            continue
        found = find_narrative_amounts(clause)
        if found:
            amounts.append(found[0][2])
    if not amounts:
        return None
    total = amounts[0]
    for amount in amounts[1:]:
        total = total + amount
    return total


_DEADLINES = re.compile(
    r"於(?:\d+|[一二三四五六七八九十兩半]+)個?(?:月內|個月|星期內|週內|天內|日內)"
    r"|(?<=於)(?:\d|[一二三四五六七八九十兩半])年內"
    r"|每(?:半年|季|(?:\d+|[一二三四五六七八九十兩])個月)"
    r"|\d{2,3}年\d{1,2}月(?:\d{1,2}日|底)?(?:以)?前"
)


_DEMAND = re.compile(r"報告|專報|立法院")


def deadline_of(content: str) -> str:
    """The time limit the resolution sets ("1個月內", "每半年", "113年6月底前"), spaces removed.

    Resolutions also quote other time limits (a law's "於3年內提出工廠改善計畫"); the one that binds the
    agency is in the sentence that demands a report, so that one wins over the first one written.
    """
    flat = compact(content)
    matches = list(_DEADLINES.finditer(flat))
    if not matches:
        return ""
    for match in matches:
        sentence_end = flat.find("。", match.end())
        if _DEMAND.search(flat[match.end() : sentence_end if sentence_end >= 0 else len(flat)]):
            return match.group(0).removeprefix("於")
    return matches[0].group(0).removeprefix("於")


# Names in 「」 that are plans or budget items, as opposed to statutes (law linking reads those) or
# slogans and quotations.
_QUOTED = re.compile(r"「([^「」]{2,60})」")
_PLAN_ENDINGS = re.compile(r"(?:計畫|方案|專案|輔導|行政|業務|補助|管理|費|經費|基金|建設)$")
_STATUTE_ENDINGS = re.compile(r"(?:法|條例|辦法|規則|要點|原則|準則|標準|細則|規定|通則|須知)$")
_BUDGET_BEFORE = re.compile(r"(?:第\d+目|編列|項下|辦理|預算|年度|所主管)$")
_BUDGET_AFTER = re.compile(r"^(?:預算|編列|項下|經費|計畫|業務)")


def concerns_of(content: str) -> tuple[str, ...]:
    """Plans and budget items the resolution is about: names in 「」 that read as plan or item names."""
    flat = compact(content)
    names: list[str] = []
    for match in _QUOTED.finditer(flat):
        name = match.group(1)
        # a list inside quotes (「缺工、缺水、缺電」) is a slogan, not a plan
        if _STATUTE_ENDINGS.search(name) or "、" in name:
            continue
        before = flat[max(0, match.start() - 8) : match.start()]
        after = flat[match.end() : match.end() + 4]
        plan_like = _PLAN_ENDINGS.search(name) or _BUDGET_BEFORE.search(before) or _BUDGET_AFTER.match(after)
        if plan_like and name not in names:
            names.append(name)
    return tuple(names)


def resolution_type(headings: list[str], content: str) -> str:
    """決議 / 附帶決議 / 注意事項 from the text's own label or the nearest heading that names one."""
    flat = compact(content)
    for label in ("附帶決議", "注意事項"):
        if flat.startswith(label):
            return label
    for heading in reversed(headings):
        for label in ("附帶決議", "注意事項", "決議"):
            if label in heading:
                return label
    return ""
