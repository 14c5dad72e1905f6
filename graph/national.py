"""National tables → RDF: year entities shared with the books, series across years, stage observations.

Identity
- A year entity is the node a book of that year would mint: `{agency}/{roc}/workplan/{code}` for a work
  plan (a 目 without 節, or a 節), `{agency}/{roc}/expenditure/{code}` for an agency (項), a 政事別 row or a
  目 with 節 beneath it — `{agency}` being the agency's full name (經濟部 + 產業發展署), as the books print
  it. So the sample's 5226102200 of 114 is one node whether read from the book, DGBAS or twbudget.
- Within a year the DGBAS 歲出機關別預算表 is the register: a twbudget row or a 決算 figure is matched to
  it on agency part + item (code[2:10]), never on the whole code (the 政事別 prefix changed), and a
  twbudget sub-item to the DGBAS 節 of the same name. Each observation says how with `bud:matchMethod`;
  rows that match nothing keep a node minted from their own code and are listed by `unmatched`.
- Series: `series/agency/{code[2:6]}` and `series/workplan/{code[2:10]}` link an agency's or a work
  plan's years (`bud:inSeries`); the agency code persisted through 經濟部工業局 → 經濟部產業發展署 (112).
Observations (W3C Data Cube): one `qb:Observation` per (entity, stage, source table), in the file's
named graph, which is its `qb:DataSet`: dimensions `bud:observedEntity`, `bud:rocYear`, `bud:stage`
(bud:Proposed 預算案 | bud:Enacted 法定預算 | bud:Final 決算), measure `bud:observedAmount` (NT$ 元).
What a year entity IS (type, label, code, year, level) goes to the shared graph, so two files stating
the same node do not double rows in the union default graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Literal, Namespace, URIRef
from rdflib.term import Node

from graph import iris
from graph.mapping_base import decimal_literal, fiscal_year_literal, integer_literal, zh
from graph.namespaces import BUD, PROV, RDF, RDFS, SKOS
from graph.store import Store
from ingest.amounts import Amount
from ingest.national.coded import squeeze
from ingest.national.table import (
    DGBAS_EXPENDITURE,
    DGBAS_FUNCTION,
    DGBAS_REVENUE,
    TWBUDGET,
    NationalTable,
    full_agency_name,
)
from ingest.records import (
    BudgetBook,
    ExpenditureItem,
    NationalExpenditureItem,
    NationalRevenueItem,
    Provenance,
    Record,
    TableProvenance,
    WorkPlan,
)

QB = Namespace("http://purl.org/linked-data/cube#")
Triple = tuple[Node, Node, Node]
STAGE_NODES = {"預算案": BUD.Proposed, "法定預算": BUD.Enacted, "決算": BUD.Final}
CENTRAL = "中央政府"
_IDENTITY = frozenset({RDF.type, RDFS.label, BUD.code, BUD.rocYear, BUD.fiscalYear, BUD.level, SKOS.altLabel})


def graph_iri(table: NationalTable) -> str:
    """One named graph per file: source, year and table."""
    return graph_iri_of(table.source, table.roc_year, table.table)


def graph_iri_of(source: str, year: int, table: str) -> str:
    return f"{iris.base_iri()}graph/national/{source}/{year}/{iris.segment(table)}"


def series_iri(kind: str, key: str) -> URIRef:
    return URIRef(f"{iris.base_iri()}series/{kind}/{iris.segment(key)}")


def series_of(code: str, level: str) -> URIRef | None:
    if level == "項":
        return series_iri("agency", code[2:6])
    if level in {"目", "節"}:
        return series_iri("workplan", code[2:10])
    return None


@dataclass(frozen=True)
class Entry:
    """One row of a year's register (歲出機關別預算表)."""

    code: str
    name: str
    level: str
    agency: str  # full name
    has_sub_items: bool

    @property
    def iri_kind(self) -> str:
        if self.level == "節" or (self.level == "目" and not self.has_sub_items):
            return "workplan"
        return "expenditure"


