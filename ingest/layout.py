"""What a unit budget book (單位預算) looks like: its section titles and the table headers that
identify them. Readers use it to split pages and number them; `sections` uses it to name sections.
"""

from __future__ import annotations

import re
import unicodedata

# Section kinds by the title the book prints (spaces removed). Order matters: first match wins.
SECTION_KINDS: list[tuple[str, str]] = [
    ("預算總說明", "general_statement"),
    ("歲入來源別預算表", "revenue_by_source"),
    ("歲出機關別預算表", "expenditure_by_agency"),
    ("歲入項目說明提要表", "revenue_explanation"),
    ("歲出計畫提要及分支計畫概況表", "plan_summary"),
    ("各項費用彙計表", "expense_summary"),
    ("歲出一級用途別科目分析表", "object_class_analysis"),
    ("資本支出分析表", "capital_expenditure"),
    ("人事費彙計表", "personnel_cost"),
    ("預算員額明細表", "staffing"),
    ("公務車輛明細表", "vehicles"),
    ("現有辦公房舍明細表", "offices"),
    ("補助經費分析表", "subsidies"),
    ("捐助經費分析表", "donations"),
    ("派員出國計畫預算總表", "travel_summary"),
    ("派員出國計畫預算類別表", "travel_abroad"),
    ("派員赴大陸計畫預算類別表", "travel_mainland"),
    ("歲出按職能及經濟性綜合分類表", "functional_economic"),
    ("跨年期計畫概況表", "multi_year_plans"),
    ("委辦經費分析表", "commissions"),
    ("媒體政策及業務宣導費彙計表", "media_publicity"),
    ("立法院審議", "legislative_resolutions"),
    # issue 14: 臺北市 books title their coded tables 歲入預算表 / 歲出預算表 (11-digit codes, 經常門 | 資本門)
    ("歲入預算表", "revenue_by_source"),
    ("歲出預算表", "expenditure_by_agency"),
]

# A table whose first header row contains one of these belongs to that section even when the
# running page header that should announce it is missing (it happens in conversions of spreads).
TABLE_SIGNATURES: dict[str, str] = {
    "補助計畫": "補助經費分析表",
    "捐助計畫": "捐助經費分析表",
    "委辦計畫": "委辦經費分析表",
    "科目設備": "資本支出分析表",  # its 設備及投資 group heads the first column group
}

UNIT_LINE = re.compile(r"單位[:：]\s*新臺幣\s*(千元|萬元|億元|元)")
YEAR_LINE = re.compile(r"^(?:中華民國)?\s*(\d{2,3})\s*年度$")
BLANK_PAGE = re.compile(r"^本\s*頁\s*空\s*白$")


def squeeze(text: str) -> str:
    """NFKC-fold and drop all white space: for comparing titles printed with spaced letters."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def section_kind(title: str) -> str | None:
    """The section kind a printed title names, or None."""
    flat = squeeze(title)
    if not flat:
        return None
    if flat.startswith("附錄:"):  # the PDF reader marks appendix pages, which repeat tables per organisation
        return "appendix"
    for known, kind in SECTION_KINDS:
        if known in flat:
            return kind
    return None


def kind_of_partial_title(fragment: str) -> str | None:
    """The section kind of a left-half title such as 歲出一級用途 (a prefix of the full title)."""
    flat = squeeze(fragment)
    if len(flat) < 3:
        return None
    for known, kind in SECTION_KINDS:
        if known.startswith(flat) or flat in known:
            return kind
    return None


def title_of_kind(kind: str) -> str:
    return next(title for title, k in SECTION_KINDS if k == kind)


def table_signature_title(first_row: list[str]) -> str | None:
    flat = squeeze("".join(first_row))
    for marker, title in TABLE_SIGNATURES.items():
        if flat.startswith(marker):
            return title
    return None
