"""Search chunks: the narrative a book attaches to its entities, cut to the embedder's window.

A chunk is a short passage (a few sentences) tied to the graph entity it describes (IRI, type,
label) and to where it was printed (document, page), with the book's fiscal year and agency so a
search can be filtered. Two sources feed it:

- `record_chunks(records)`: the text fields of typed records (工作計畫 contents, 分支計畫 說明 split per
  named Project, Grant contents, Resolution and its 辦理情形 …), with IRIs minted exactly as the
  graph mints them (`graph.mapping_base.record_iri`), so a hit links to its node.
- `document_chunks(document)`: every paragraph and text cell of the book as type "Passage", for
  sections no parser covers yet. `book_chunks` keeps only the passages records do not already say.

Long texts are split at sentence ends into windows of about `TARGET_CHARS` with one sentence of
overlap, never silently truncated by the embedder (multilingual-e5 reads at most 512 tokens; a CJK
character is ~0.6 token, so `MAX_CHARS` keeps a window well under that).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from ingest.document import Document
from ingest.records import (
    Agency,
    BranchPlan,
    BudgetBook,
    BudgetNarrative,
    Grant,
    MultiYearPlan,
    Office,
    OrgUnit,
    PastPerformance,
    PolicyPriority,
    Project,
    Record,
    Resolution,
    RevenueExplanation,
    RevenueItem,
    TravelPlan,
    Vehicle,
    WorkPlan,
    gregorian,
    record_key,
)
from ingest.sections import Section

TARGET_CHARS = 220
MAX_CHARS = 320
OVERLAP_CHARS = 80  # the last sentence(s) of a window, up to this length, open the next one
PASSAGE = "Passage"
MIN_PASSAGE_CJK = 12  # shorter cells are column labels and headings (合計, 2036 按日按件計資酬金)

_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])|\n")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Chunk:
    """One searchable passage and the entity it belongs to."""

    text: str
    iri: str
    type: str  # the record type (WorkPlan, Resolution …) or "Passage"
    label: str
    document: str
    page: int | None
    roc_year: int | None
    agency: str
    section: str = ""
    book: str = ""  # the book's graph IRI: the search index is keyed by it, never by the file name
    # Issue 19 (entity-aware ranking): the entity's own name and code as printed, its amount in NT$ 元
    # (this year's, where the record has one) and the budget stage of the book (預算案/法定預算/決算).
    name: str = ""
    code: str = ""
    amount_ntd: float | None = None
    stage: str = ""

    @property
    def year(self) -> int | None:
        """The Gregorian fiscal year."""
        return gregorian(self.roc_year) if self.roc_year is not None else None

    @property
    def id(self) -> str:
        return hashlib.sha1(f"{self.iri}\x1f{self.text}".encode()).hexdigest()[:16]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Chunk:
        # Fields added later keep their defaults when an older index lacks them.
        fields = cls.__dataclass_fields__
        return cls(**{k: data.get(k) for k in fields if k in data or k in _REQUIRED})  # type: ignore[arg-type]


_REQUIRED = ("text", "iri", "type", "label", "document", "page", "roc_year", "agency")


# ---------------------------------------------------------------- splitting text into windows


_COMPATIBILITY = re.compile(r"[\u2e80-\u2fdf\uf900-\ufaff]")


GRANT_KINDS = {"Subsidy": "補助", "Donation": "捐助", "Commission": "委辦"}
# Budget usage: 地方政府 are the 直轄市 and 縣(市) governments (and 鄉鎮市公所); the rows name them
# by level only, so the chunk says the common word too.
LOCAL_GOVERNMENT = re.compile(r"直轄市|縣|市政府|鄉|鎮|地方政府")


def clean(text: str) -> str:
    """Kangxi radicals and compatibility ideographs (PDF extraction) mapped to the usual characters,
    runs of spaces folded; the book's full-width punctuation is kept as printed."""
    text = _COMPATIBILITY.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = re.sub(r"[ \t\u3000]+", " ", text)
    return re.sub(r"\n\s*", "\n", text).strip()


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def split_text(
    text: str, target: int = TARGET_CHARS, limit: int = MAX_CHARS, overlap: int = OVERLAP_CHARS
) -> list[str]:
    """Windows of whole sentences of about `target` characters, each opening with the tail of the last."""
    pieces: list[str] = []
    for sentence in sentences(clean(text)):
        if len(sentence) <= limit:
            pieces.append(sentence)
            continue
        # A sentence longer than a window (long enumerations): hard windows that overlap.
        step = limit - overlap
        pieces.extend(sentence[i : i + limit] for i in range(0, len(sentence) - overlap, step))
    windows: list[str] = []
    current: list[str] = []
    for piece in pieces:
        if current and len("".join(current)) + len(piece) > target:
            windows.append(_join(current))
            tail = _tail(windows[-1], overlap)
            current = [tail] if tail and len(tail) + len(piece) <= limit else []
        current.append(piece)
    if current and (not windows or _join(current) not in windows[-1]):
        windows.append(_join(current))
    return windows