@dataclass
class Register:
    """Per year, the DGBAS agency table's rows by agency part + item (code[2:10])."""

    years: dict[int, dict[str, Entry]] = field(default_factory=dict)
    sub_items: dict[int, dict[tuple[str, str], Entry]] = field(default_factory=dict)
    agency_names: dict[int, dict[str, str]] = field(default_factory=dict)

    def add(self, table: NationalTable) -> None:
        if table.table != DGBAS_EXPENDITURE:
            return
        items = [r for r in table.records if isinstance(r, NationalExpenditureItem)]
        parents = {i.parent_code for i in items if i.level == "節"}
        by_key: dict[str, Entry] = {}
        subs: dict[tuple[str, str], Entry] = {}
        names: dict[str, str] = {}
        for item in items:
            agency = agency_full_name(item)
            entry = Entry(item.code, item.name, item.level, agency, item.code in parents)
            if item.level in {"項", "目", "節"}:
                by_key.setdefault(item.code[2:10], entry)
            if item.level == "項":
                names[item.code[2:6]] = agency
            if item.level == "節":
                subs[(item.parent_code[2:8], squeeze(item.name))] = entry
        self.years[table.roc_year] = by_key
        self.sub_items[table.roc_year] = subs
        self.agency_names[table.roc_year] = names

    def load_from_store(self, store: Store, year: int) -> bool:
        """A year's register from the store, when its agency table was ingested by an earlier command,
        so a file's graph is the same whether its year's DGBAS table came in this run or before."""
        if year in self.years:
            return True
        graph = graph_iri_of("dgbas", year, DGBAS_EXPENDITURE)
        rows = store.select(
            f"""SELECT DISTINCT ?e ?code ?level ?name ?agency WHERE {{
              GRAPH <{graph}> {{ ?e bud:inSeries ?series }}
              ?e bud:code ?code ; bud:level ?level ; rdfs:label ?name ; bud:agency ?a . ?a rdfs:label ?agency .
            }}""",
            limit=1_000_000,
        )
        if not rows:
            return False
        by_key: dict[str, Entry] = {}
        subs: dict[tuple[str, str], Entry] = {}
        names: dict[str, str] = {}
        for row in rows:
            code, level = str(row["code"]), str(row["level"])
            entry = Entry(code, str(row["name"]), level, str(row["agency"]), "/expenditure/" in str(row["e"]))
            by_key.setdefault(code[2:10], entry)
            if level == "項":
                names[code[2:6]] = entry.agency
            if level == "節":
                subs[(code[2:8], squeeze(entry.name))] = entry
        self.years[year], self.sub_items[year], self.agency_names[year] = by_key, subs, names
        return True

    def find(self, year: int, code: str) -> Entry | None:
        return self.years.get(year, {}).get(code[2:10])


def agency_full_name(item: NationalExpenditureItem) -> str:
    if item.level == "款":
        return item.name
    return full_agency_name(item.ministry_name, item.agency_name or item.name)


def entity_node(agency: str, year: int, kind: str, code: str) -> URIRef:
    return iris.entity_iri(agency, year, kind, code)


@dataclass
class NationalSink:
    """Triples of one file: own (its graph) and shared (what nodes are), each stated once."""

    graph: str
    own: list[Triple] = field(default_factory=list)
    shared: list[Triple] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    # (entity, type, label, agency, year, note, provenance) of every row with a 說明, for search
    notes: list[tuple[URIRef, str, str, str, int, str, Provenance]] = field(default_factory=list)
    _seen: set[Triple] = field(default_factory=set)

    def add(self, s: Node, p: Node, o: Node | None, *, shared: bool = False) -> None:
        if o is None:
            return
        triple = (s, p, o)
        if triple in self._seen:
            return
        self._seen.add(triple)
        (self.shared if shared or (p in _IDENTITY and _is_year_entity(s)) else self.own).append(triple)

    def source(self, provenance: Provenance) -> URIRef:
        if not isinstance(provenance, TableProvenance):  # a book's page, described by the book mapping
            return iris.source_iri(provenance.document, provenance.page, provenance.text)
        row = provenance.row
        node = URIRef(f"{iris.base_iri()}source/{iris.segment(provenance.document)}/row/{row}")
        self.add(node, RDF.type, BUD.SourceReference)
        self.add(node, BUD.document, Literal(provenance.document))
        self.add(node, BUD.sheet, Literal(provenance.sheet))
        self.add(node, BUD.row, integer_literal(row))
        if provenance.text:
            self.add(node, BUD.sourceText, zh(provenance.text))
        self.add(node, BUD.sectionTitle, zh(provenance.section))
        return node

    def observation(
        self,
        entity: URIRef,
        year: int,
        stage: str,
        value: Amount | None,
        dataset: str,
        provenance: Provenance,
        method: str,
    ) -> None:
        if value is None:
            return
        node = URIRef(f"{entity}/obs/{iris.segment(stage)}/{iris.segment(dataset)}")
        self.add(node, RDF.type, QB.Observation)
        self.add(node, QB.dataSet, URIRef(self.graph))
        self.add(node, BUD.observedEntity, entity)
        self.add(node, BUD.rocYear, integer_literal(year))
        self.add(node, BUD.stage, STAGE_NODES[stage])
        self.add(node, BUD.observedAmount, decimal_literal(value.value_ntd))
        self.add(node, BUD.printedAmount, Literal(value.printed))
        self.add(node, BUD.amountUnit, Literal(value.unit))
        self.add(node, BUD.dataSource, Literal(dataset))
        self.add(node, BUD.matchMethod, Literal(method))
        self.add(node, PROV.wasDerivedFrom, self.source(provenance))
        self.add(entity, BUD.observation, node)


