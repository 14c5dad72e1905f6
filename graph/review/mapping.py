"""A review table and its links → triples (ontology/budget.ttl, section issue 13).

One named graph per file (`review_graph_iri`): the table node, every proposal with its source row, its
proposers and co-signers (foaf:Person; a caucus, 黨團, is a foaf:Organization), its committee (an
org:Organization, part of 立法院), its amounts, and — where the store held the line — `bud:proposalOn`
with the match method and level; otherwise `bud:unmatchedReason`.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import FOAF

from graph import iris
from graph.mapping_base import Triple, decimal_literal, integer_literal, zh
from graph.namespaces import BUD, DCTERMS, ORG, PROV, RDF, RDFS, XSD
from graph.review.links import Link
from ingest.amounts import Amount
from ingest.records import Proposal
from ingest.review.base import ReviewTable

LEGISLATURE = "立法院"
PLENARY = "院會"


def review_graph_iri(source: str, roc_year: int) -> str:
    return f"{iris.base_iri()}review/{iris.segment(source)}/{roc_year}"


def proposal_iri(roc_year: int, proposal_id: str) -> URIRef:
    return URIRef(f"{iris.base_iri()}review/{roc_year}/proposal/{iris.segment(proposal_id)}")


def person_iri(name: str) -> URIRef:
    return URIRef(f"{iris.base_iri()}person/{iris.segment(name)}")


def committee_iri(committee: str) -> URIRef:
    return iris.organization_iri(LEGISLATURE if committee in ("", PLENARY) else LEGISLATURE + committee)


def review_triples(table: ReviewTable, links: Iterable[Link]) -> list[Triple]:
    by_id = {link.proposal_id: link for link in links}
    graph = URIRef(review_graph_iri(table.source, table.roc_year))
    out: list[Triple] = []
    seen: set[Triple] = set()

    def add(s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is None:
            return
        triple = (s, p, o)
        if triple not in seen:
            seen.add(triple)
            out.append(triple)

    def money(s: URIRef, p: URIRef, amount: Amount | None) -> None:
        if amount is not None:
            add(s, p, decimal_literal(amount.value_ntd))

    def text(s: URIRef, p: URIRef, value: str) -> None:
        if value.strip():
            add(s, p, zh(value.strip()))

    def plain(s: URIRef, p: URIRef, value: str) -> None:
        if value.strip():
            add(s, p, Literal(value.strip()))

    add(graph, RDF.type, BUD.ReviewTable)
    add(graph, RDFS.label, zh(f"{table.roc_year}年度 立法院委員會審查提案（{table.source}）"))
    plain(graph, BUD.document, table.source)
    add(graph, BUD.rocYear, integer_literal(table.roc_year))
    legislature = iris.organization_iri(LEGISLATURE)
    add(legislature, RDF.type, ORG.Organization)
    add(legislature, RDF.type, FOAF.Organization)
    add(legislature, RDFS.label, zh(LEGISLATURE))

    for proposal in table.proposals:
        node = proposal_iri(table.roc_year, proposal.proposal_id)
        add(node, RDF.type, BUD.Proposal)
        add(node, BUD.inReviewTable, graph)
        add(node, RDFS.label, zh(_label(proposal)))
        plain(node, BUD.proposalNumber, proposal.proposal_id)
        add(node, BUD.rocYear, integer_literal(proposal.roc_year))
        text(node, BUD.agencyName, proposal.agency)
        plain(node, BUD.action, proposal.action)
        plain(node, BUD.actionHistory, proposal.action_history)
        plain(node, BUD.outcome, proposal.result)
        plain(node, BUD.outcomeHistory, proposal.result_history)
        money(node, BUD.proposedCut, proposal.cut)
        money(node, BUD.proposedFreeze, proposal.frozen)
        money(node, BUD.lineAmount, proposal.line_amount)
        money(node, BUD.previousYearAmount, proposal.previous_year_amount)
        text(node, BUD.proposalText, proposal.text)
        text(node, BUD.jointReviewNote, proposal.joint_note)
        plain(node, BUD.budgetPath, proposal.path_text)
        text(node, BUD.sitting, proposal.sitting)
        if proposal.date:
            add(node, DCTERMS.date, Literal(proposal.date, datatype=XSD.date))
        if proposal.sitting_url.startswith("http"):
            add(node, RDFS.seeAlso, URIRef(proposal.sitting_url))
        committee = committee_iri(proposal.committee)
        add(node, BUD.committee, committee)
        if committee != legislature:
            add(committee, RDF.type, ORG.Organization)
            add(committee, RDF.type, FOAF.Organization)
            add(committee, RDFS.label, zh(LEGISLATURE + proposal.committee))
            add(committee, ORG.subOrganizationOf, legislature)
        for prop, names in ((BUD.proposer, proposal.proposers), (BUD.cosigner, proposal.cosigners)):
            for name in names:
                agent = person_iri(name)
                add(agent, RDF.type, FOAF.Organization if name.endswith("黨團") else FOAF.Person)
                add(agent, FOAF.name, zh(name))
                add(agent, RDFS.label, zh(name))
                add(node, prop, agent)
        source = iris.source_iri(table.source, None, f"row {proposal.row}\x1f{proposal.provenance.text}")
        add(source, RDF.type, BUD.SourceReference)
        plain(source, BUD.document, table.source)
        add(source, BUD.row, integer_literal(proposal.row))
        text(source, BUD.sourceText, proposal.provenance.text or proposal.path_text or proposal.proposal_id)
        add(source, DCTERMS.isPartOf, graph)
        add(node, PROV.wasDerivedFrom, source)
        link = by_id.get(proposal.proposal_id)
        if link is None:
            continue
        if link.linked:
            add(node, BUD.proposalOn, URIRef(link.target))
            plain(node, BUD.matchMethod, link.method)
            plain(node, BUD.matchedLevel, link.level)
            plain(node, BUD.unresolvedPath, link.unresolved)
        else:
            plain(node, BUD.unmatchedReason, link.reason)
        if link.agency:
            add(node, BUD.agency, URIRef(link.agency))
    return out


def _label(proposal: Proposal) -> str:
    who = "、".join(proposal.proposers[:2]) + ("等" if len(proposal.proposers) > 2 else "")
    target = line_name(proposal)
    return f"{proposal.agency} {target} {proposal.action}（{who}）".strip()


GENERIC_STEPS = frozenset({"子計畫"})


def line_name(proposal: Proposal) -> str:
    """The most specific named step of the path (子計畫 says nothing), else the agency."""
    named = [name for _code, name in proposal.path if name not in GENERIC_STEPS]
    return named[-1] if named else proposal.agency
