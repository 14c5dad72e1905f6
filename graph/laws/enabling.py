"""Enabling clauses of regulations: 「本辦法依產業創新條例第九條第二項規定訂定之」 → the parent articles.

A 命令 names the statute article that empowers it, almost always in its first article. `enabling_clause`
finds that sentence; `parse_clause` reads it into parents (statute name as written, article, label),
following several parents (「依法院組織法第十七條第五項、少年及家事法院組織法第十一條第五項…規定」),
第N條之M, Chinese numerals (graph.laws.citations.article_refs, which reads them with ingest.numerals),
同法 / 本法 / 本條例 (the name defined with 以下簡稱, else the statute the regulation's own name extends:
「所得稅法施行細則」 → 所得稅法). `resolve_parent` maps a written name to a pcode of the corpus.

The shapes it cannot read are reported by `parse_clause` as `Clause.problem` (benchmarks list them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from graph.laws.citations import article_refs
from graph.laws.normalise import chinese_number, fold_width, statute_key

# The sentence that delegates: …依…(規定|授權)…訂定(之|本…) / 訂之 / 定之.
_ENACTS = re.compile(
    r"(?:訂定|訂|定|制定|擬訂)(?:之|本(?:辦法|細則|規則|標準|準則|規程|綱要|要點|通則))|(?:訂定|制定)(?=[，。,;；]|$)"
)
_INTRO = re.compile(r"(依據|依照|根據|依|爰依)")
_NUM = r"[0-9零〇一二三四五六七八九十百千]+"
_FIRST_ARTICLE = re.compile(rf"第{_NUM}(?:-\d+)?條")
_DEFINED = re.compile(r"\s*\((?:以下|下)?(?:簡稱|稱)「?([^()「」]{1,12}?)」?\)")
_SEPARATORS = re.compile(
    r"(?:規定|之規定|授權|之授權|再準用|準用|適用|參酌|及|與|暨|和|、|,|，|並|以及|或|依據|依照|依)+"
)
# 「修正法院組織法」, 「中華民國九十年十一月二十一日修正之身心障礙者保護法」: the name without its version words
_VERSION_WORDS = re.compile(r"^(?:中華民國[^之]{4,20}?(?:修正|公布|制定)之|修正)")
_SAME = ("本法", "本條例", "同法", "同條例", "該法", "該條例", "本通則", "同通則")
_OWN_SUFFIXES = ("施行細則", "細則")


# 「第一〇三條」: digits written positionally, without 十/百 (ingest.numerals reads the unit form)
_DIGITS = "〇一二三四五六七八九零"
_POSITIONAL = re.compile(r"(?<=第)[〇零一二三四五六七八九]{2,}(?=[條項款])")


@dataclass(frozen=True)
class Parent:
    """One parent article named by an enabling clause."""

    name: str  # the statute as written (normalised; 本法 replaced by the name it stands for)
    article: str = ""  # "9", "28-5"; "" when the clause names the statute only
    label: str = ""  # "第9條第2項"
    pcode: str = ""  # filled by `resolve_parents`


@dataclass(frozen=True)
class Clause:
    """The enabling clause of one regulation, parsed."""

    text: str  # the sentence, as evidence
    article: str  # the regulation's article holding it ("1")
    parents: tuple[Parent, ...] = ()
    problem: str = ""  # why it could not be read ("" when parents were found)
    abbreviations: dict[str, str] = field(default_factory=dict)  # 本法 → 產業創新條例


def _sentences(text: str) -> list[str]:
    # A newline not after 。/：/； is a wrapped line (編制表 notes wrap mid-word); ○ is a zero there too.
    text = text.replace("○", "〇").replace("﹙", "(").replace("﹚", ")")
    text = re.sub(r"(?<![。：:；;])\n", "", text)
    text = _POSITIONAL.sub(lambda m: str(int("".join(str(_DIGITS.index(c) % 10) for c in m.group(0)))), text)
    return [s + "。" for s in re.split(r"[。\n]", text) if s.strip()]


def enabling_clause(articles: list[tuple[str, str]], limit: int = 3) -> tuple[str, str] | None:
    """(article number, sentence) of the first sentence in the first `limit` articles that delegates."""
    for number, text in articles[:limit]:
        for sentence in _sentences(fold_width(re.sub(r"[ \t\r]+", "", text))):
            if _INTRO.search(sentence) and _ENACTS.search(sentence) and "第" in sentence:
                return number, sentence
            if _INTRO.search(sentence) and re.search(r"(規定|授權)(?:訂定|訂|定)", sentence):
                return number, sentence
    for number, text in articles[:limit]:  # 依…法規定訂定之 without an article
        for sentence in _sentences(fold_width(re.sub(r"[ \t\r]+", "", text))):
            if _INTRO.search(sentence) and _ENACTS.search(sentence):
                return number, sentence
    return None


def _lstrip_separators(text: str) -> str:
    found = _SEPARATORS.match(text)
    return text[found.end() :] if found else text


def _own_statute(regulation: str) -> str:
    """「所得稅法施行細則」 → 所得稅法: the statute a 施行細則 extends ("" if the name says nothing)."""
    for suffix in _OWN_SUFFIXES:
        if regulation.endswith(suffix) and len(regulation) > len(suffix) + 1:
            return regulation[: -len(suffix)]
    return ""


def parse_clause(sentence: str, article: str = "1", regulation: str = "") -> Clause:
    """Parents of one enabling sentence. `regulation`: the regulation's name (for a bare 本法)."""
    text = fold_width(sentence)
    intro = _INTRO.search(text)
    enacts = None
    for match in _ENACTS.finditer(text):
        enacts = match
    end = enacts.start() if enacts else len(text)
    if intro is None or intro.start() >= end:
        return Clause(sentence, article, problem="no 依…訂定 frame")
    body = text[intro.end() : end]
    body = re.sub(r"(?:之)?(?:規定|授權)$", "", body)
    parents: list[Parent] = []
    abbreviations: dict[str, str] = {}
    pos = 0
    last_name = ""
    last_article = ""
    while pos < len(body):
        separator = _SEPARATORS.match(body, pos)
        if separator:
            pos = separator.end()
            continue
        found = _FIRST_ARTICLE.search(body, pos)
        name_end = found.start() if found else len(body)
        name = body[pos:name_end]
        defined = None
        # 「…條例(以下簡稱本條例)第九條」: the definition sits between the name and its articles
        # 「…條例(以下簡稱本條例)第九條」: definitions sit between a name and its articles, and inside names
        # (「自由貿易港區(以下簡稱自由港區)設置管理條例(以下簡稱本條例)」): each one is cut out
        start = 0
        while paren := re.compile(r"\((?:以下|下)?(?:簡稱|稱)").search(name, start):
            defined = _DEFINED.match(name, paren.start())
            if defined is None:
                start = paren.end()
                continue
            before = name[: paren.start()]
            if _looks_like_statute(_tail_name(before)):
                abbreviations[defined.group(1)] = _tail_name(before)
            name = before + name[defined.end() :]
            start = paren.start()
        name = name.strip("「」『』 ")
        # 「…第九條第一項規定，設置…基金，並依同條第二項及預算法第二十一條」: the name after the last 依
        if re.search(r"[，,;；]", name):
            name = _tail_name(name)
        name = _VERSION_WORDS.sub("", name)
        same = re.match(rf"同條(?!例)(?:項|第({_NUM})項)?", name)
        if same and last_article:
            # 「並依同條第二項及預算法…」: the article just named, then what follows it
            main, _, sub = last_article.partition("-")
            label = f"第{main}條" + (f"之{sub}" if sub else "")
            if same.group(1):
                label += f"第{chinese_number(same.group(1))}項"
            parents.append(Parent(last_name, last_article, label))
            name = _lstrip_separators(name[same.end() :])
        if name.startswith("其") and last_name and len(name) > 1:
            name = last_name + name[1:]  # 「…法及其施行細則第五條」
        if name in _SAME or name in abbreviations:
            name = abbreviations.get(name) or last_name or _own_statute(regulation)
        elif not name and found:
            name = last_name  # 「第十條及第十一條」 after a parent: the same statute
        else:
            # 「本法施行細則第八條」: the abbreviation extended (電腦處理個人資料保護法施行細則)
            for short in sorted([*abbreviations, *_SAME], key=len, reverse=True):
                if name.startswith(short) and len(name) > len(short):
                    full = abbreviations.get(short) or last_name or _own_statute(regulation)
                    if full:
                        name = full + name[len(short) :]
                    break
        if not name:
            break
        if found is None:
            if _looks_like_statute(name):
                parents.append(Parent(name))
            break
        refs, after = article_refs(body, found.start())
        if not refs:
            pos = found.end()
            continue
        parents.extend(Parent(name, ref.number, ref.label) for ref in refs)
        last_name, last_article = name, refs[-1].number
        pos = after
        # 第三項及第四項 / 第一款 left over after the article list: skip to the next name
        while True:
            rest = re.match(
                rf"(?:(?:、|及|與|暨|或|至)?第{_NUM}[項款目]|前段|後段|但書|本文)(?:規定)?", body[pos:]
            )
            if not rest:
                break
            pos += rest.end()
    if not parents:
        return Clause(sentence, article, problem=_problem(body), abbreviations=abbreviations)
    return Clause(sentence, article, tuple(_dedup(parents)), abbreviations=abbreviations)


