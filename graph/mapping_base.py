"""What every record family's mapping shares: the book's scope, IRIs of records, literals, and a triple sink.

The sink keeps the mapping honest about two things the graph promises: a triple is stated once, and a
functional property (an entity's amount, code, label) gets exactly one value even when two tables state
the same entity (a work plan's row in 歲出機關別預算表 and its page in 歲出計畫提要 merge on one IRI).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph import iris
from graph.namespaces import BUD, DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from ingest.amounts import Amount
from ingest.records import (
    Agency,
    BranchPlan,
    BudgetBook,
    BudgetNarrative,
    Citation,
    CrossTabCell,
    ExpenditureItem,
    Grant,
    LineItem,
    MultiYearPlan,
    Office,
    OfficialLetter,
    OrgUnit,
    PastPerformance,
    Personnel,
    PolicyPriority,
    Project,
    Provenance,
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

Triple = tuple[Node, Node, Node]

# Rows that restate a sum of other rows; they are checks (ingest/reconcile), never entities.
SUBTOTAL_NAMES = frozenset({"合計", "小計", "總計", "共計", "總額"})

FUNCTIONAL = frozenset(
    {
        BUD.amount,
        BUD.previousYearAmount,
        BUD.priorYearActual,
        BUD.change,
        BUD.code,
        RDFS.label,
        BUD.printedAmount,
        BUD.amountUnit,
        BUD.printedTotal,
        BUD.level,
    }
)


def is_subtotal_name(name: str) -> bool:
    return re.sub(r"\s+", "", name) in SUBTOTAL_NAMES


def zh(text: str) -> Literal:
    return Literal(text, lang="zh-Hant")


def decimal_literal(value: Decimal | int) -> Literal:
    """xsd:decimal in canonical form (no exponent, no trailing zeros), so equal values are equal terms."""
    number = Decimal(value)
    text = format(number.normalize(), "f") if number != 0 else "0"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text, datatype=XSD.decimal)


def integer_literal(value: int) -> Literal:
    return Literal(str(int(value)), datatype=XSD.integer)


def hashed(*parts: str) -> str:
    return iris.short_hash("\x1f".join(parts))


@dataclass(frozen=True)
class BookScope:
    """The identity of the book being mapped: every entity IRI hangs off its agency and ROC year."""

    agency: str
    roc_year: int
    document: str

    @property
    def book(self) -> URIRef:
        return iris.book_iri(self.agency, self.roc_year)

    @property
    def agency_node(self) -> URIRef:
        return iris.agency_iri(self.agency)

    def entity(self, kind: str, *key: str) -> URIRef:
        return iris.entity_iri(self.agency, self.roc_year, kind, *key)

    def unit(self, name: str) -> URIRef:
        return iris.org_unit_iri(self.agency, name)

    @classmethod
    def of(cls, records: Iterable[Record]) -> BookScope:
        book = next((r for r in records if isinstance(r, BudgetBook)), None)
        if book is None:
            raise ValueError("the records hold no BudgetBook; map what ingest.book.parse_book returns")
        return cls(agency=book.agency, roc_year=book.roc_year, document=book.document)


def resolution_iri(record: Resolution, scope: BookScope) -> URIRef:
    """A resolution under the budget year it was made on, and the book year reporting on it (issue 20).

    A 114 book's 辦理情形報告表 reports on the resolutions of the 113 budget: …/113/resolution/reported-114/5.
    The sequence is the report's own, so the reporting year keeps two reports on one year's resolutions apart.
    """
    if record.roc_year is None:
        return scope.entity("resolution", str(record.sequence))
    return iris.entity_iri(
        scope.agency, record.roc_year, "resolution", f"reported-{scope.roc_year}", str(record.sequence)
    )


def resolution_label(record: Resolution, book_roc_year: int) -> str:
    """The year made on, where it sits, where reported: 113年度決議 壹、通案決議部分 一（114年度預算書報告）."""
    where = f"{record.section} {record.item}".strip()
    if record.roc_year is None:
        return where
    return f"{record.roc_year}年度決議 {where}（{book_roc_year}年度預算書報告）".replace("  ", " ")


def grant_kind(record: Grant) -> str:
    return record.type.lower()


def record_iri(record: Record, scope: BookScope) -> URIRef:
    """The IRI of the entity a record states.

    Deterministic from printed codes and text, so graph/laws can attach edges to the same nodes.
    ExpenditureItem rows of work plans share the WorkPlan's IRI; RevenueExplanation shares its RevenueItem's.
    """
    if isinstance(record, BudgetBook):
        return scope.book
    if isinstance(record, Agency):
        return iris.agency_iri(record.name)
    if isinstance(record, OrgUnit):
        return scope.unit(record.name)
    if isinstance(record, WorkPlan):
        return scope.entity("workplan", record.code)
    if isinstance(record, ExpenditureItem):
        return scope.entity("expenditure", record.code)  # work-plan rows are re-pointed by mapping_plans
    if isinstance(record, RevenueItem | RevenueExplanation):
        return scope.entity("revenue", record.code)
    if isinstance(record, BranchPlan):
        return scope.entity("branchplan", record.work_plan_code, record.number)
    if isinstance(record, LineItem):
        return scope.entity("lineitem", record.work_plan_code, record.branch_number, record.object_class_code)
    if isinstance(record, Project):
        return scope.entity("project", record.work_plan_code, record.branch_number, record.number)
    if isinstance(record, Grant):
        return scope.entity(
            grant_kind(record),
            record.work_plan_code,
            record.number or hashed(record.plan_name),
            hashed(record.plan_name, record.recipient_type, record.recipient, record.content[:200]),
        )
    if isinstance(record, MultiYearPlan):
        return scope.entity("multiyearplan", hashed(record.name))
    if isinstance(record, OfficialLetter):
        return letter_iri(record, scope)
    if isinstance(record, Resolution):
        return resolution_iri(record, scope)
    if isinstance(record, Personnel):
        return scope.entity("staffing", record.unit_code or record.unit_name or "all", record.category)
    if isinstance(record, Vehicle):
        return scope.entity(
            "vehicle", record.plate or hashed(record.vehicle_type, record.acquired, record.note)
        )
    if isinstance(record, TravelPlan):
        return scope.entity("travel", record.category, record.number or hashed(record.name))
    if isinstance(record, CrossTabCell):
        return scope.entity(
            "cell",
            hashed(record.table),
            record.row_code or hashed(record.row_name),
            record.column_code or hashed(record.column),
        )
    if isinstance(record, Citation):
        return scope.entity(
            "citation", hashed(record.subject, record.statute_text, record.article_text, record.evidence)
        )
    if isinstance(record, PolicyPriority):
        return scope.entity(
            "policypriority", hashed(record.work_plan_name, record.name, record.content[:200])
        )
    if isinstance(record, PastPerformance):
        return scope.entity(
            "pastperformance", hashed(record.period, record.work_plan_name, record.name, record.text[:200])
        )
    if isinstance(record, BudgetNarrative):
        return scope.entity("narrative", hashed(record.heading, record.text[:300]))
    if isinstance(record, Office):
        return scope.entity("office", record.category, record.tenure, hashed(record.units))
    # record_key() of other types hashes with Python's per-process hash(); IRIs must not.
    page = str(record.provenance.page or "")
    return scope.entity(record.type.lower(), hashed(record.type, page, record.provenance.text[:300]))


def letter_iri(letter: OfficialLetter, scope: BookScope) -> URIRef:
    if letter.number:
        return URIRef(f"{iris.base_iri()}letter/{iris.segment(letter.number)}")
    return scope.entity("letter", hashed(letter.issuer, letter.roc_date, letter.text))


def record_iri_index(records: Iterable[Record]) -> dict[str, URIRef]:
    """record_key → IRI for every record of a book (what Citation.subject names)."""
    records = list(records)
    scope = BookScope.of(records)
    index: dict[str, URIRef] = {}
    for record in records:
        index.setdefault(record_key(record), record_iri(record, scope))
    return index


@dataclass
class Sink:
    """Collects a book's triples: each once, functional properties once per subject (first statement wins)."""

    scope: BookScope
    triples: list[Triple] = field(default_factory=list)
    _seen: set[Triple] = field(default_factory=set)
    _functional: set[tuple[Node, Node]] = field(default_factory=set)
    _sources: set[URIRef] = field(default_factory=set)
    typed: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    labels: dict[URIRef, str] = field(default_factory=dict)

    def add(self, s: Node, p: Node, o: Node | None) -> None:
        if o is None:
            return
        if p in FUNCTIONAL:
            if (s, p) in self._functional:
                return
            self._functional.add((s, p))
        triple = (s, p, o)
        if triple not in self._seen:
            self._seen.add(triple)
            self.triples.append(triple)

    def text(self, s: Node, p: Node, text: str | None) -> None:
        if text and text.strip():
            self.add(s, p, zh(text.strip()))

    def plain(self, s: Node, p: Node, text: str | None) -> None:
        if text and text.strip():
            self.add(s, p, Literal(text.strip()))

    def money(self, s: Node, p: Node, amount: Amount | None) -> None:
        if amount is not None:
            self.add(s, p, decimal_literal(amount.value_ntd))

    def amount(self, s: Node, amount: Amount | None) -> None:
        """This year's amount, with the printed figure and unit beside it for finding it in the book."""
        if amount is None:
            return
        self.money(s, BUD.amount, amount)
        self.plain(s, BUD.printedAmount, amount.printed)
        self.plain(s, BUD.amountUnit, amount.unit)

    def fresh(self, iri: URIRef) -> URIRef:
        """The IRI, or IRI-2, -3 … if another row already took it: two printed rows never merge into one
        node (which would silently keep one amount of the two)."""
        candidate, n = iri, 1
        while candidate in self.typed:
            n += 1
            candidate = URIRef(f"{iri}-{n}")
        return candidate

    def entity(self, iri: URIRef, cls: URIRef, record: Record, label: str | None = None) -> URIRef:
        """Type an entity, tie it to its book, and record where it was read."""
        self.add(iri, RDF.type, cls)
        self.typed.setdefault(iri, set()).add(cls)
        self.add(iri, BUD.inBook, self.scope.book)
        if label:
            self.text(iri, RDFS.label, label)
            self.labels.setdefault(iri, label)
        self.add(iri, PROV.wasDerivedFrom, self.source(record.provenance))
        return iri

    def source(self, provenance: Provenance) -> URIRef:
        node = iris.source_iri(provenance.document, provenance.page, provenance.text)
        if node not in self._sources:
            self._sources.add(node)
            self.add(node, RDF.type, BUD.SourceReference)
            self.plain(node, BUD.document, provenance.document)
            if provenance.page is not None:
                self.add(node, BUD.page, integer_literal(provenance.page))
            if provenance.pdf_page is not None:
                self.add(node, BUD.pdfPage, integer_literal(provenance.pdf_page))
            self.text(node, BUD.sourceText, provenance.text or provenance.section or provenance.document)
            self.text(node, BUD.sectionTitle, provenance.section)
            self.add(node, DCTERMS.isPartOf, self.scope.book)
        return node

    def concept(
        self, iri: URIRef, cls: URIRef, scheme: URIRef, code: str, label: str, broader: URIRef | None
    ) -> None:
        self.add(iri, RDF.type, cls)
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, SKOS.inScheme, scheme)
        self.plain(iri, SKOS.notation, code)
        self.add(iri, BUD.code, Literal(code))
        if label:
            self.add(iri, SKOS.prefLabel, zh(label))
            self.add(iri, RDFS.label, zh(label))
        self.add(iri, SKOS.broader, broader)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.triples)


def fiscal_year_literal(roc_year: int) -> Literal:
    return Literal(str(gregorian(roc_year)), datatype=XSD.gYear)