def _is_year_entity(node: Node) -> bool:
    text = str(node)
    return text.startswith(iris.base_iri()) and "/obs/" not in text and "/source/" not in text


_CLASS = {
    "款": BUD.ExpenditureHeading,
    "項": BUD.AgencyExpenditure,
    "政事別": BUD.FunctionExpenditure,
}


def _describe(sink: NationalSink, node: URIRef, item: ExpenditureItem, entry: Entry, year: int) -> None:
    cls = BUD.WorkPlan if entry.iri_kind == "workplan" else _CLASS.get(entry.level, BUD.ExpenditureHeading)
    sink.add(node, RDF.type, cls)
    sink.add(node, RDFS.label, zh(item.name))
    sink.add(node, BUD.code, Literal(item.code))
    sink.add(node, BUD.rocYear, integer_literal(year))
    sink.add(node, BUD.fiscalYear, fiscal_year_literal(year))
    sink.add(node, BUD.level, Literal(entry.level))
    if entry.level != "款":
        sink.add(node, BUD.agency, iris.agency_iri(entry.agency))
        sink.add(iris.agency_iri(entry.agency), RDF.type, BUD.Agency, shared=True)
        sink.add(iris.agency_iri(entry.agency), RDFS.label, zh(entry.agency), shared=True)
    series = series_of(item.code, entry.level)
    if series is not None:
        sink.add(node, BUD.inSeries, series)
        sink.add(
            series, RDF.type, BUD.AgencySeries if entry.level == "項" else BUD.WorkPlanSeries, shared=True
        )
        sink.add(
            series,
            BUD.seriesKey,
            Literal(item.code[2:6] if entry.level == "項" else item.code[2:10]),
            shared=True,
        )
        sink.add(series, SKOS.altLabel, zh(entry.agency if entry.level == "項" else item.name), shared=True)


def expenditure_triples(table: NationalTable, register: Register) -> NationalSink:
    """歲出機關別預算表 (法定預算, and 前年度決算數 of agencies and 主管), 歲出政事別預算表 (決算 of every
    row, function totals), twbudget (預算案)."""
    sink = NationalSink(graph_iri(table))
    items = [r for r in table.records if isinstance(r, NationalExpenditureItem)]
    dataset = f"{table.source}:{table.table}"
    if table.table == DGBAS_EXPENDITURE:
        _agency_table(sink, table, items, register, dataset)
    elif table.table == DGBAS_FUNCTION:
        _function_table(sink, table, items, register, dataset)
    elif table.table == TWBUDGET:
        _twbudget(sink, table, items, register, dataset)
    return sink


