"""Find statute citations in budget-book text.

What counts as a statute (decided here, documented in docs/ARCHITECTURE.md):
- a name the law index knows (full name or alias) written anywhere, outside 「」 programme names;
- a name in 「」 that ends with a statute suffix (法, 條例, 辦法, 要點 …) and either resolves in the
  index, is a 法/條例/通則 (never a programme name), or is introduced by 依/依據/… or followed by 規定.
  「晶片驅動臺灣產業創新」 is a programme: no suffix, so never a statute;
- an unquoted name ending with a suffix in "依…規定" ("依中央對直轄市與縣(市)政府計畫及預算考核要點規定");
- in a legal-basis field (法令依據, 依據「…」 columns) every item ending with a suffix, 規定 included;
- 本署/本部 組織法 (the agency's own organic act), and 同法/本法/該法 (the statute named just before).

Relation: `direct` when the field is a legal basis, the clause introduces it with 依/依據/依照/根據/據,
or 規定 follows its articles (shared along 及/與/、 coordinations); otherwise `mention` (推動「生技醫藥
產業發展條例」 names the act a plan promotes, not the authority it spends under).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from graph.laws.index import LawIndex, plain_name
from graph.laws.normalise import chinese_number, repair

SUFFIXES = (
    "注意事項",
    "作業規定",
    "條例",
    "通則",
    "規程",
    "規則",
    "細則",
    "辦法",
    "綱要",
    "標準",
    "準則",
    "要點",
    "原則",
    "須知",
    "稅則",
    "法",
    "律",
)
_NOT_STATUTE_ENDINGS = (
    "方法",
    "做法",
    "作法",
    "手法",
    "想法",
    "看法",
    "說法",
    "立法",
    "違法",
    "合法",
    "依法",
    "執法",
    "修法",
)
_STRONG = ("條例", "通則")
_SUFFIX_ALT = "|".join(SUFFIXES)
_NUM = r"[0-9零〇一二三四五六七八九十百]+"
_ARTICLE = re.compile(
    rf"第(?P<n>{_NUM})(?:-(?P<dash>\d+))?(?P<unit>條|点|點)?(?:之(?P<sub>{_NUM}))?"
    rf"(?:第(?P<para>{_NUM})項)?(?:第(?P<item>{_NUM})款)?"
)
_LIST_SEP = re.compile(r"(、|及|與|和|或|,|，|至|到|~)(?=第)")
_INTRO = re.compile(r"(依據|依照|根據|遵照|依循|按照|依|據)")
_RULE_AFTER = re.compile(r"(?:等|之|各項|相關|有關)*規定")
_CLAUSE_END = "。；;，,\n:："
_SENTENCE_END = "。；;\n"
_QUOTED = re.compile(r"「([^「」\n]{2,80})」")
_OWN = re.compile(r"本(署|部|局|處|會|院|中心)(組織法|組織條例|組織規程|處務規程|辦事細則)(?!規)")
_SAME = re.compile(r"(同法|本法|該法|同條例|本條例|該條例|本辦法|同辦法)(?=第)")
_NAME_CHARS = r"[\u4e00-\u9fff0-9A-Za-z()]"
_YI_RULE = re.compile(
    rf"(?:依據|依照|根據|依)(?P<name>{_NAME_CHARS}{{2,40}}?(?:{_SUFFIX_ALT}))(?=(?:第{_NUM}[^，。；]{{0,40}})?(?:等|相關|有關)*規定)"
)
_GARBLED = re.compile(r"[,，;；:：。]|\d+年\d+月")
_BAD_START = ("本", "各", "相關", "有關", "其他", "該", "同", "前", "上開", "此", "前揭", "上述")


@dataclass(frozen=True)
class ArticleRef:
    number: str  # article granularity: "62", "62-1", or "4" for a 要點's 第4點
    label: str  # as written after normalisation: "第62條之1", "第28條第1項", "第4點"


@dataclass(frozen=True)
class StatuteCitation:
    name: str  # the statute as named (normalised text; 本署組織法 → 經濟部產業發展署組織法)
    articles: tuple[ArticleRef, ...] = ()
    relation: str = "direct"  # direct | mention
    evidence: str = ""  # the sentence (or legal-basis item) that cites it
    quoted: bool = False
    pcode: str = ""  # when the index matched the name as written
    start: int = 0
    end: int = 0


def is_statute_name(name: str, *, rules: bool = False) -> bool:
    """Whether a name ends like a statute (規定 too when `rules`: inside a legal-basis field)."""
    if len(name) < 3 or name.endswith(_NOT_STATUTE_ENDINGS):
        return False
    return name.endswith(SUFFIXES) or (rules and name.endswith("規定") and len(name) >= 5)


def article_refs(text: str, pos: int) -> tuple[tuple[ArticleRef, ...], int]:
    """Parse an article list starting at `pos` ("第34條、第37條及第49條", "第2與第8條", "第5條至第8條")."""
    tokens: list[tuple[re.Match[str], str]] = []  # (match, separator before the next token)
    while True:
        found = _ARTICLE.match(text, pos)
        if not found:
            break
        separator = _LIST_SEP.match(text, found.end())
        tokens.append((found, separator.group(1) if separator else ""))
        if not separator:
            pos = found.end()
            break
        pos = separator.end()
    refs: list[ArticleRef] = []
    unit = ""
    for token, sep in reversed(tokens):  # a bare 第2 in 第2與第8條 takes the unit of what follows
        unit = token.group("unit") or unit
        if not unit:
            continue
        refs.insert(0, _ref(token, unit))
        if sep and sep in "至到~" and len(refs) >= 2:
            refs[1:1] = _range(refs[0], refs[1], unit)
    while tokens and not (tokens[-1][0].group("unit")):
        pos = tokens.pop()[0].start()  # trailing 第N without a unit (第1目, 第3款) is not an article
    return tuple(refs), pos


def _ref(match: re.Match[str], unit: str) -> ArticleRef:
    main = chinese_number(match.group("n"))
    sub = match.group("sub") or match.group("dash")
    number = f"{main}-{chinese_number(sub)}" if sub else str(main)
    label = f"第{main}{'點' if unit in '点點' else '條'}" + (f"之{chinese_number(sub)}" if sub else "")
    if match.group("para"):
        label += f"第{chinese_number(match.group('para'))}項"
    if match.group("item"):
        label += f"第{chinese_number(match.group('item'))}款"
    return ArticleRef(number, label)


def _range(first: ArticleRef, last: ArticleRef, unit: str) -> list[ArticleRef]:
    if not (first.number.isdigit() and last.number.isdigit()):
        return []
    low, high = int(first.number), int(last.number)
    word = "點" if unit in "点點" else "條"
    return [ArticleRef(str(n), f"第{n}{word}") for n in range(low + 1, high)] if 0 < high - low <= 30 else []


@dataclass
class _Span:
    start: int
    end: int
    name: str
    quoted: bool = False
    pcode: str = ""
    articles: tuple[ArticleRef, ...] = ()
    after: int = 0  # end of the article list
    direct: bool = False


@dataclass
class _Scanner:
    """The index names as they are written in text (widths folded, no spaces, brackets kept)."""

    names: dict[str, str] = field(default_factory=dict)
    last_chars: set[str] = field(default_factory=set)
    longest: int = 0


_SCANNERS: dict[int, _Scanner] = {}


def _scanner(index: LawIndex) -> _Scanner:
    found = _SCANNERS.get(id(index))
    if found is not None:
        return found
    scanner = _Scanner()
    for law in index.laws.values():
        base, current = plain_name(law.name)
        for name in {law.name, base}:
            written = repair(name).replace(" ", "")
            if len(written) < 3:  # 2-character names (民法) are too often part of other words
                continue
            if name == base and current:
                scanner.names[written] = law.pcode
            else:
                scanner.names.setdefault(written, law.pcode)
    for key, pcode in index.aliases.items():
        if len(key) >= 3:
            scanner.names.setdefault(key, pcode)
    scanner.last_chars = {name[-1] for name in scanner.names}
    scanner.longest = max((len(n) for n in scanner.names), default=0)
    _SCANNERS[id(index)] = scanner
    return scanner


def _free(spans: list[_Span], start: int, end: int, blocked: list[tuple[int, int]]) -> bool:
    return all(end <= s.start or start >= s.end for s in spans) and all(
        end <= a or start >= b for a, b in blocked
    )


def _clause_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in _CLAUSE_END) + 1


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    rights = [i for i in (text.find(c, end) for c in _SENTENCE_END) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    sentence = text[left:right].strip()
    if len(sentence) > 400:  # a run-on resolution paragraph: keep the clause around the citation
        lo, hi = max(left, start - 150), min(right, end + 150)
        sentence = ("…" if lo > left else "") + text[lo:hi].strip() + ("…" if hi < right else "")
    return sentence


def find_citations(
    text: str,
    index: LawIndex,
    *,
    legal_basis: bool = False,
    agency: str = "",
    parent_agency: str = "",
) -> list[StatuteCitation]:
    """Every statute citation in `text`, in reading order.

    `legal_basis` marks a field whose whole content is a legal basis (法令依據, a grant's 依據 column):
    every citation is direct and unindexed items ending with a suffix (要點, 規定 …) are statutes too.
    `agency` / `parent_agency` resolve 本署 / 本部 references.
    """
    t = repair(text)
    spans: list[_Span] = []
    blocked: list[tuple[int, int]] = []  # 「」 programme names: nothing inside them is a citation

    for match in _QUOTED.finditer(t):
        inner = match.group(1)
        law = index.lookup(inner)
        introduced = bool(_INTRO.search(t, _clause_start(t, match.start()), match.start()))
        _, after = article_refs(t, match.end())
        ruled = bool(_RULE_AFTER.match(t, after))
        strong = inner.endswith(_STRONG) or (inner.endswith("法") and not inner.endswith("辦法"))
        garbled = not law and bool(_GARBLED.search(inner))  # PDF columns interleaved into one run
        if is_statute_name(inner) and not garbled and (law or strong or introduced or ruled or legal_basis):
            spans.append(_Span(match.start(), match.end(), inner, True, law.pcode if law else ""))
        else:
            blocked.append((match.start(), match.end()))

    for match in _OWN.finditer(t):
        owner = parent_agency if match.group(1) == "部" and parent_agency else agency
        if owner and _free(spans, match.start(), match.end(), blocked):
            name = owner + match.group(2)
            law = index.lookup(name)
            spans.append(_Span(match.start(), match.end(), name, False, law.pcode if law else ""))

    scanner = _scanner(index)
    found: list[_Span] = []
    for end in range(3, len(t) + 1):
        if t[end - 1] not in scanner.last_chars:
            continue
        for length in range(min(scanner.longest, end), 2, -1):
            pcode = scanner.names.get(t[end - length : end])
            if pcode:
                found.append(_Span(end - length, end, t[end - length : end], False, pcode))
                break
    for span in sorted(found, key=lambda s: (-(s.end - s.start), s.start)):
        if _free(spans, span.start, span.end, blocked):
            spans.append(span)

    spans.extend(_defined_short_names(t, spans, blocked))

    for match in _YI_RULE.finditer(t):
        name = match.group("name")
        if not name.startswith(_BAD_START) and _free(spans, match.start("name"), match.end("name"), blocked):
            spans.append(_Span(match.start("name"), match.end("name"), name))

    for match in _SAME.finditer(t):
        if _free(spans, match.start(), match.end(), blocked):
            earlier = [s for s in spans if s.end <= match.start()]
            if earlier:
                last = max(earlier, key=lambda s: s.end)
                spans.append(_Span(match.start(), match.end(), last.name, last.quoted, last.pcode))

    if legal_basis:
        spans.extend(_leftover_items(t, spans, blocked))

    spans.sort(key=lambda s: s.start)
    for span in spans:
        span.articles, span.after = article_refs(t, span.end)
        clause = _clause_start(t, span.start)
        span.direct = (
            legal_basis
            or bool(_INTRO.search(t, clause, span.start))
            or bool(_RULE_AFTER.match(t, span.after))
        )
    spans.extend(_inherited(t, spans))
    spans.sort(key=lambda s: s.start)
    _share_relation(t, spans)
    return [
        StatuteCitation(
            name=s.name,
            articles=s.articles,
            relation="direct" if s.direct else "mention",
            evidence=_sentence(t, s.start, s.after or s.end),
            quoted=s.quoted,
            pcode=s.pcode,
            start=s.start,
            end=s.after or s.end,
        )
        for s in spans
    ]


_DEFINED = re.compile(r"\((?:以下|下)?(?:簡稱|稱)「?([^()「」]{2,12}?)」?\)")


def _defined_short_names(text: str, spans: list[_Span], blocked: list[tuple[int, int]]) -> list[_Span]:
    """「紀念日及節日實施辦法」(下稱實施辦法): later uses of the short name cite the statute defined."""
    found: list[_Span] = []
    for span in list(spans):
        definition = _DEFINED.match(text, span.end)
        if not definition:
            continue
        short = definition.group(1)
        blocked.append((definition.start(), definition.end()))
        for use in re.finditer(re.escape(short), text[definition.end() :]):
            start, end = definition.end() + use.start(), definition.end() + use.end()
            if _free(spans + found, start, end, blocked):
                found.append(_Span(start, end, span.name, span.quoted, span.pcode))
    return found


def _inherited(text: str, spans: list[_Span]) -> list[_Span]:
    """A bare 第N條 after a statute in the same sentence cites that statute (…預算法第62條之1，並依第95條規定)."""
    found: list[_Span] = []
    for match in _ARTICLE.finditer(text):
        if not match.group("unit") or any(
            s.start <= match.start() < max(s.after, s.end) for s in spans + found
        ):
            continue
        earlier = [s for s in spans if s.end <= match.start()]
        if not earlier:
            continue
        last = max(earlier, key=lambda s: s.end)
        between = text[max(last.after, last.end) : match.start()]
        if any(c in between for c in _SENTENCE_END):
            continue
        span = _Span(match.start(), match.start(), last.name, last.quoted, last.pcode)
        span.articles, span.after = article_refs(text, match.start())
        span.direct = bool(_INTRO.search(text, _clause_start(text, match.start()), match.start())) or bool(
            _RULE_AFTER.match(text, span.after)
        )
        found.append(span)
    return found


def _share_relation(text: str, spans: list[_Span]) -> None:
    """A 及/與/、 coordination shares its 依 and its trailing 規定 (…法第28條之5及「…辦法」第2條規定)."""
    for left, right in itertools.pairwise(spans):
        gap = text[left.after or left.end : right.start]
        if re.fullmatch(r"(、|及|與|和|暨|以及)", gap) and (right.direct or left.direct):
            left.direct = right.direct = True


def _leftover_items(text: str, spans: list[_Span], blocked: list[tuple[int, int]]) -> list[_Span]:
    """In a legal-basis field: items not in the index that still name a rule (…作業要點, …支給規定)."""
    chars = list(text)
    for span in spans:
        _, after = article_refs(text, span.end)
        for i in range(span.start, after):
            chars[i] = "|"
    for a, b in blocked:
        for i in range(a, b):
            chars[i] = "|"
    masked = "".join(chars)
    found = []
    for piece in re.finditer(r"[^|。；;，,、\n:：]+", masked):
        start, end = piece.start(), piece.end()
        numbering = re.match(r"\s*(?:\d+|[一二三四五六七八九十]+|\(\d+\))[.、)]\s*", masked[start:end])
        if numbering:
            start += numbering.end()
        intro = re.match(r"(?:依據|依照|根據|依|規定|及|與|暨|等)+", masked[start:end])
        if intro:
            start += intro.end()
        name = masked[start:end].strip()
        articles = re.search(rf"(第{_NUM}(?:條|點)\S*)$", name)
        if articles:
            name = name[: articles.start()]
        name = re.sub(r"(等)?(有關|相關)?規定$", "", name) if "等" in name else name
        if is_statute_name(name, rules=True) and "等" not in name and not name.startswith(_BAD_START):
            found.append(_Span(start, start + len(name), name))
    return found
