"""The entities behind the indexed chunks, and how a query's words meet their names.

A search hit is an entity (a work plan, project, grant row, resolution …), not a passage. Readers
type names: the exact name or code of a plan (工業技術升級輔導, 5226102200), a name inside a
question (工業技術升級輔導的預算), or a topic word (半導體). `EntityTable` gathers, per IRI, the
facts the chunks carry (type, name, code, amount, book, year, agency, stage) so ranking can tell
"this entity *is* what was typed" from "this passage mentions it".

Name match tiers (`NameMatch.tier`):
- 2 exact: the query (without the years and agencies it names) is the entity's name, code or label;
- 1 words: the entity's whole name is among the query's words, covering at least half the query;
  or the query names an amount (1,176,000千元, 11.76億, 3億元) that is the entity's own, to the
  precision typed;
- 0 otherwise; `topical` > 0 when a query term, or a thesaurus narrower term, is part of the name.
Among topical matches, plans come before the grant rows repeating their names (type prior) and
larger budgets before smaller ones (size prior): a topic word asks for the programmes about it.

Corpus scale: a query that names a fiscal year (114年, 2025) or an agency known to the index
(經濟部產業發展署, its short form 產業發展署, or its ministry 經濟部 for all of the ministry's agencies) is split into that scope and the remaining words; the
scope is a ranking preference (entities in scope first), the remaining words are what names are
matched against. Name facts live in the chunks (embed/chunks.py `entity_facts`), so books, national
tables and proposals indexed by other stages take part as soon as their chunks carry a name.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from dataclasses import dataclass, field

from embed.chunks import PASSAGE, Chunk
from embed.keyword import normalise, to_traditional
from embed.thesaurus import expansions

# Entities a reader names and a budget holds money for come first among equal matches; rows that
# repeat a plan's name in a grant table next; narrative records (施政績效, 決議) after; raw passages last.
TYPE_PRIOR: dict[str, float] = {
    "WorkPlan": 1.0,
    "BranchPlan": 1.0,
    "Project": 1.0,
    "MultiYearPlan": 1.0,
    "RevenueItem": 0.95,
    "Agency": 0.95,
    "OrgUnit": 0.9,
    "Subsidy": 0.85,
    "Donation": 0.85,
    "Commission": 0.85,
    "RevenueExplanation": 0.8,
    "PolicyPriority": 0.7,
    "PastPerformance": 0.65,
    "Resolution": 0.6,
    "BudgetNarrative": 0.6,
    PASSAGE: 0.4,
}
DEFAULT_PRIOR = 0.6
NARROWER_NAME_WEIGHT = 1.0
MIN_NAME_CHARS = 3  # shorter names (a 2-character unit name) match too much of any query
_CODE = re.compile(r"^[0-9A-Za-z]{2,}$")
_SPLIT = re.compile(r"[\s,，、。；;:：?？!！「」『』()（）\"'/]+")
_YEAR = re.compile(
    r"(?<![0-9])(?:民國\s*)?(1[0-4][0-9]|[89][0-9])\s*年度?|(?<![0-9])((?:19|20)[0-9]{2})(?:\s*年度?)?(?![0-9])"
)


def squeeze(text: str) -> str:
    """Text as names are compared: NFKC, lower case, 臺→台, Traditional, no spaces or punctuation."""
    return "".join(ch for ch in normalise(to_traditional(text)) if ch.isalnum())


def squeeze_text(text: str) -> str:
    """A book's own text squeezed like names (no Simplified → Traditional pass: books print Traditional)."""
    return "".join(ch for ch in normalise(text) if ch.isalnum())


@dataclass
class Entity:
    iri: str
    type: str
    label: str
    name: str
    code: str
    amount_ntd: float | None
    document: str
    page: int | None
    roc_year: int | None
    agency: str
    stage: str
    rows: list[int] = field(default_factory=list)
    keys: tuple[str, ...] = ()  # squeezed name, code and label

    @property
    def prior(self) -> float:
        return TYPE_PRIOR.get(self.type, DEFAULT_PRIOR)

    @property
    def size(self) -> float:
        """Size prior in [0, 1]: log10 of the amount, NT$1,000 → 0 … NT$100 billion → 1."""
        if not self.amount_ntd or self.amount_ntd <= 0:
            return 0.0
        return min(max((math.log10(self.amount_ntd) - 3) / 8, 0.0), 1.0)


def _name_of(chunk: Chunk) -> str:
    if chunk.name:
        return chunk.name
    if chunk.type in (PASSAGE, "Resolution"):
        return ""
    head, _, rest = chunk.label.partition(" ")  # older indexes: "5226102200 工業技術升級輔導"
    return rest if rest and _CODE.match(head) else chunk.label


