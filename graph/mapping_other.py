"""Grants, multi-year plans, the Legislative Yuan's resolutions and letters, and the book's other tables → triples."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rdflib import Literal, URIRef

from graph import iris
from graph.mapping_base import (
    BookScope,
    Sink,
    decimal_literal,
    integer_literal,
    is_subtotal_name,
    letter_iri,
    record_iri,
    record_iri_index,
    resolution_label,
)
from graph.namespaces import BUD, DCTERMS, ORG, RDF, RDFS, XSD
from ingest.amounts import Amount
from ingest.letters import find_letters, to_official_letter
from ingest.records import (
    BudgetNarrative,
    Citation,
    Commission,
    CrossTabCell,
    Donation,
    Grant,
    MultiYearPlan,
    Office,
    OfficialLetter,
    PastPerformance,
    Personnel,
    PolicyPriority,
    Provenance,
    Record,
    Resolution,
    Subsidy,
    TravelPlan,
    Vehicle,
    records_of,
)

# Letters found inside another record's text take that record's provenance.
_NO_PROVENANCE = Provenance(document="", page=None, text="")
_GRANT_CLASSES = {Subsidy: BUD.Subsidy, Donation: BUD.Donation, Commission: BUD.Commission}


class Names:
    """Work plans, branches and projects of the book by name and code, to resolve what text refers to."""

    def __init__(self) -> None:
        self._by_key: dict[str, URIRef] = {}

    def add(self, key: str, node: URIRef) -> None:
        key = re.sub(r"\s+", "", key)
        if key:
            self._by_key.setdefault(key, node)

    def find(self, text: str) -> URIRef | None:
        key = re.sub(r"\s+", "", text)
        if key in self._by_key:
            return self._by_key[key]
        code = re.match(r"\d{10}", key)
        if code and code.group() in self._by_key:
            return self._by_key[code.group()]
        stripped = re.sub(r"^\d{10}", "", key).strip("「」")
        return self._by_key.get(stripped)


def _components(sink: Sink, node: URIRef, components: Sequence[tuple[str, Amount]]) -> None:
    for position, (heading, amount) in enumerate(components, start=1):
        part = URIRef(f"{node}/part/{position}")
        sink.add(part, RDF.type, BUD.AmountComponent)
        sink.text(part, RDFS.label, heading)
        sink.add(part, BUD.componentAmount, decimal_literal(amount.value_ntd))
        sink.add(node, BUD.component, part)


def map_grants(sink: Sink, records: Sequence[Record], names: Names) -> None:
    for grant in records_of(list(records), Grant):
        if is_subtotal_name(grant.plan_name):
            continue
        cls = next((c for t, c in _GRANT_CLASSES.items() if isinstance(grant, t)), BUD.Grant)
        node = sink.fresh(record_iri(grant, sink.scope))
        sink.entity(node, cls, grant, grant.plan_name)
        sink.amount(node, grant.amount)
        sink.plain(node, BUD.item, grant.number)
        if grant.object_class_code:
            sink.add(node, BUD.objectClass, iris.object_class_iri(grant.object_class_code))
        sink.text(node, BUD.recipientType, grant.recipient_type)
        if grant.recipient.strip():
            recipient = iris.organization_iri(grant.recipient)
            sink.add(recipient, RDF.type, ORG.Organization)
            sink.text(recipient, RDFS.label, grant.recipient)
            sink.add(node, BUD.recipient, recipient)
        sink.text(node, BUD.content, grant.content)
        sink.text(node, BUD.legalBasisText, grant.legal_basis_text)
        sink.plain(node, BUD.period, grant.period)
        plan = names.find(grant.work_plan_code) or names.find(grant.work_plan_name)
        sink.add(node, BUD.workPlan, plan)
        _components(sink, node, grant.components)


def letters_in(text: str, agency: str = "") -> list[OfficialLetter]:
    """Official letters cited in a sentence (the multi-year table's 備註 cites its approval this way)."""
    return [to_official_letter(cited, _NO_PROVENANCE) for cited in find_letters(text, agency)]


def map_letter(sink: Sink, letter: OfficialLetter, source: Record) -> URIRef:
    node = letter_iri(letter, sink.scope)
    sink.entity(node, BUD.OfficialLetter, source if not letter.provenance.document else letter)
    label = letter.text or f"{letter.issuer}{letter.roc_date}{letter.number}函"
    sink.text(node, RDFS.label, label)
    sink.text(node, BUD.issuer, letter.issuer)
    if letter.date:
        sink.add(node, DCTERMS.date, Literal(letter.date, datatype=XSD.date))
    sink.plain(node, BUD.rocDate, letter.roc_date)
    sink.plain(node, BUD.documentNumber, letter.number)
    return node


def map_multi_year(sink: Sink, records: Sequence[Record], names: Names) -> None:
    letters_by_number = {
        letter.number: letter for letter in records_of(list(records), OfficialLetter) if letter.number
    }
    for plan in records_of(list(records), MultiYearPlan):
        if is_subtotal_name(plan.name):
            continue
        node = record_iri(plan, sink.scope)
        sink.entity(node, BUD.MultiYearPlan, plan, plan.name)
        sink.plain(node, BUD.period, plan.period)
        if plan.start_roc_year is not None:
            sink.add(node, BUD.startRocYear, integer_literal(plan.start_roc_year))
        if plan.end_roc_year is not None:
            sink.add(node, BUD.endRocYear, integer_literal(plan.end_roc_year))
        sink.money(node, BUD.totalAmount, plan.total_amount)
        sink.plain(node, BUD.printedTotalAmount, f"{plan.total_amount.printed}{plan.total_amount.unit}")
        sink.amount(node, plan.amount)
        _components(sink, node, plan.yearly_amounts)
        sink.text(node, BUD.note, plan.note)
        sink.add(node, BUD.workPlan, names.find(plan.work_plan_name) if plan.work_plan_name else None)
        for cited in letters_in(plan.note, sink.scope.agency):
            letter = letters_by_number.get(cited.number, cited)
            sink.add(node, BUD.letter, map_letter(sink, letter, plan))


def map_resolutions(sink: Sink, records: Sequence[Record], names: Names) -> None:
    for resolution in records_of(list(records), Resolution):
        node = record_iri(resolution, sink.scope)
        sink.entity(node, BUD.Resolution, resolution, resolution_label(resolution, sink.scope.roc_year))
        sink.text(node, BUD.section, resolution.section)
        sink.plain(node, BUD.item, resolution.item)
        sink.add(node, BUD.sequence, integer_literal(resolution.sequence))
        sink.text(node, BUD.content, resolution.content)
        sink.text(node, BUD.response, resolution.response)
        sink.text(node, BUD.resolutionType, resolution.resolution_type)
        for kind in resolution.kinds:
            sink.text(node, BUD.resolutionKind, kind)
        sink.money(node, BUD.frozenAmount, resolution.frozen_amount)
        sink.money(node, BUD.cutAmount, resolution.cut_amount)
        if resolution.roc_year is not None:
            sink.add(node, BUD.resolutionRocYear, integer_literal(resolution.roc_year))
        sink.add(node, BUD.reportedInRocYear, integer_literal(sink.scope.roc_year))
        sink.plain(node, BUD.deadline, resolution.deadline)
        for concern in resolution.concerns:
            target = names.find(concern)
            if target is not None:
                sink.add(node, BUD.concerns, target)
            else:
                sink.text(node, BUD.concernsText, concern)
        for letter in resolution.letters:
            sink.add(node, BUD.letter, map_letter(sink, letter, resolution))
    for letter in records_of(list(records), OfficialLetter):
        map_letter(sink, letter, letter)


def map_resources(sink: Sink, records: Sequence[Record], names: Names) -> None:
    """Staffing, vehicles, offices and travel plans (預算員額, 公務車輛, 辦公房舍, 派員出國)."""
    staffing = records_of(list(records), Personnel)
    # 預算總說明 restates 預算員額明細表 for the whole agency: its rows count only where no unit row exists.
    by_unit = {p.category for p in staffing if p.unit_name or p.unit_code}
    for person in staffing:
        if is_subtotal_name(person.category) or is_subtotal_name(person.unit_name):
            continue
        if not (person.unit_name or person.unit_code) and person.category in by_unit:
            continue
        node = record_iri(person, sink.scope)
        sink.entity(node, BUD.StaffingLine, person, f"{person.unit_name}{person.category}")
        sink.text(node, BUD.category, person.category)
        sink.add(node, BUD["count"], integer_literal(person.count))
        if person.previous_count is not None:
            sink.add(node, BUD.previousCount, integer_literal(person.previous_count))
        sink.money(node, BUD.annualCost, person.annual_cost)
        sink.add(node, BUD.workPlan, names.find(person.unit_code or person.unit_name))
        sink.add(node, BUD.agency, sink.scope.agency_node)
    for vehicle in records_of(list(records), Vehicle):
        if is_subtotal_name(vehicle.vehicle_type):
            continue
        node = sink.fresh(record_iri(vehicle, sink.scope))
        sink.entity(node, BUD.Vehicle, vehicle, f"{vehicle.vehicle_type} {vehicle.plate}".strip())
        sink.text(node, BUD.vehicleType, vehicle.vehicle_type)
        sink.add(node, BUD["count"], integer_literal(vehicle.count))
        sink.plain(node, BUD.plate, vehicle.plate)
        if vehicle.seats is not None:
            sink.add(node, BUD.seats, integer_literal(vehicle.seats))
        sink.plain(node, BUD.acquired, vehicle.acquired)
        if vehicle.engine_cc is not None:
            sink.add(node, BUD.engineCc, integer_literal(vehicle.engine_cc))
        if vehicle.fuel_litres is not None:
            sink.add(node, BUD.fuelLitres, decimal_literal(vehicle.fuel_litres))
        sink.money(node, BUD.fuelCost, vehicle.fuel_cost)
        sink.money(node, BUD.maintenanceCost, vehicle.maintenance_cost)
        sink.money(node, BUD.otherCost, vehicle.other_cost)
        sink.text(node, BUD.note, vehicle.note)
    for office in records_of(list(records), Office):
        if is_subtotal_name(office.tenure) or is_subtotal_name(office.category):
            continue
        node = sink.fresh(record_iri(office, sink.scope))
        sink.entity(node, BUD.Office, office, f"{office.category}（{office.tenure}）")
        sink.text(node, BUD.category, office.category)
        sink.text(node, BUD.tenure, office.tenure)
        sink.text(node, BUD.organisationName, office.organisation)
        sink.plain(node, BUD.units, office.units)
        if office.area_m2 is not None:
            sink.add(node, BUD.areaSquareMetres, decimal_literal(office.area_m2))
        sink.money(node, BUD.acquisitionCost, office.acquisition_cost)
        sink.money(node, BUD.deposit, office.deposit)
        sink.money(node, BUD.rent, office.rent)
        sink.money(node, BUD.maintenanceCost, office.maintenance_cost)
    for travel in records_of(list(records), TravelPlan):
        if is_subtotal_name(travel.name):
            continue
        node = sink.fresh(record_iri(travel, sink.scope))
        sink.entity(node, BUD.TravelPlan, travel, travel.name)
        sink.text(node, BUD.category, travel.category)
        sink.plain(node, BUD.item, travel.number)
        sink.text(node, BUD.purposeType, travel.purpose_type)
        sink.text(node, BUD.destination, travel.destination)
        sink.text(node, BUD.agenda, travel.agenda)
        if travel.days is not None:
            sink.add(node, BUD.days, integer_literal(travel.days))
        if travel.persons is not None:
            sink.add(node, BUD.persons, integer_literal(travel.persons))
        sink.amount(node, travel.amount)
        _components(sink, node, travel.components)
        sink.text(node, BUD.budgetItem, travel.budget_item)
        sink.add(node, BUD.workPlan, names.find(travel.budget_item) if travel.budget_item else None)
        sink.plain(node, BUD.fieldCode, travel.field_code)


def map_texts(sink: Sink, records: Sequence[Record], names: Names) -> None:
    """Narrative records (施政重點, 實施成果, 總說明) and the analytical cross-tables' cells."""
    scope: BookScope = sink.scope
    for priority in records_of(list(records), PolicyPriority):
        node = record_iri(priority, scope)
        sink.entity(node, BUD.PolicyPriority, priority, priority.name)
        sink.text(node, BUD.content, priority.content)
        sink.text(node, BUD.goal, priority.goal)
        sink.add(node, BUD.workPlan, names.find(priority.work_plan_name))
    for performance in records_of(list(records), PastPerformance):
        node = record_iri(performance, scope)
        sink.entity(node, BUD.PastPerformance, performance, performance.name)
        sink.text(node, BUD.period, performance.period)
        sink.add(node, BUD.reportRocYear, integer_literal(performance.roc_year))
        sink.text(node, BUD.content, performance.text)
        sink.add(node, BUD.workPlan, names.find(performance.work_plan_name))
    for narrative in records_of(list(records), BudgetNarrative):
        node = record_iri(narrative, scope)
        sink.entity(node, BUD.Narrative, narrative, narrative.heading)
        sink.text(node, BUD.content, narrative.text)
    for cell in records_of(list(records), CrossTabCell):
        if cell.is_total:
            continue
        node = sink.fresh(record_iri(cell, scope))
        sink.entity(node, BUD.TableCell, cell)
        sink.text(node, BUD.table, cell.table)
        sink.plain(node, BUD.rowCode, cell.row_code)
        sink.text(node, BUD.rowLabel, cell.row_name)
        sink.text(node, BUD.column, cell.column)
        sink.plain(node, BUD.columnCode, cell.column_code)
        sink.add(node, BUD.cellValue, decimal_literal(cell.amount.value_ntd))
        sink.text(node, BUD.note, cell.note)


def map_citations(sink: Sink, records: Sequence[Record]) -> None:
    """Citations as written; graph/laws resolves them into bud:legalBasis edges."""
    citations = records_of(list(records), Citation)
    if not citations:
        return
    index = record_iri_index(records)
    for citation in citations:
        node = record_iri(citation, sink.scope)
        sink.entity(node, BUD.Citation, citation, citation.statute_text + citation.article_text)
        sink.text(node, BUD.statuteText, citation.statute_text)
        sink.text(node, BUD.articleText, citation.article_text)
        sink.text(node, BUD.evidence, citation.evidence)
        sink.add(node, BUD.citedBy, index.get(citation.subject))