def _agency_table(
    sink: NationalSink,
    table: NationalTable,
    items: list[NationalExpenditureItem],
    register: Register,
    dataset: str,
) -> None:
    year = table.roc_year
    nodes: dict[str, URIRef] = {}
    entries = register.years.get(year, {})
    for item in items:
        entry = entries.get(item.code[2:10]) if item.level in {"項", "目", "節"} else None
        if entry is None or entry.code != item.code:
            entry = Entry(item.code, item.name, item.level, agency_full_name(item), False)
            if item.level == "目":
                entry = Entry(
                    item.code,
                    item.name,
                    item.level,
                    entry.agency,
                    any(i.parent_code == item.code for i in items if i.level == "節"),
                )
        scope = entry.agency if item.level != "款" else item.name
        node = entity_node(scope, year, entry.iri_kind, item.code)
        nodes[item.code] = node
        _describe(sink, node, item, entry, year)
        parent = nodes.get(item.parent_code)
        if parent is not None:
            sink.add(node, BUD.partOf, parent)
        if item.level == "政事別":
            sink.add(node, BUD.function, iris.function_iri(item.code))
        if item.note:
            sink.add(node, BUD.note, zh(item.note))
            kind = "WorkPlan" if entry.iri_kind == "workplan" else "ExpenditureItem"
            sink.notes.append(
                (
                    node,
                    kind,
                    item.name,
                    entry.agency if item.level != "款" else "",
                    year,
                    item.note,
                    item.provenance,
                )
            )
        sink.observation(node, year, "法定預算", item.amount, dataset, item.provenance, "this table")
        if item.level in {"款", "項"} and item.prior_year_actual is not None:
            earlier = register.find(year - 2, item.code) if item.level == "項" else None
            if earlier is not None:
                target = entity_node(earlier.agency, year - 2, earlier.iri_kind, earlier.code)
                method = "agency code in the table of " + str(year - 2)
            else:
                target = entity_node(scope, year - 2, entry.iri_kind, item.code)
                method = "minted from this row (no table of that year loaded)"
            sink.observation(
                target, year - 2, "決算", item.prior_year_actual, dataset, item.provenance, method
            )


def _function_table(
    sink: NationalSink,
    table: NationalTable,
    items: list[NationalExpenditureItem],
    register: Register,
    dataset: str,
) -> None:
    """Function totals (款 rows) as entities of 中央政府; every work plan's 前年度決算數 as its 決算."""
    year = table.roc_year
    for item in items:
        if item.level == "款":
            node = entity_node(CENTRAL, year, "function", item.code)
            sink.add(node, RDF.type, BUD.FunctionTotal)
            sink.add(node, RDFS.label, zh(item.name))
            sink.add(node, BUD.code, Literal(item.code))
            sink.add(node, BUD.rocYear, integer_literal(year))
            sink.add(node, BUD.function, iris.function_iri(item.code))
            sink.observation(node, year, "法定預算", item.amount, dataset, item.provenance, "this table")
            earlier = entity_node(CENTRAL, year - 2, "function", item.code)
            sink.observation(
                earlier, year - 2, "決算", item.prior_year_actual, dataset, item.provenance, "function code"
            )
            continue
        if item.level not in {"目", "節"} or item.prior_year_actual is None:
            continue
        if item.prior_year_actual.value_ntd == 0 and register.find(year - 2, item.code) is None:
            continue  # printed "-": a plan new since, nothing was spent on it two years back
        entry = register.find(year - 2, item.code)
        if entry is None or entry.level != item.level:
            if year - 2 in register.years:
                sink.unmatched.append(
                    f"{year - 2} 決算 {item.code} {item.name}: not in the {year - 2} agency table "
                    "(spent from a supplementary budget, 第二預備金 or funds carried over, not budgeted that year)"
                )
            continue
        node = entity_node(entry.agency, year - 2, entry.iri_kind, entry.code)
        method = "code" if entry.code == item.code else f"agency part + item ({item.code} → {entry.code})"
        sink.observation(node, year - 2, "決算", item.prior_year_actual, dataset, item.provenance, method)


def _twbudget(
    sink: NationalSink,
    table: NationalTable,
    items: list[NationalExpenditureItem],
    register: Register,
    dataset: str,
) -> None:
    year = table.roc_year
    known = year in register.years
    for item in items:
        entry: Entry | None
        if item.level == "節":
            entry = register.sub_items.get(year, {}).get((item.code[2:8], squeeze(item.name)))
            method = "sub-item name under agency part + item"
        else:
            entry = register.find(year, item.code)
            method = (
                "code" if entry and entry.code == item.code else "agency part + item (政事別 prefix differs)"
            )
            if entry is not None and entry.level != "目":
                entry = None
        if entry is not None:
            node = entity_node(entry.agency, year, entry.iri_kind, entry.code)
            sink.observation(node, year, "預算案", item.amount, dataset, item.provenance, method)
            if item.note:
                sink.notes.append(
                    (node, "WorkPlan", entry.name, entry.agency, year, item.note, item.provenance)
                )
            continue
        agency = full_agency_name(item.ministry_name, item.agency_name)
        key = (item.code, item.name) if item.level == "節" else (item.code,)
        node = iris.entity_iri(agency, year, "workplan", *key)
        own = Entry(item.code, item.name, item.level, agency, False)
        _describe(sink, node, item, own, year)
        if item.note:
            sink.add(node, BUD.note, zh(item.note))
            sink.notes.append((node, "WorkPlan", item.name, agency, year, item.note, item.provenance))
        why = "no DGBAS table of this year loaded" if not known else "not in the DGBAS table of this year"
        if known:
            sink.unmatched.append(f"{year} 預算案 {item.code} {item.name} ({item.agency_name}): {why}")
        sink.observation(node, year, "預算案", item.amount, dataset, item.provenance, f"unmatched: {why}")


