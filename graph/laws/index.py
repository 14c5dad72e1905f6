"""The law index: names and codes (pcode) of Taiwan's laws and regulations, aliases, article texts.

Shipped under data/laws/ (a snapshot of the Ministry of Justice open data, see its README). Users can
refresh it from the official bulk download: `load_index` also reads ChLaw.json / ChOrder.json
(fields LawLevel, LawName, LawURL with pcode=…, LawArticles[{ArticleType, ArticleNo, ArticleContent}]).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from graph.laws.normalise import chinese_number, fold_width, statute_key

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "laws"
INDEX_FILE = "moj-law-index.json"
ALIASES_FILE = "moj-law-aliases.json"
ARTICLES_DIR = "articles"

LAW_ALL_URL = "https://law.moj.gov.tw/LawClass/LawAll.aspx?pcode={pcode}"
LAW_SINGLE_URL = "https://law.moj.gov.tw/LawClass/LawSingle.aspx?pcode={pcode}&flno={flno}"


class LawIndexError(ValueError):
    """The law index file is missing or not in a format we read."""


@dataclass(frozen=True)
class Law:
    pcode: str
    name: str
    last_update: str = ""  # YYYYMMDD
    english: str = ""
    level: str = ""  # 法律 | 命令 (official bulk format only)

    @property
    def url(self) -> str:
        return LAW_ALL_URL.format(pcode=self.pcode)

    def article_url(self, article: str) -> str:
        return LAW_SINGLE_URL.format(pcode=self.pcode, flno=article)


@dataclass
class LawIndex:
    laws: dict[str, Law] = field(default_factory=dict)  # pcode → law
    by_key: dict[str, str] = field(default_factory=dict)  # statute_key(name or alias) → pcode
    aliases: dict[str, str] = field(default_factory=dict)  # statute_key(alias) → pcode
    articles: dict[str, dict[str, str]] = field(default_factory=dict)  # pcode → {"62-1": text}

    def add(self, law: Law) -> None:
        self.laws[law.pcode] = law
        self.by_key.setdefault(statute_key(law.name), law.pcode)
        base, current = plain_name(law.name)
        if base != law.name:
            # 總統副總統選舉罷免法（新 84.08.09 制定）: books cite the plain name, meaning the current act
            if current:
                self.by_key[statute_key(base)] = law.pcode
            else:
                self.by_key.setdefault(statute_key(base), law.pcode)

    def add_alias(self, alias: str, pcode: str) -> None:
        if pcode in self.laws:
            self.aliases[statute_key(alias)] = pcode

    def lookup(self, name: str) -> Law | None:
        """Exact lookup by full name or alias (compared by `statute_key`)."""
        key = statute_key(name)
        pcode = self.by_key.get(key) or self.aliases.get(key)
        return self.laws.get(pcode) if pcode else None

    def article_text(self, pcode: str, article: str) -> str:
        return self.articles.get(pcode, {}).get(article, "")

    def names(self) -> Iterable[tuple[str, str]]:
        """(key, pcode) of every full name and alias."""
        yield from self.by_key.items()
        yield from self.aliases.items()


_VERSION_NOTE = re.compile(r"[（(]\s*(新|舊)[^）)]*[）)]$")


def plain_name(name: str) -> tuple[str, bool]:
    """A name without the index's version note, and whether the note marks the current (新) version."""
    match = _VERSION_NOTE.search(name)
    return (name[: match.start()].strip(), match.group(1) == "新") if match else (name, False)


def article_number(printed: str) -> str:
    """'第 62-1 條', '第62條之1', '第二十八條之五' → '62-1' / '28-5'; '' if not an article heading."""
    text = re.sub(r"\s+", "", fold_width(printed))
    match = re.fullmatch(
        r"第?([0-9一二三四五六七八九十百零〇]+)(?:條|点|點)?(?:[-之]([0-9一二三四五六七八九十百零〇]+))?(?:條)?",
        text,
    )
    if not match:
        return ""
    main = str(chinese_number(match.group(1)))
    return f"{main}-{chinese_number(match.group(2))}" if match.group(2) else main


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise LawIndexError(
            f"law index not found: {path} (expected {INDEX_FILE} or the MOJ ChLaw.json)"
        ) from exc
    except json.JSONDecodeError as exc:
        raise LawIndexError(
            f"{path} is not valid JSON ({exc}); re-download it or restore data/laws/"
        ) from exc