def _tail(window: str, overlap: int) -> str:
    """The window's last `overlap` characters, starting at a clause boundary where there is one."""
    tail = window[-overlap:]
    cuts = [i for i, ch in enumerate(tail[:-1]) if ch in "。；，、,;"]
    return tail[cuts[0] + 1 :] if cuts else tail


def _join(parts: list[str]) -> str:
    # CJK text needs no separators; keep a space only between Latin/digit runs.
    out = ""
    for part in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and part[:1].isascii() and part[:1].isalnum():
            out += " "
        out += part
    return out


# ---------------------------------------------------------------- IRIs as the graph mints them

IriOf = Callable[[Record], str | None]


def iri_minter(records: list[Record]) -> tuple[IriOf, str]:
    """A function record → IRI matching the graph (None: no node), and the scheme used (for the report)."""
    try:
        from graph.mapping_base import BookScope, is_subtotal_name, record_iri

        scope = BookScope.of(records)

        def of_scope(record: Record) -> str | None:
            # graph/mapping_other maps no node for subtotal rows (合計) of the office table.
            if isinstance(record, Office) and (
                is_subtotal_name(record.tenure) or is_subtotal_name(record.category)
            ):
                return None
            iri = record_iri(record, scope)
            return str(iri) if iri is not None else None

        return of_scope, "graph.mapping_base.record_iri"
    except ImportError:  # the graph stage is optional for search; mint with the same scheme
        from graph.iris import entity_iri

        book = next(r for r in records if isinstance(r, BudgetBook))

        def of_key(record: Record) -> str | None:
            key = record_key(record).split(":", 1)[1].split("/")
            return str(entity_iri(book.agency, book.roc_year, record.type.lower(), *key))

        return of_key, "graph.iris.entity_iri"


# ---------------------------------------------------------------- records → chunks


