"""What kind of book this is, and whose: 單位預算 / 主管預算 / 總預算 / 附屬單位預算, of the central
government, a 直轄市 or a 縣市 — read from the cover, the 目次 and the running headers.

Every book of a government's budget prints the umbrella line (中央政府總預算案, 臺北市總預算案) on its
cover, so the most specific kind a title line names wins: a fund's 附屬單位預算 over a 單位預算 over a
主管預算 over the 總預算 itself. A fund book names its fund (農業特別收入基金) on every running header, even
when it has no cover (a 基金用途明細表說明 extract). The government comes from the organisation names:
a 直轄市 or 縣市 name opening the agency or a title line; otherwise the book is the central government's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.layout import squeeze

CENTRAL, MUNICIPALITY, COUNTY = "central", "直轄市", "縣市"
CENTRAL_GOVERNMENT = "中央政府"

KINDS = ("附屬單位預算", "單位預算", "主管預算", "總預算")  # most specific first
MUNICIPALITIES = ("臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市")
COUNTIES = (
    "基隆市",
    "新竹市",
    "嘉義市",
    "新竹縣",
    "苗栗縣",
    "彰化縣",
    "南投縣",
    "雲林縣",
    "嘉義縣",
    "屏東縣",
    "宜蘭縣",
    "花蓮縣",
    "臺東縣",
    "澎湖縣",
    "金門縣",
    "連江縣",
)

# A title line: "臺北市政府社會局單位預算", "農業特別收入基金附屬單位預算", "臺北市總預算案", "單位預算".
_TITLE = re.compile(r"^(?P<owner>\S{0,30}?)(?P<kind>附屬單位預算|單位預算|主管預算|總預算)案?$")
# A fund named on a running header or cover line: 農業特別收入基金, 農業發展基金 (not 基金來源明細表).
_FUND = re.compile(r"^(?P<fund>\S{2,20}?基金)(?:附屬單位預算案?)?$")
_FUND_TABLE = re.compile(r"基金(?:來源|用途)|餘絀|現金流量")
_HEADER_LINES = 4  # a page's running header: organisation, fund, title, year


@dataclass(frozen=True)
class BookKind:
    """The kind of a budget book and the government it belongs to."""

    kind: str = "單位預算"  # 單位預算 | 主管預算 | 總預算 | 附屬單位預算
    level: str = CENTRAL  # central | 直轄市 | 縣市
    government: str = CENTRAL_GOVERNMENT  # 中央政府, 臺北市, 新北市, 高雄市, 宜蘭縣, …
    fund: str = ""  # the fund a 附屬單位預算 budgets

    @property
    def local(self) -> bool:
        return self.level != CENTRAL

    @property
    def layout(self) -> str:
        """The layout family the parsers know: the central 單位預算 book, a local 單位預算, a fund book…"""
        if self.kind == "附屬單位預算":
            return "fund"
        return f"local {self.kind}" if self.local else f"central {self.kind}"

    def describe(self) -> str:
        """One line for people: 臺北市 (直轄市) 單位預算, 中央政府 附屬單位預算 農業特別收入基金."""
        where = self.government if not self.local else f"{self.government} ({self.level})"
        return " ".join(part for part in (where, self.kind, self.fund) if part)

    def book_title(self, agency: str) -> str:
        """The book's title from its agency: 臺北市政府社會局單位預算, 農業部農業特別收入基金附屬單位預算."""
        fund = self.fund if self.fund not in agency else ""
        return f"{agency}{fund}{self.kind}"


def unknown_layout(source: str, kind: BookKind, titles: Iterable[str]) -> str:
    """The one-line message for a book none of whose pages is a table budgetkg reads."""
    seen = list(dict.fromkeys(_short(squeeze(t)) for t in titles if squeeze(t)))
    printed = f" (its pages print: {'、'.join(seen[:6])}{' …' if len(seen) > 6 else ''})" if seen else ""
    return (
        f"{source}: a {kind.describe()} book, but no page gives a table budgetkg reads{printed}; "
        f"budgetkg reads central 單位預算 books; the {kind.layout} layout is not supported yet."
    )


def recognise(pages: Sequence[Sequence[str]], agency: str = "") -> BookKind:
    """The kind of book whose first pages print `pages` (each a page's visible lines, top first).

    `agency` is the organisation the running headers name most often.
    """
    flat = [[squeeze(_traditional(line)) for line in page] for page in pages]
    lines = [line for page in flat for line in page if line]
    titles = [m for m in map(_TITLE.match, lines) if m]
    fund = _fund(flat)
    kind = next((k for k in KINDS if any(m.group("kind") == k for m in titles)), "")
    if fund and kind in ("", "單位預算", "總預算"):
        kind = "附屬單位預算"  # a fund's own book: its cover may be missing, or print only the 總預算 line
    headers = [line for page in flat for line in page[:_HEADER_LINES] if line]
    level, government = _government(
        [squeeze(_traditional(agency)), *(m.group("owner") for m in titles), *headers]
    )
    return BookKind(kind=kind or "單位預算", level=level, government=government, fund=fund)


def _fund(pages: Iterable[Sequence[str]]) -> str:
    """The fund a running header names (農業特別收入基金), where the page's title is a fund table or the
    header repeats on most pages; '' for a book that budgets no fund."""
    named: dict[str, int] = {}
    fund_tables = False
    total = 0
    for page in pages:
        header = [line for line in page[:_HEADER_LINES] if line]
        if not header:
            continue
        total += 1
        for line in header:
            match = _FUND.match(line)
            if match:
                named[match.group("fund")] = named.get(match.group("fund"), 0) + 1
            if _FUND_TABLE.search(line):
                fund_tables = True
    if not named:
        return ""
    fund, count = max(named.items(), key=lambda item: item[1])
    return fund if fund_tables or count * 2 >= total else ""


def _government(names: Iterable[str]) -> tuple[str, str]:
    """(level, government) from the first organisation name that opens with a local government's."""
    for name in names:
        for city in MUNICIPALITIES:
            if name.startswith(city):
                return MUNICIPALITY, city
        for county in COUNTIES:
            if name.startswith(county):
                return COUNTY, county
    return CENTRAL, CENTRAL_GOVERNMENT


def _short(title: str, size: int = 24) -> str:
    return title if len(title) <= size else title[: size - 1] + "…"


def _traditional(text: str) -> str:
    """台 → 臺 in place names, as the official names print them (台北市 in some running headers)."""
    return text.replace("台", "臺")