def _official_laws(payload: Any) -> list[dict[str, Any]]:
    """The law list of an official MOJ bulk file ({"Laws": [...]} in ChLaw.json / ChOrder.json)."""
    if isinstance(payload, dict):
        for key in ("Laws", "laws"):
            if isinstance(payload.get(key), list):
                return list(payload[key])
    if isinstance(payload, list) and payload and isinstance(payload[0], dict) and "LawName" in payload[0]:
        return list(payload)
    return []


def _pcode_of(url: str) -> str:
    values = parse_qs(urlparse(url).query)
    for key, found in values.items():
        if key.lower() == "pcode" and found:
            return found[0]
    return ""


def read_official(index: LawIndex, payload: Any) -> int:
    """Merge an official MOJ bulk file into `index`; returns the number of laws read."""
    count = 0
    for item in _official_laws(payload):
        pcode = _pcode_of(str(item.get("LawURL", "")))
        name = str(item.get("LawName", "")).strip()
        if not pcode or not name:
            continue
        index.add(
            Law(
                pcode=pcode,
                name=name,
                last_update=str(item.get("LawModifiedDate", "")),
                english=str(item.get("EngLawName", "")),
                level=str(item.get("LawLevel", "")),
            )
        )
        texts: dict[str, str] = {}
        for article in item.get("LawArticles") or []:
            if str(article.get("ArticleType", "A")) != "A":
                continue  # "C" rows are chapter headings
            number = article_number(str(article.get("ArticleNo", "")))
            if number:
                texts[number] = str(article.get("ArticleContent", "")).strip()
        if texts:
            index.articles[pcode] = texts
        count += 1
    return count


def read_snapshot(index: LawIndex, payload: Any) -> int:
    """Merge the shipped index format ([{PCode, name, lastUpdate, english}])."""
    if not isinstance(payload, list) or (payload and "PCode" not in payload[0]):
        return 0
    for item in payload:
        index.add(
            Law(
                str(item["PCode"]),
                str(item["name"]),
                str(item.get("lastUpdate", "")),
                str(item.get("english", "")),
            )
        )
    return len(payload)


def read_article_file(index: LawIndex, payload: dict[str, Any]) -> None:
    """One articles/{pcode}.json (keys 法規名稱, 法規網址, 法規內容 = [{條號, 條文內容} | {編章節}])."""
    pcode = _pcode_of(str(payload.get("法規網址", "")))
    if not pcode:
        return
    texts = {}
    for item in payload.get("法規內容") or []:
        number = article_number(str(item.get("條號", "")))
        if number:
            texts[number] = str(item.get("條文內容", "")).strip()
    index.articles[pcode] = texts


def load_index(
    path: Path | None = None, aliases: Path | None = None, articles: Path | None = None
) -> LawIndex:
    """Load a law index: the shipped snapshot by default, or an official ChLaw.json / ChOrder.json.

    `path` may also be a directory holding ChLaw.json and/or ChOrder.json (both are merged).
    """
    index = LawIndex()
    path = path or DATA_DIR / INDEX_FILE
    files = (
        [p for p in (path / "ChLaw.json", path / "ChOrder.json") if p.exists()] if path.is_dir() else [path]
    )
    if not files:
        raise LawIndexError(f"{path} holds neither ChLaw.json nor ChOrder.json")
    for file in files:
        payload = _read_json(file)
        if not (read_snapshot(index, payload) or read_official(index, payload)):
            raise LawIndexError(
                f"{file} is not a law index: expected a list of {{PCode, name}} or the MOJ bulk format "
                "({Laws: [{LawName, LawURL, LawArticles}]})"
            )
    alias_file = aliases or DATA_DIR / ALIASES_FILE
    if alias_file.exists():
        for pcode, names in _read_json(alias_file).items():
            for name in [names] if isinstance(names, str) else names:
                index.add_alias(name, pcode)
    article_dir = articles or DATA_DIR / ARTICLES_DIR
    if article_dir.is_dir():
        for file in sorted(article_dir.glob("*.json")):
            pcode = file.stem
            if pcode not in index.articles:
                read_article_file(index, _read_json(file))
    return index


@lru_cache(maxsize=1)
def default_index() -> LawIndex:
    """The shipped index (loaded once per process)."""
    return load_index()
