"""What a budget book's page and the home page show: what the store holds, per book (issue 20).

A book's page lists its work plans with their amounts, how many entities of each kind it states, the
歲出/歲入 totals, its checks, and links onwards (budget picture, search, SPARQL); the home page lists
every book with its agency and year.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from graph.query_guard import iri_term
from graph.store import Store

# Entity kinds a reader looks for, in the order a book prints them, with their Chinese names.
KIND_NAMES = {
    "WorkPlan": "工作計畫",
    "BranchPlan": "分支計畫",
    "Project": "計畫項目",
    "LineItem": "用途別科目",
    "RevenueItem": "歲入科目",
    "Subsidy": "補助",
    "Donation": "捐助",
    "Commission": "委辦",
    "MultiYearPlan": "跨年期計畫",
    "Resolution": "立法院決議",
    "OfficialLetter": "公文",
    "Personnel": "預算員額",
    "Vehicle": "公務車輛",
    "TravelPlan": "出國計畫",
    "LegalBasisStatement": "法律依據",
}

# Questions the sample answers, for the home page: each opens a search or a page.
EXAMPLE_QUESTIONS = [
    ("哪些計畫補助地方政府？", "/?q=" + quote("哪些計畫補助地方政府")),
    ("立法院凍結了哪些預算？", "/?q=" + quote("立法院凍結了哪些預算") + "&type=Resolution"),
    ("委辦費用在哪些計畫？", "/?q=" + quote("委辦計畫") + "&type=Commission"),
    ("歲入從哪裡來？", "/budget?side=revenue"),
    (
        "哪些預算以「經濟部協助產業創新活動補助獎勵及輔導辦法」為依據？",
        "/query?example=resting-on-regulation",
    ),
    ("工作計畫的預算與分支計畫是否相符？", "/query?example=branches-of-work-plan"),
]


@dataclass
class BookSummary:
    iri: str
    href: str
    label: str
    agency: str = ""
    roc_year: int | None = None
    kind: str = ""
    document: str = ""
    expenditure: str | None = None  # NT$ 元, Σ work plans
    revenue: str | None = None  # NT$ 元, Σ revenue items
    counts: list[dict[str, Any]] = field(default_factory=list)  # [{type, name, count}]
    work_plans: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _href(iri: str) -> str:
    return "/entity?iri=" + quote(iri, safe="")


def _sum(store: Store, book: str, kind: str) -> str | None:
    rows = store.select(
        f"SELECT (SUM(?a) AS ?total) WHERE {{ ?x a bud:{kind} ; bud:inBook {iri_term(book)} ; bud:amount ?a }}"
    )
    total = rows[0]["total"] if rows else None
    return str(Decimal(str(total))) if total is not None else None


def books_summary(store: Store, *, details: bool = False, only: str | None = None) -> list[BookSummary]:
    """Every book in the store (or `only` that one), newest year first; `details`: counts and work plans."""
    restrict = f"VALUES ?book {{ {iri_term(only)} }}" if only else ""
    rows = store.select(
        f"""SELECT ?book ?label ?year ?agency ?kind ?document WHERE {{ {restrict}
              ?book a bud:BudgetBook . OPTIONAL {{ ?book rdfs:label ?label }} OPTIONAL {{ ?book bud:rocYear ?year }}
              OPTIONAL {{ ?book bud:agency/rdfs:label ?agency }} OPTIONAL {{ ?book bud:budgetKind ?kind }}
              OPTIONAL {{ ?book bud:document ?document }} }}"""
    )
    found: dict[str, BookSummary] = {}
    for row in rows:
        iri = str(row["book"])
        found.setdefault(
            iri,
            BookSummary(
                iri=iri,
                href=_href(iri),
                label=str(row["label"] or iri),
                agency=str(row["agency"] or ""),
                roc_year=int(str(row["year"])) if row["year"] is not None else None,
                kind=str(row["kind"] or ""),
                document=str(row["document"] or ""),
            ),
        )
    books = sorted(found.values(), key=lambda b: (-(b.roc_year or 0), b.agency))
    for book in books:
        book.expenditure = _sum(store, book.iri, "WorkPlan")
        book.revenue = _sum(store, book.iri, "RevenueItem")
        if details:
            book.counts = _counts(store, book.iri)
            book.work_plans = _work_plans(store, book.iri)
    return books


def _counts(store: Store, book: str) -> list[dict[str, Any]]:
    rows = store.select(
        f"""SELECT ?type (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x bud:inBook {iri_term(book)} ; a ?type }} GROUP BY ?type"""
    )
    counts = {str(r["type"]).rsplit("#", 1)[-1]: int(str(r["n"])) for r in rows}
    return [
        {"type": kind, "name": name, "count": counts[kind]}
        for kind, name in KIND_NAMES.items()
        if counts.get(kind)
    ]


def _work_plans(store: Store, book: str) -> list[dict[str, Any]]:
    rows = store.select(
        f"""SELECT DISTINCT ?x ?label ?code ?amount WHERE {{ ?x a bud:WorkPlan ; bud:inBook {iri_term(book)} ;
              bud:amount ?amount . OPTIONAL {{ ?x rdfs:label ?label }} OPTIONAL {{ ?x bud:code ?code }} }}
            ORDER BY DESC(?amount)"""
    )
    return [
        {
            "iri": str(r["x"]),
            "href": _href(str(r["x"])),
            "label": str(r["label"] or r["x"]),
            "code": str(r["code"] or ""),
            "amount": str(r["amount"]),
        }
        for r in rows
    ]


def overview(store: Store) -> dict[str, Any]:
    """The home page's picture of the store: books, years, agencies, and questions to start from."""
    books = books_summary(store)
    return {
        "books": [b.to_json() for b in books],
        "years": sorted({b.roc_year for b in books if b.roc_year is not None}, reverse=True),
        "agencies": sorted({b.agency for b in books if b.agency}),
        "questions": [{"text": text, "href": href} for text, href in EXAMPLE_QUESTIONS],
    }