class EntityTable:
    """Entities of an index by IRI, with their chunk rows; built once per loaded index."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.by_iri: dict[str, Entity] = {}
        for row, chunk in enumerate(chunks):
            entity = self.by_iri.get(chunk.iri)
            if entity is None:
                name = _name_of(chunk)
                code = chunk.code or ""
                keys = tuple(
                    dict.fromkeys(
                        k
                        for k in (squeeze(name), squeeze(code), squeeze(chunk.label) if name else "")
                        if len(k) >= MIN_NAME_CHARS or (k and k == squeeze(code) and len(k) >= 2)
                    )
                )
                entity = Entity(
                    iri=chunk.iri,
                    type=chunk.type,
                    label=chunk.label,
                    name=name,
                    code=code,
                    amount_ntd=chunk.amount_ntd,
                    document=chunk.document,
                    page=chunk.page,
                    roc_year=chunk.roc_year,
                    agency=chunk.agency,
                    stage=chunk.stage,
                    keys=keys,
                )
                self.by_iri[chunk.iri] = entity
            entity.rows.append(row)
        self.agencies = _agency_aliases({e.agency for e in self.by_iri.values() if e.agency})
        self.named = [e for e in self.by_iri.values() if e.keys]
        # Lookups that keep name matching independent of the number of entities (corpus scale):
        # exact keys, character bigrams of names, and amounts in order.
        self._by_key: dict[str, list[Entity]] = {}
        self._bigrams: dict[str, set[int]] = {}
        for position, entity in enumerate(self.named):
            for key in entity.keys:
                self._by_key.setdefault(key, []).append(entity)
            name = entity.keys[0]
            for i in range(len(name) - 1):
                self._bigrams.setdefault(name[i : i + 2], set()).add(position)
        with_amounts = sorted(
            (e.amount_ntd, i) for i, e in enumerate(self.by_iri.values()) if e.amount_ntd is not None
        )
        self._amounts = [a for a, _ in with_amounts]
        everyone = list(self.by_iri.values())
        self._by_amount = [everyone[i] for _, i in with_amounts]

    def __len__(self) -> int:
        return len(self.by_iri)

    def __getitem__(self, iri: str) -> Entity:
        return self.by_iri[iri]

    def get(self, iri: str) -> Entity | None:
        return self.by_iri.get(iri)

    def candidates(self, query: ParsedQuery) -> list[Entity]:
        """The entities `match_name` may match for this query (a superset), found without a scan."""
        found: dict[str, Entity] = {}
        whole = query.squeezed
        for start in range(len(whole)):  # names and codes that are a part of the query (or all of it)
            for end in range(start + 2, len(whole) + 1):
                for entity in self._by_key.get(whole[start:end], ()):
                    found[entity.iri] = entity
        for term in [t for t in query.terms if len(t) >= 2] + query.expansions:
            postings = [self._bigrams.get(term[i : i + 2], set()) for i in range(len(term) - 1)]
            if postings:
                for position in set.intersection(*postings):
                    entity = self.named[position]
                    found[entity.iri] = entity
        for value, tolerance in query.amounts:
            low = bisect.bisect_left(self._amounts, value - tolerance)
            high = bisect.bisect_right(self._amounts, value + tolerance)
            for entity in self._by_amount[low:high]:
                found[entity.iri] = entity
        return list(found.values())


def _agency_aliases(agencies: set[str]) -> dict[str, set[str]]:
    """Alias → agencies: the full name, its own part after the ministry (經濟部產業發展署 → 產業發展署),
    and the ministry itself (經濟部 → every agency of the index under it)."""
    aliases: dict[str, set[str]] = {}
    for agency in agencies:
        aliases.setdefault(squeeze(agency), set()).add(agency)
        match = re.match(r"^(.+?[部院會])(.{3,})$", agency)
        if match:
            aliases.setdefault(squeeze(match.group(2)), set()).add(agency)
            aliases.setdefault(squeeze(match.group(1)), set()).add(agency)
    return aliases


@dataclass
class ParsedQuery:
    """A query split into the scope it names (years, agencies) and the words left to match."""

    text: str  # the query as typed (Traditional)
    words: str  # without the scope, for names and keywords
    terms: list[str]  # squeezed words
    expansions: list[str]  # thesaurus narrower terms of the terms
    years: set[int] = field(default_factory=set)  # ROC years
    agencies: set[str] = field(default_factory=set)
    amounts: list[tuple[float, float]] = field(default_factory=list)  # (NT$ 元, ± tolerance) typed

    @property
    def squeezed(self) -> str:
        return "".join(self.terms)

    @property
    def has_scope(self) -> bool:
        return bool(self.years or self.agencies)


def parse_query(query: str, table: EntityTable) -> ParsedQuery:
    text = to_traditional(query)
    words = text
    years: set[int] = set()
    for match in _YEAR.finditer(text):
        roc, gregorian = match.group(1), match.group(2)
        year = int(roc) if roc else int(gregorian) - 1911
        if 80 <= year <= 200:
            years.add(year)
            words = words.replace(match.group(0), " ")
    amounts, words = _amounts_in(words)
    agencies: set[str] = set()
    squeezed_words = squeeze(words)
    for alias in sorted(table.agencies, key=len, reverse=True):
        if len(alias) >= 3 and alias in squeezed_words and alias != squeezed_words:
            agencies |= table.agencies[alias]
            squeezed_words = squeezed_words.replace(alias, " ")
            words = _remove_squeezed(words, alias)
    terms = [t for t in (squeeze(part) for part in _SPLIT.split(words)) if t]
    return ParsedQuery(
        text=text,
        words=words.strip() or text,
        terms=terms or ([] if amounts else [squeeze(text)]),
        expansions=expansions(terms),
        years=years,
        agencies=agencies,
        amounts=amounts,
    )


_BARE_MAGNITUDE = re.compile(r"([0-9][0-9,，]*(?:\.[0-9]+)?\s*[億萬])(?![0-9元])")


def _amounts_in(text: str) -> tuple[list[tuple[float, float]], str]:
    """Amounts the query names, each with half its last typed digit's value as tolerance (11.76億 is
    1,176,000,000 ± 500,000), and the query without them."""
    from ingest.amounts import UNIT_FACTORS, find_narrative_amounts

    folded = unicodedata.normalize("NFKC", text)
    folded = _BARE_MAGNITUDE.sub(lambda m: m.group(1) + "元", folded)  # 11.76億 → 11.76億元
    found: list[tuple[float, float]] = []
    rest = folded
    for _start, _end, amount in find_narrative_amounts(folded):
        last = re.findall(r"[0-9][0-9,，]*(?:\.([0-9]+))?\s*(兆|億|萬|千)?", amount.printed)
        decimals, magnitude = last[-1] if last else ("", "")
        step = float(UNIT_FACTORS.get((magnitude + "元") if magnitude else amount.unit, 1))
        step /= 10 ** len(decimals or "")
        found.append((float(amount.value_ntd), step / 2))
        rest = rest.replace(amount.printed, " ", 1)
    return found, rest if found else text


def _remove_squeezed(text: str, alias: str) -> str:
    """`text` without the first occurrence of `alias` (compared squeezed, so 臺/台 and spaces fold)."""
    for start in range(len(text)):
        for end in range(start + len(alias), min(len(text), start + 2 * len(alias)) + 1):
            if squeeze(text[start:end]) == alias:
                return text[:start] + " " + text[end:]
    return text


@dataclass(frozen=True)
class NameMatch:
    tier: int  # 2 exact, 1 the name is among the query's words, 0 neither
    topical: float  # > 0 when a query term (1.0) or a narrower term (EXPANSION_WEIGHT) is in the name


def match_name(query: ParsedQuery, entity: Entity) -> NameMatch:
    amount = entity.amount_ntd
    if amount is not None and any(abs(amount - value) <= tol for value, tol in query.amounts):
        return NameMatch(1, 1.0)
    if not entity.keys:
        return NameMatch(0, 0.0)
    whole = query.squeezed
    if whole in entity.keys:
        return NameMatch(2, 1.0)
    tier = 0
    for key in entity.keys:
        if len(key) >= 4 and key in whole and 2 * len(key) >= len(whole):
            tier = 1
            break
    name = entity.keys[0]
    topical = 0.0
    if any(len(t) >= 2 and t in name for t in query.terms):
        topical = 1.0
    elif any(t in name for t in query.expansions):
        # A name with a narrower term (IC設計 under 半導體) is about the topic as much as one with
        # the typed word; the weaker evidence of expansion applies to passages (keyword scoring).
        topical = NARROWER_NAME_WEIGHT
    return NameMatch(tier, topical if tier == 0 else 1.0)


def in_scope(query: ParsedQuery, entity: Entity) -> int:
    """How many of the scopes the query names (year, agency) the entity lies in."""
    return int(bool(query.years) and entity.roc_year in query.years) + int(
        bool(query.agencies) and entity.agency in query.agencies
    )


# Words a question wraps a name in (亞洲無人機新創計畫編了多少預算, 電子資訊產業組負責什麼): they ask about
# the entity, they do not name something else.
QUESTION_WORDS = re.compile(
    r"的|了|是|嗎|呢|有|多少|什麼|甚麼|哪些|哪個|如何|怎麼|為何|編列|編了|預算|經費|金額|計畫|負責|"
    r"辦理|內容|說明|介紹|有關|相關|資料|情形|執行|用途|做"
)


def unexplained_words(query: ParsedQuery, entity: Entity, texts: list[str]) -> list[str]:
    """The query's words that neither the entity's name, nor its text, nor question wording explain."""
    rest = []
    name = entity.keys[0] if entity.keys else ""
    for term in query.terms:
        for key in entity.keys:
            if len(key) >= 2 and key in term:
                term = term.replace(key, "")
        term = QUESTION_WORDS.sub("", term)
        if len(term) >= 2 and term not in name and not any(term in text for text in texts):
            rest.append(term)
    return rest