def _texts_of(record: Record, projects: dict[tuple[str, str], list[Project]]) -> tuple[str, list[str]]:
    """(label, narrative texts) of a record; an empty list when it says nothing worth searching."""
    r: Any = record
    if isinstance(record, WorkPlan):
        texts = [f"{r.name}計畫內容：" + "".join(r.contents)] if r.contents else []
        if r.expected_results:
            texts.append(f"{r.name}預期成果：{r.expected_results}")
        return f"{r.code} {r.name}", texts
    if isinstance(record, BranchPlan):
        description = r.description
        for project in projects.get((r.work_plan_code, r.number), []):
            if project.description:  # each named Project is its own entity and chunk
                description = description.replace(project.description, "")
        return f"{r.number} {r.name}", [f"{r.name}：{description}"] if description.strip() else []
    if isinstance(record, Project):
        return r.name, [f"{r.name}：{r.description}"] if r.description else []
    if isinstance(record, Grant):
        kind = GRANT_KINDS.get(record.type, "")
        recipient_type = r.recipient_type + (
            "（地方政府）" if LOCAL_GOVERNMENT.search(r.recipient_type) else ""
        )
        parts = [
            f"{kind}：{r.plan_name}" if kind else r.plan_name,
            recipient_type,
            r.recipient,
            r.content,
            r.legal_basis_text,
        ]
        return r.plan_name, ["；".join(p for p in parts if p)] if r.content or r.plan_name else []
    if isinstance(record, RevenueItem):
        return f"{r.code} {r.name}", [f"{r.name}：{r.note}"] if r.note else []
    if isinstance(record, RevenueExplanation):
        parts = [r.content, f"法令依據：{r.legal_basis_text}" if r.legal_basis_text else "", r.calculation]
        return f"{r.code} {r.name}", [f"{r.name}：" + "\n".join(p for p in parts if p)] if any(parts) else []
    if isinstance(record, Resolution):
        texts = [r.content] + ([f"辦理情形：{r.response}"] if r.response else [])
        return f"{r.section} {r.item}".strip(), [t for t in texts if t]
    if isinstance(record, PolicyPriority):
        return r.name, [f"{r.name}：{r.content}"]
    if isinstance(record, PastPerformance):
        return f"{r.name}（{r.period}）", [f"{r.name}：{r.text}"]
    if isinstance(record, BudgetNarrative):
        return r.heading, [f"{r.heading}\n{r.text}"]
    if isinstance(record, Agency):
        duties = "\n".join(r.duties)
        return r.name, [f"{r.name}法定職掌：{duties}\n{r.legal_basis_text}".strip()] if duties else []
    if isinstance(record, OrgUnit):
        return r.name, [f"{r.name}：" + "\n".join(r.duties)] if r.duties else []
    if isinstance(record, MultiYearPlan):
        text = f"{r.name}（{r.period}年度）{r.work_plan_name}\n{r.note}".strip()
        return r.name, [text]
    if isinstance(record, Vehicle):
        return f"{r.vehicle_type} {r.plate}".strip(), [
            f"公務車輛 {r.vehicle_type} {r.plate} {r.acquired}購置 {r.note}".strip()
        ]
    if isinstance(record, Office):
        return f"{r.category}（{r.tenure}）", [
            f"辦公房舍 {r.category} {r.tenure} {r.units} 面積{r.area_m2 or ''}平方公尺"
        ]
    if isinstance(record, TravelPlan):
        text = f"派員{r.category} {r.name} {r.purpose_type} {r.destination} {r.agenda} {r.budget_item}"
        return r.name, [" ".join(text.split())]
    return "", []


def record_chunks(records: list[Record]) -> list[Chunk]:
    """Chunks of every record that carries narrative, tied to the record's graph IRI."""
    book = next((r for r in records if isinstance(r, BudgetBook)), None)
    if book is None:
        return []
    iri_of, _scheme = iri_minter(records)
    projects: dict[tuple[str, str], list[Project]] = {}
    for record in records:
        if isinstance(record, Project):
            projects.setdefault((record.work_plan_code, record.branch_number), []).append(record)
    chunks: list[Chunk] = []
    for record in records:
        label, texts = _texts_of(record, projects)
        if not texts:
            continue
        iri = iri_of(record)
        if iri is None:
            continue
        for text in texts:
            for window in split_text(text):
                chunks.append(
                    Chunk(
                        text=window,
                        iri=iri,
                        type=record.type,
                        label=clean(label),
                        document=book.document,
                        page=record.provenance.page,
                        roc_year=book.roc_year,
                        agency=book.agency,
                        section=record.provenance.section,
                        **entity_facts(record, book),
                    )
                )
    return _unique(chunks)


# ---------------------------------------------------------------- the book's text → passages


def _page_texts(document: Document) -> Iterator[tuple[int | None, str, str]]:
    """(printed page, page title, text) of every paragraph and every text-bearing table row."""
    for page in document.pages:
        if page.blank:
            continue
        for block in page.blocks:
            if block.kind == "paragraph" and _CJK.search(block.text):
                yield page.number, page.title, block.text
            elif block.kind == "table":
                for row in block.rows:
                    # Row cells keep their reading order; numeric cells carry nothing to read.
                    cells = [c for c in dict.fromkeys(row) if _CJK.search(c)]
                    if cells:
                        yield page.number, page.title, "\n".join(cells)


