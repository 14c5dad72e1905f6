"""The 附錄's per-organisation plan tables in the graph: bud:OrganisationShare nodes beside the main body's
work plans, which still sum to the book's printed total (內政部 13,424,378 千元, 歲出機關別預算表 p.41).

Reads the 內政部 PDF's main plan pages (PDF 74–124) and its 附錄 (PDF 299–392) only.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.query import ResultRow

from graph.mapping import records_triples
from graph.mapping_base import Triple
from graph.validate import is_violation, validate_triples
from ingest.parsers.appendix_plans import AppendixPlansParser
from ingest.parsers.plan_summary import PlanSummaryParser
from ingest.records import BudgetBook, Provenance, Record
from tests.ingest.pdf_pages import records_from_pages

PRINTED_AGENCY_TOTAL = Decimal(13_424_378_000)  # 內政部 row of 歲出機關別預算表, p.41, in 元
PREFIX = "PREFIX bud: <https://budgetkg.tw/ontology#>\n"


@pytest.fixture(scope="module")
def triples(moi_pdf: Path) -> list[Triple]:
    book = BudgetBook(
        provenance=Provenance(moi_pdf.name, None, "內政部 114年度 單位預算"),
        title="內政部 114年度 單位預算",
        agency="內政部",
        roc_year=114,
        document=moi_pdf.name,
    )
    records: list[Record] = [
        book,
        *records_from_pages(moi_pdf, 73, 124, PlanSummaryParser()),
        *records_from_pages(moi_pdf, 298, 392, AppendixPlansParser()),
    ]
    return list(records_triples(records))


@pytest.fixture(scope="module")
def graph(triples: list[Triple]) -> Graph:
    g = Graph()
    for triple in triples:
        g.add(triple)
    return g


def select(graph: Graph, query: str) -> list[ResultRow]:
    return [row for row in graph.query(PREFIX + query) if isinstance(row, ResultRow)]


def total(graph: Graph, query: str) -> Decimal:
    [row] = select(graph, query)
    return Decimal(str(row[0]))


def test_work_plans_still_sum_to_the_printed_total(graph: Graph) -> None:
    assert (
        total(graph, "SELECT (SUM(?a) AS ?t) WHERE { ?p a bud:WorkPlan ; bud:amount ?a }")
        == PRINTED_AGENCY_TOTAL
    )
    assert total(graph, "SELECT (COUNT(?s) AS ?n) WHERE { ?s a bud:OrganisationShare }") > 0
    assert total(graph, "SELECT (COUNT(?s) AS ?n) WHERE { ?s a bud:OrganisationShare ; bud:amount ?a }") == 0


def test_the_organisations_work_plan_shares_also_make_the_printed_total(graph: Graph) -> None:
    # every work plan of the book is printed in some organisation's appendix table, so the work-plan
    # level shares add up to the same 13,424,378 千元 through a different path
    query = "SELECT (SUM(?a) AS ?t) WHERE { ?s a bud:OrganisationShare ; bud:shareOf/a bud:WorkPlan ; bud:shareAmount ?a }"
    assert total(graph, query) == PRINTED_AGENCY_TOTAL


def test_a_branch_share_points_at_the_main_body_branch(graph: Graph) -> None:
    # p.339 國土測繪中心 prints 人員維持 as its own branch 01; p.65 the combined one is 一般行政 01 too
    rows = select(
        graph,
        """SELECT ?org ?a WHERE { ?s a bud:OrganisationShare ; bud:organisationName ?org ;
                   bud:shareAmount ?a ; bud:shareOf ?b . ?b a bud:BranchPlan ; bud:code "01" ;
                   bud:partOf/bud:code "3708010100" }""",
    )
    found = {str(org): Decimal(str(a)) / 1000 for org, a in (tuple(row) for row in rows)}
    assert found == {"內政部": 1_017_596, "內政部國土測繪中心": 511_916, "內政部土地重劃工程處": 110_703}


def test_the_graph_conforms_to_the_shapes(triples: list[Triple]) -> None:
    report = validate_triples(triples)
    assert [v for v in report.violations if is_violation(v)] == []