_STATUTE_END = re.compile(r"(法|條例|通則|規程|規則|細則|辦法|綱要|標準|準則|律|公約|協定|憲法|條文)$")


def _looks_like_statute(name: str) -> bool:
    return bool(_STATUTE_END.search(name)) and 2 <= len(name) <= 60


def _problem(body: str) -> str:
    if not body.strip():
        return "empty 依…訂定"
    if not _FIRST_ARTICLE.search(body):
        return "no statute name and no article"
    return "articles without a statute name"


def _tail_name(text: str) -> str:
    """The statute name at the end of a run: 「特依據中小企業發展條例」 → 中小企業發展條例."""
    tail = re.split(r"[，,;；]", text)[-1]
    later = list(_INTRO.finditer(tail))
    return _lstrip_separators(tail[later[-1].end() :] if later else tail).strip("「」『』 ")


def _dedup(parents: list[Parent]) -> list[Parent]:
    """Each (statute, article as cited) once; 第9條第1項 and 第9條第2項 are two citations."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for parent in parents:
        key = (statute_key(parent.name), parent.label or parent.article)
        if key not in seen:
            seen.add(key)
            kept.append(parent)
    return kept


def resolve_parents(clause: Clause, lookup: Callable[[str], str]) -> Clause:
    """The clause with each parent's pcode (`lookup(name)` → pcode or "")."""
    parents = tuple(Parent(p.name, p.article, p.label, p.pcode or lookup(p.name)) for p in clause.parents)
    return Clause(clause.text, clause.article, parents, clause.problem, clause.abbreviations)


def parse_regulation(name: str, articles: list[tuple[str, str]]) -> Clause | None:
    """The parsed enabling clause of a regulation (articles as (number, text)), or None without one."""
    found = enabling_clause(articles)
    if found is None:
        return None
    number, sentence = found
    return parse_clause(sentence, number, name)