def document_chunks(document: Document, sections: Iterable[Section] = ()) -> list[Chunk]:
    """Every paragraph and text cell of a book as "Passage" chunks (IRI: the source-text node)."""
    from graph.iris import source_iri

    section_of = {id(page): section.title for section in sections for page in section.pages}
    titles = {page.number: section_of.get(id(page), page.title) for page in document.pages}
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for number, title, text in _page_texts(document):
        # Column headings repeat on every page of a table: index the first occurrence only.
        if len(_CJK.findall(text)) < MIN_PASSAGE_CJK or text in seen:
            continue
        seen.add(text)
        for window in split_text(text):
            chunks.append(
                Chunk(
                    text=window,
                    iri=str(source_iri(document.source, number, window)),
                    type=PASSAGE,
                    label=f"{titles.get(number) or title or document.title} p.{number if number is not None else '?'}",
                    document=document.source,
                    page=number,
                    roc_year=document.roc_year,
                    agency=document.agency,
                    section=titles.get(number) or title,
                    stage=stage_of_title(document.title or ""),
                )
            )
    return _unique(chunks)


def _shingles(text: str, size: int = 12) -> set[str]:
    squeezed = re.sub(r"\s+", "", text)
    return {squeezed[i : i + size] for i in range(max(len(squeezed) - size + 1, 1))}


def book_chunks(document: Document, records: list[Record], sections: Iterable[Section] = ()) -> list[Chunk]:
    """Record chunks, plus the book's passages that no record chunk already says (≥ 60% new text)."""
    from_records = record_chunks(records)
    said: set[str] = set()
    for chunk in from_records:
        said |= _shingles(chunk.text)
    passages = []
    for chunk in document_chunks(document, sections):
        shingles = _shingles(chunk.text)
        if len(shingles & said) < 0.4 * len(shingles):
            passages.append(chunk)
    return from_records + passages


def _unique(chunks: list[Chunk]) -> list[Chunk]:
    seen: set[str] = set()
    out = []
    for chunk in chunks:
        if chunk.id not in seen:
            seen.add(chunk.id)
            out.append(chunk)
    return out


# ---------------------------------------------------------------- issue 19: what ranking needs to know


STAGES = ("決算", "法定預算", "預算案")  # 決算 final accounts, 法定預算 enacted, 預算案 proposed


def stage_of_title(title: str) -> str:
    """The budget stage a book's title names: 決算, 法定預算, or 預算案 (a 總預算案's unit budget book,
    and any book that names neither: unit books are printed for the Legislative Yuan's review)."""
    squeezed = re.sub(r"\s+", "", title)
    return next((stage for stage in STAGES[:2] if stage in squeezed), "預算案")


def entity_facts(record: Record, book: BudgetBook) -> dict[str, Any]:
    """The record's printed name, code and amount (NT$ 元), and its book's stage, for a chunk."""
    r: Any = record
    name = ""
    for attribute in ("name", "plan_name", "heading"):
        value = getattr(r, attribute, "")
        if isinstance(value, str) and value:
            name = value
            break
    code = getattr(r, "code", "") if isinstance(getattr(r, "code", ""), str) else ""
    amount = getattr(r, "amount", None)
    if amount is None:
        amount = getattr(r, "total_amount", None)
    value = getattr(amount, "value_ntd", None)
    return {
        "name": clean(name) if not isinstance(record, (Resolution, Vehicle, Office)) else "",
        "code": code,
        "amount_ntd": float(value) if value is not None else None,
        "stage": stage_of_title(book.title),
    }


# ---------------------------------------------------------------- issue 13: review proposals


def proposal_chunks(table: Any) -> list[Chunk]:
    """Chunks of a review table's proposals (`ingest.review.ReviewTable`): each proposal's text, opened by
    its agency, budget path and action so that 「凍結 媒體宣導費」 meets both the words and the line, tied
    to the proposal's graph node (graph.review.mapping.proposal_iri)."""
    from graph.review.mapping import line_name, proposal_iri

    chunks: list[Chunk] = []
    for proposal in table.proposals:
        if not proposal.text and not proposal.path_text:
            continue
        head = f"{proposal.agency} {proposal.path_text} {proposal.action}（{proposal.result}）".strip()
        label = f"{proposal.agency} {line_name(proposal)} {proposal.action}"
        for window in split_text(f"{head}\n{clean(proposal.text)}"):
            chunks.append(
                Chunk(
                    text=window,
                    iri=str(proposal_iri(table.roc_year, proposal.proposal_id)),
                    type="Proposal",
                    label=clean(label),
                    document=table.source,
                    page=None,
                    roc_year=table.roc_year,
                    agency=proposal.agency,
                    section=proposal.provenance.section,
                )
            )
    return _unique(chunks)
