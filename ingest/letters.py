"""Official letters (函) cited in prose: who sent them, when (ROC date → ISO) and their 文號.

Budget books cite letters as "本部業於113年3月27日以經授產字第11351004560號函…", "經該院於113年5月22日
以台立院議字第1130701848號函復…" or "行政院113年1月10日院臺環字第1121047045號函". Text read from a
PDF or a Markdown conversion puts spaces (or line breaks) anywhere inside such a citation
("113 年 3 月 27 日", "台內秘字\\n第 1130300867 號"), so matching runs on the text with whitespace
removed and spans are mapped back to the original.

    find_letters(text, self_issuer="經濟部") -> list[LetterCitation]
    roc_date_to_iso("113年3月8日") -> "2024-03-08"
    to_official_letter(citation, provenance) -> OfficialLetter
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from ingest.records import ROC_EPOCH, OfficialLetter, Provenance

_DATE = r"(?:中華民國)?(?P<year>\d{2,3})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日"
# 文號: an office word (院臺環, 經授產, 台立院議 …) + 字第 + serial + 號; serials are digits, sometimes
# with a letter or dash (第11300012340A號).
_NUMBER = r"(?P<number>[\u4e00-\u9fff]{1,10}字第[0-9A-Za-z\-]+號)"
_LETTER = re.compile(_DATE + r"[，,]?(?:以)?" + _NUMBER + r"(?P<kind>書函|函|令|公告|通知)?")
_ROC_DATE = re.compile(_DATE)

# Who wrote before the date: a pronoun (本部, 該院) or an organisation name ending in an office word.
_ISSUER_BEFORE = re.compile(
    r"(?P<issuer>本部|本署|本院|本會|本局|本處|本府|本中心|該部|該署|該院|該會|該局|該處|該府"
    r"|[\u4e00-\u9fff]{1,14}?(?:院|部|署|會|局|處|府|中心))"
    r"(?:業已|業|已|並|亦|則)?(?:於)?$"
)
_ORG_NAME = re.compile(
    r"(?:行政院|立法院|監察院|考試院|司法院|總統府|[\u4e00-\u9fff]{1,6}(?:部|署|委員會|局|總處))"
)

# The first characters of a 文號 name the issuing office by convention (院臺 = 行政院, 台立院 = 立法院,
# 經 = 經濟部 …). Longest prefix first; used when the prose names the issuer only by a pronoun.
# 院授主預 is the 主計總處 writing for 行政院; 衛授家 the 衛生福利部 writing through its 社會及家庭署, which the
# books cite as the ministry's letter ("嗣經該部…以衛授家字第…號函復"); 華總一義 numbers 總統令.
_NUMBER_PREFIXES: tuple[tuple[str, str], ...] = (
    ("台立院", "立法院"),
    ("臺立院", "立法院"),
    ("院授主", "行政院主計總處"),
    ("院臺", "行政院"),
    ("院台", "行政院"),
    ("華總", "總統府"),
    ("廉政", "法務部廉政署"),
    ("主預", "行政院主計總處"),
    ("主會", "行政院主計總處"),
    ("主綜", "行政院主計總處"),
    ("台內", "內政部"),
    ("臺內", "內政部"),
    ("內授", "內政部"),
    ("台財", "財政部"),
    ("臺財", "財政部"),
    ("經", "經濟部"),
    ("財", "財政部"),
    ("交", "交通部"),
    ("農", "農業部"),
    ("勞動", "勞動部"),
    ("環", "環境部"),
    ("衛", "衛生福利部"),
    ("臺教", "教育部"),
    ("台教", "教育部"),
    ("法", "法務部"),
)


@dataclass(frozen=True)
class LetterCitation:
    """One letter cited in a text: `span` is the citation as printed; `start`/`end` index the original text."""

    issuer: str  # "" when neither the prose nor the 文號 says who wrote it
    roc_date: str  # "113年3月27日" (spaces removed)
    date: str  # "2024-03-27"; "" if the printed date is not a calendar date
    number: str  # "經授產字第11351004560號"
    span: str
    start: int
    end: int


def roc_date_to_iso(roc_date: str) -> str:
    """An ROC date as ISO: "113年3月8日" (spaces allowed, full-width digits folded) → "2024-03-08".

    Raises ValueError for text that is not an ROC date or names a day that does not exist.
    """
    compact, _ = _compact(roc_date)
    match = _ROC_DATE.search(compact)
    if not match:
        raise ValueError(f"not an ROC date (expected like 113年3月8日): {roc_date!r}")
    year, month, day = (int(match.group(g)) for g in ("year", "month", "day"))
    try:
        return datetime.date(year + ROC_EPOCH, month, day).isoformat()
    except ValueError as exc:
        raise ValueError(f"not a calendar date: {roc_date!r} ({exc})") from exc


def issuer_of_number(number: str) -> str:
    """The office a 文號 belongs to by its prefix ("台立院議字第…號" → 立法院), or ""."""
    for prefix, issuer in _NUMBER_PREFIXES:
        if number.startswith(prefix):
            return issuer
    return ""


def self_issuers(agency: str) -> dict[str, str]:
    """What 本部/本署/… mean in a book of `agency`: 經濟部產業發展署 writes 本部 for 經濟部, 本署 for itself."""
    mapping: dict[str, str] = {}
    if not agency:
        return mapping
    for word in ("部", "署", "院", "會", "局", "處", "府", "中心"):
        at = agency.find(word)
        if at >= 0:
            mapping["本" + word] = agency[: at + len(word)]
    return mapping


def find_letters(text: str, agency: str = "") -> list[LetterCitation]:
    """Every letter cited in `text` (date + 文號), in order of appearance.

    `agency` is the book's agency; it resolves 本部/本署 ("本部" in 經濟部產業發展署's book is 經濟部).
    The issuer is, in order of preference: an organisation named just before the date, the office the
    文號 prefix belongs to, a pronoun resolved through `agency`, "".
    """
    compact, positions = _compact(text)
    own = self_issuers(agency)
    found: list[LetterCitation] = []
    for match in _LETTER.finditer(compact):
        number = match.group("number")
        number = _trim_number_words(number)
        start_in_compact = match.start()
        before = compact[max(0, start_in_compact - 20) : start_in_compact]
        issuer = _issuer(before, number, compact[:start_in_compact], own)
        year, month, day = match.group("year"), match.group("month"), match.group("day")
        roc = f"{int(year)}年{int(month)}月{int(day)}日"
        try:
            iso = roc_date_to_iso(roc)
        except ValueError:
            iso = ""
        start = positions[start_in_compact]
        end = positions[match.end() - 1] + 1
        found.append(
            LetterCitation(
                issuer=issuer,
                roc_date=roc,
                date=iso,
                number=number,
                span=text[start:end],
                start=start,
                end=end,
            )
        )
    return found


def to_official_letter(citation: LetterCitation, provenance: Provenance) -> OfficialLetter:
    """The record of a cited letter."""
    return OfficialLetter(
        provenance=provenance,
        issuer=citation.issuer,
        date=citation.date,
        roc_date=citation.roc_date,
        number=citation.number,
        text=citation.span,
    )


def _compact(text: str) -> tuple[str, list[int]]:
    """`text` NFKC-folded with whitespace removed, and for each kept character its index in `text`."""
    chars: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char)
        if not folded.strip():
            continue
        for piece in folded:
            chars.append(piece)
            positions.append(index)
    return "".join(chars), positions


def _trim_number_words(number: str) -> str:
    """Drop 以 glued before the office word ("日並以經授產字第…號"): it is prose, not part of the 文號."""
    return re.sub(r"^(?:並以|業以|以)(?=[\u4e00-\u9fff]+字第)", "", number)


def _issuer(before: str, number: str, preceding: str, own: dict[str, str]) -> str:
    match = _ISSUER_BEFORE.search(before)
    named = _strip_leading_words(match.group("issuer")) if match else ""
    # 該 is never part of an organisation's name: "函請該部" ends in a pronoun, not in an issuer
    pronoun = _TRAILING_PRONOUN.search(named)
    if pronoun:
        named = pronoun.group(0)
    if named and not named.startswith(("本", "該")):
        return named
    by_number = issuer_of_number(number)
    if by_number:
        return by_number
    if named.startswith("本"):
        return own.get(named, "")
    if named.startswith("該"):
        office = named[1:]
        names = [n for n in _ORG_NAME.findall(preceding) if n.endswith(office)]
        return names[-1] if names else ""
    return ""


_OFFICE_WORD = r"(?:部|署|院|會|局|處|府|中心)"
_TRAILING_PRONOUN = re.compile(r"該" + _OFFICE_WORD + "$")
# Words of the sentence the lazy name pattern swallows before the issuer: "茲經行政院", "嗣經該部",
# "然內政部", and the writer before its source: "本部依法務部廉政署" (本部 acts on the 署's letter).
_LEADING_WORDS = re.compile(
    r"^(?:[，,。；;]|茲|依|據|嗣|然|爰|經(?!濟)|由|並|及|暨|另|係|業|惟|又|再"
    r"|[本該]" + _OFFICE_WORD + r"(?=依|據|經(?!濟)|由))+"
)


def _strip_leading_words(name: str) -> str:
    """Drop connective words the lazy name pattern swallowed: "茲經行政院" → "行政院"."""
    return _LEADING_WORDS.sub("", name)