def revenue_triples(table: NationalTable, register: Register) -> NationalSink:
    """歲入來源別預算表: every row an entity of its agency (款 rows of 中央政府), 法定預算 and 決算."""
    sink = NationalSink(graph_iri(table))
    dataset = f"{table.source}:{table.table}"
    year = table.roc_year
    items = [r for r in table.records if isinstance(r, NationalRevenueItem)]
    parents = {i.parent_code for i in items}
    for item in items:
        agency_key = item.code[2:6]
        agency = CENTRAL
        if item.level != "款":
            agency = register.agency_names.get(year, {}).get(agency_key) or _revenue_agency(items, item)
        node = iris.entity_iri(agency, year, "revenue", item.code)
        sink.add(node, RDF.type, BUD.RevenueHeading if item.code in parents else BUD.RevenueItem)
        sink.add(node, RDFS.label, zh(item.name))
        sink.add(node, BUD.code, Literal(item.code))
        sink.add(node, BUD.rocYear, integer_literal(year))
        sink.add(node, BUD.level, Literal(item.level))
        sink.add(node, BUD.revenueSource, iris.revenue_code_iri(item.code))
        if item.note:
            sink.add(node, BUD.note, zh(item.note))
            sink.notes.append((node, "RevenueItem", item.name, agency, year, item.note, item.provenance))
        sink.observation(node, year, "法定預算", item.amount, dataset, item.provenance, "this table")
        if item.prior_year_actual is not None:
            earlier_agency = (
                CENTRAL
                if item.level == "款"
                else register.agency_names.get(year - 2, {}).get(agency_key, agency)
            )
            earlier = iris.entity_iri(earlier_agency, year - 2, "revenue", item.code)
            sink.observation(
                earlier, year - 2, "決算", item.prior_year_actual, dataset, item.provenance, "revenue code"
            )
    return sink


def _revenue_agency(items: list[NationalRevenueItem], item: NationalRevenueItem) -> str:
    head = "".join(i.name for i in items if i.code == item.code[:6] + "0000")
    return head or item.code[2:6]


def table_triples(table: NationalTable, register: Register) -> NationalSink:
    if table.table == DGBAS_REVENUE:
        return revenue_triples(table, register)
    return expenditure_triples(table, register)


def book_observations(records: Iterable[Record]) -> Iterator[Triple]:
    """A book's own figures as stage observations beside its bud:amount: a 單位預算 is a 預算案 (a book
    titled 法定預算 states enacted figures)."""
    records = list(records)
    book = next((r for r in records if isinstance(r, BudgetBook)), None)
    if book is None:
        return
    stage = "法定預算" if "法定" in book.title or "法定" in book.budget_kind else "預算案"
    sink = NationalSink(str(iris.book_iri(book.agency, book.roc_year)))
    plans = {r.code: r for r in records if isinstance(r, WorkPlan)}
    for plan in plans.values():
        node = iris.entity_iri(book.agency, book.roc_year, "workplan", plan.code)
        sink.observation(node, book.roc_year, stage, plan.amount, "book", plan.provenance, "this book")
    for row in records:
        if isinstance(row, ExpenditureItem) and row.level == "項" and row.amount is not None:
            node = iris.entity_iri(book.agency, book.roc_year, "expenditure", row.code)
            sink.observation(node, book.roc_year, stage, row.amount, "book", row.provenance, "this book")
    # Everything goes to the book's graph: the split into the shared graph is the book mapping's.
    yield from sink.own + sink.shared


def total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))
