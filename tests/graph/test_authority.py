"""Authority answers on the sample book: what a plan rests on, and everything resting on a statute."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rdflib import Literal, URIRef

from api.cli import main
from graph.laws import LegalLink, legal_basis_triples, link_book
from graph.laws.authority import AuthorityQueryError, authority_for, cited_by
from graph.namespaces import BUD, RDF, RDFS
from ingest.book import ParsedBook

INNOVATION = "J0030115"  # 經濟部協助產業創新活動補助獎勵及輔導辦法
IC_DESIGN = "驅動國內IC設計業者先進發展補助計畫"
THOUSAND = Decimal(1000)

# Printed figures (千元) of the sample book
PRINTED_4040_WORK_PLAN_5226102200 = Decimal(5_576_578)  # 4040 對國內團體之捐助 of 工業技術升級輔導
PRINTED_ROWS_33_TO_37 = Decimal(370_724)  # subtotal (3)5226102200 of rows 33-37 (研究/學術機構辦法, 審核要點)
PRINTED_4085_ROWS_CITING_IT = [
    Decimal(300),
    Decimal(326),
    Decimal(500),
    Decimal(3_070),
]  # rows 39, 40, 45, 46
PRINTED_4035_ROW_44 = Decimal(50_000)  # 4035 對外之捐助: 驅動國內IC設計業者先進發展補助計畫
PRINTED_ROW_06 = Decimal(1_020_500)
PRINTED_PROJECT_5 = Decimal(1_176_000)  # "5. 驅動國內IC設計業者先進發展補助計畫1,176,000千元"


@pytest.fixture(scope="module")
def links(sample_book: ParsedBook) -> list[LegalLink]:
    return link_book(sample_book.records)


def test_ic_design_plan_rests_on_the_innovation_regulation(links: list[LegalLink]) -> None:
    subjects = authority_for(links, IC_DESIGN)
    donation_06 = next(s for s in subjects if s.key.startswith("Donation:5226102200/06"))
    assert donation_06.amount == PRINTED_ROW_06 * THOUSAND
    [link] = donation_06.links
    assert (link.statute.pcode, link.relation) == (INNOVATION, "direct")
    assert link.statute.name == "經濟部協助產業創新活動補助獎勵及輔導辦法"
    assert link.evidence == "依據「經濟部協助產業創新活動補助獎勵及輔導辦法」"
    assert (link.document, link.page) == ("moea-ida-114-unit-budget.md", 80)
    assert link.statute.url.endswith("pcode=J0030115")


def test_the_project_inherits_it_through_both_donation_rows(links: list[LegalLink]) -> None:
    subjects = authority_for(links, IC_DESIGN)
    project = next(s for s in subjects if s.type == "Project")
    assert project.amount == PRINTED_PROJECT_5 * THOUSAND
    [link] = project.links
    assert link.relation == "inferred"
    assert {key.split("/")[1] for key in link.via} == {"06", "44"}


def test_a_commissioned_row_without_stated_authority_answers_empty(
    links: list[LegalLink], sample_book: ParsedBook
) -> None:
    from graph.laws.links import subject_name
    from ingest.records import record_key

    unlinked = [
        (record_key(r), r.type, subject_name(r)) for r in sample_book.records if r.type == "Commission"
    ]
    subjects = authority_for(links, IC_DESIGN, subjects=unlinked)
    commission = next(s for s in subjects if s.type == "Commission")
    assert commission.links == []


def test_cited_by_lists_every_row_and_the_amounts_add_up_to_printed_totals(links: list[LegalLink]) -> None:
    answer = cited_by(links, "經濟部協助產業創新活動補助獎勵及輔導辦法")
    rows = answer.to_json()["records"]
    numbers = sorted(row["subject"].split("/")[1] for row in rows)
    assert numbers == sorted([f"{n:02d}" for n in range(3, 33)] + ["39", "40", "44", "45", "46"])
    expected = (
        PRINTED_4040_WORK_PLAN_5226102200
        - PRINTED_ROWS_33_TO_37
        + sum(PRINTED_4085_ROWS_CITING_IT)
        + PRINTED_4035_ROW_44
    )
    assert answer.total == expected * THOUSAND
    assert answer.totals() == {("經濟部產業發展署", 114): expected * THOUSAND}


def test_cited_by_accepts_pcode_and_finds_unresolved_rules(links: list[LegalLink]) -> None:
    assert cited_by(links, INNOVATION).statute.pcode == INNOVATION
    award = cited_by(links, "國家品質獎實施要點")
    assert not award.statute.resolved
    assert award.total == Decimal(200) * THOUSAND  # rows 41 (150) and 47 (50)


def test_cited_by_budget_act_keeps_articles(links: list[LegalLink]) -> None:
    answer = cited_by(links, "預算法")
    assert {"第62條之1", "第95條", "第34條"} <= set(answer.to_json()["articles"])


def test_unknown_names_are_user_errors(links: list[LegalLink]) -> None:
    with pytest.raises(AuthorityQueryError, match="no plan"):
        authority_for(links, "不存在的計畫")
    with pytest.raises(AuthorityQueryError, match="no statute"):
        cited_by(links, "不存在的條例")


def test_triples_carry_statute_provision_and_evidence(sample_book: ParsedBook) -> None:
    triples = set(legal_basis_triples(sample_book.records))
    statute = URIRef("https://budgetkg.tw/id/eli/tw/J0030115")
    assert (statute, RDF.type, BUD.Statute) in triples
    assert (statute, BUD.pcode, Literal("J0030115")) in triples
    assert (
        statute,
        RDFS.seeAlso,
        URIRef("https://law.moj.gov.tw/LawClass/LawAll.aspx?pcode=J0030115"),
    ) in triples
    provision = URIRef("https://budgetkg.tw/id/eli/tw/T0020001/art/62-1")
    assert (provision, BUD.articleOf, URIRef("https://budgetkg.tw/id/eli/tw/T0020001")) in triples
    assert (
        provision,
        RDFS.seeAlso,
        URIRef("https://law.moj.gov.tw/LawClass/LawSingle.aspx?pcode=T0020001&flno=62-1"),
    ) in triples
    statements = {s for s, p, o in triples if p == RDF.type and o == BUD.LegalBasisStatement}
    evidence = {o for s, p, o in triples if p == BUD.evidence and s in statements}
    assert Literal("依據「經濟部協助產業創新活動補助獎勵及輔導辦法」", lang="zh-Hant") in evidence
    inferred = [o for s, p, o in triples if p == BUD.relation and o == Literal("inferred")]
    assert inferred and any(p == BUD.via for _, p, _ in triples)


def test_cli_authority_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["authority", IC_DESIGN, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    pcodes = {a["pcode"] for s in answer["subjects"] for a in s["authorities"]}
    assert pcodes == {INNOVATION}
    first = answer["subjects"][0]["authorities"][0]
    assert first["evidence"]["page"] == 80 and first["url"].endswith("J0030115")


def test_cli_cited_by_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["authority", "--cited-by", INNOVATION]) == 0
    out = capsys.readouterr().out
    assert "5,260,050千元  total" in out
    assert "1,020,500千元  Donation:5226102200/06" in out


def test_cli_without_a_name_is_a_user_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["authority"]) != 0
    assert "give either" in capsys.readouterr().err
