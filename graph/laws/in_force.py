"""The law in force when a book cites it: which version the corpus text is, and what is wrong with a citation.

The corpus holds each law's latest text (snapshot date in `SNAPSHOT`) and its 沿革: dated amendments
with the articles they touched, renames (原名稱 → 新名稱), and the 廢止 mark. For a citation in a book of
ROC year Y (budget year starting 1 January Y+1911) we say whether the text shown is the version in force
then, and flag citations of repealed laws, of former names, and of articles the law does not have.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.laws.corpus import CorpusLaw, LawCorpus
from graph.laws.normalise import statute_key

SNAPSHOT = "20241011"  # date of the shipped 全國法規資料庫 snapshot (data/laws/README.md)

REPEALED, RENAMED, NO_ARTICLE, DELETED_ARTICLE, AMENDED_AFTER = (
    "repealed",
    "renamed",
    "no-such-article",
    "article-deleted",
    "amended-after-book-year",
)


@dataclass(frozen=True)
class Flag:
    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def _iso(yyyymmdd: str) -> str:
    return f"{yyyymmdd[:4]}-{yyyymmdd[4:6]}-{yyyymmdd[6:8]}" if len(yyyymmdd) == 8 else yyyymmdd


def year_start(roc_year: int) -> str:
    return f"{roc_year + 1911:04d}0101"


def last_amended(law: CorpusLaw, article: str) -> str:
    """Date of the last 沿革 event touching `article` (or the whole text); "" when none is recorded."""
    dates = [a.date for a in law.amendments if "*" in a.articles or (article and article in a.articles)]
    return max(dates, default="")


def version(law: CorpusLaw, article: str, roc_year: int | None) -> dict[str, Any]:
    """Which version the corpus text of `article` is, for a book of `roc_year`."""
    amended = last_amended(law, article) or law.date
    answer: dict[str, Any] = {
        "snapshot": _iso(SNAPSHOT),
        "law_last_changed": _iso(law.date),
        "article_last_amended": _iso(amended) if amended else "",
    }
    if roc_year is None:
        return answer
    start = year_start(roc_year)
    answer["book_year_starts"] = _iso(start)
    if amended and amended > start:
        answer["current_for_book"] = False
        answer["note"] = (
            f"amended {_iso(amended)}, after the book's year began: the text shown is the later version"
        )
    elif start > SNAPSHOT:
        answer["current_for_book"] = True
        answer["note"] = (
            f"the latest text known on {_iso(SNAPSHOT)} (the snapshot predates the book's year; "
            "later amendments are not in the corpus)"
        )
    else:
        answer["current_for_book"] = True
        answer["note"] = "unchanged since before the book's year: the text shown is the version in force"
    return answer


def citation_flags(
    corpus: LawCorpus, pcode: str, name: str, article: str, roc_year: int | None = None
) -> list[Flag]:
    """What is wrong with citing `name` (resolved to `pcode`, or not) article `article` in a book of `roc_year`."""
    flags: list[Flag] = []
    law = corpus.laws.get(pcode) if pcode else None
    law = law or corpus.lookup(name) or corpus.renamed(name)
    if law is None:
        return flags
    wanted = statute_key(name)
    rename = next((r for r in law.renames if statute_key(r.former) == wanted), None)
    if rename is not None and statute_key(law.name) != wanted:
        flags.append(
            Flag(RENAMED, f"{name} was renamed on {_iso(rename.date)}: now {law.name} ({law.pcode})")
        )
    if law.repealed:
        flags.append(Flag(REPEALED, f"{law.name} is repealed (廢止) in the corpus of {_iso(SNAPSHOT)}"))
    if article and law.article_numbers:
        if article not in law.article_numbers:
            flags.append(Flag(NO_ARTICLE, f"{law.name} has no article {article_label(article)}"))
        else:
            text = corpus.article_text(law.pcode, article)
            if text.strip("()（） ") == "刪除" or text.startswith(("（刪除）", "(刪除)")):
                flags.append(Flag(DELETED_ARTICLE, f"{law.name}{article_label(article)} is deleted (刪除)"))
    if roc_year is not None and article:
        amended = last_amended(law, article)
        if amended and amended > year_start(roc_year):
            flags.append(
                Flag(
                    AMENDED_AFTER,
                    f"{law.name}{article_label(article)} was amended on {_iso(amended)}, after the "
                    f"book's year {roc_year} began; the text shown is the later version",
                )
            )
    return flags


def article_label(article: str) -> str:
    main, _, sub = article.partition("-")
    return f"第{main}條" + (f"之{sub}" if sub else "")
