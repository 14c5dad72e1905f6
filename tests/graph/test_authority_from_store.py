"""Authority answers read back from the store equal the answers computed from the book's records.

The sample book is ingested once into a temporary data directory; `links_from_store` must rebuild the
same links `link_book(records)` made at ingest: statutes, articles, relations, evidence, amounts and the
records they were lifted through.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal, URIRef

from api.cli import main
from api.pipeline import ingest_books
from graph.laws import LegalLink, legal_basis_triples, link_book
from graph.laws.authority import AuthorityQueryError, Plan, authority_for, cited_by, plans_of
from graph.laws.from_store import (
    authority_from_store,
    links_from_store,
    plan_subjects_from_store,
    read_store,
)
from graph.store import OxigraphStore, Store, open_store
from ingest.book import ParsedBook
from ingest.records import BudgetBook
from ingest.resources import SAMPLE_BOOK

IC_DESIGN = "驅動國內IC設計業者先進發展補助計畫"
INNOVATION = "經濟部協助產業創新活動補助獎勵及輔導辦法"  # J0030115
THOUSAND = Decimal(1000)
# 5,576,578 (4040 of 5226102200) - 370,724 (rows 33-37, other rules) + 300 + 326 + 500 + 3,070 (4085 rows
# 39, 40, 45, 46) + 50,000 (4035 row 44): printed figures, as in tests/graph/test_authority.py
PRINTED_INNOVATION_TOTAL = Decimal(5_260_050)
PRINTED_ROW_06 = Decimal(1_020_500)  # 捐助 row 06, p.80
PRINTED_PROJECT_5 = Decimal(1_176_000)  # "5. 驅動國內IC設計業者先進發展補助計畫1,176,000千元"
# Records without a printed code: record_key is a digest of the whole record, which the graph cannot give back.
DIGEST_KEYED = {"PolicyPriority", "PastPerformance", "BudgetNarrative"}
PLAN_TYPES = {"WorkPlan", "BranchPlan", "Project", "Subsidy", "Donation", "Commission", "RevenueExplanation"}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("authority-store")
    [result] = ingest_books([SAMPLE_BOOK], directory, index_search=False)
    assert result.ok, f"ingest failed: {result.error} {result.violations[:3]}"
    return directory


@pytest.fixture(scope="module")
def store(data_dir: Path) -> Iterator[Store]:
    with open_store(data_dir) as opened:
        yield opened


@pytest.fixture(scope="module")
def from_records(sample_book: ParsedBook) -> list[LegalLink]:
    return link_book(sample_book.records)


@pytest.fixture(scope="module")
def from_store(store: Store) -> list[LegalLink]:
    return links_from_store(store)


def _plans(sample_book: ParsedBook) -> list[Plan]:
    return plans_of(sample_book.records)


def _edge(link: LegalLink) -> tuple[Any, ...]:
    """A link as the tests compare it: `via` as a set (RDF keeps no order), keys only where printed codes make them."""
    return (
        link.subject if link.subject_type not in DIGEST_KEYED else "",
        link.subject_type,
        link.subject_name,
        link.subject_iri,
        link.statute.key,
        link.statute.name,
        link.statute.url,
        tuple(link.statute.candidates),
        link.article,
        link.article_label,
        link.relation,
        link.evidence,
        link.document,
        link.page,
        link.field,
        tuple(sorted(link.via)),
        link.amount,
        link.agency,
        link.roc_year,
    )


def test_every_link_of_the_book_comes_back_from_the_store(
    from_records: list[LegalLink], from_store: list[LegalLink]
) -> None:
    assert len(from_store) == len(from_records)
    assert sorted(map(_edge, from_store), key=repr) == sorted(map(_edge, from_records), key=repr)


def test_the_ic_design_plan_rests_on_the_innovation_regulation(
    store: Store, from_records: list[LegalLink], sample_book: ParsedBook
) -> None:
    answer = read_store(store)
    subjects = authority_for(list(answer.links), IC_DESIGN, subjects=list(answer.plans))
    expected = authority_for(from_records, IC_DESIGN, subjects=_plans(sample_book))
    assert [(s.key, s.type, s.name, s.amount, [_edge(k) for k in s.links]) for s in subjects] == [
        (s.key, s.type, s.name, s.amount, [_edge(k) for k in s.links]) for s in expected
    ]
    donation = next(s for s in subjects if s.key.startswith("Donation:5226102200/06/"))
    assert donation.amount == PRINTED_ROW_06 * THOUSAND
    [link] = donation.links
    assert (link.statute.pcode, link.statute.name, link.relation) == ("J0030115", INNOVATION, "direct")
    assert link.evidence == "依據「經濟部協助產業創新活動補助獎勵及輔導辦法」"
    assert (link.page, link.field) == (80, "legal_basis_text")
    project = next(s for s in subjects if s.type == "Project")
    assert project.amount == PRINTED_PROJECT_5 * THOUSAND
    assert [(k.relation, {v.split("/")[1] for v in k.via}) for k in project.links] == [
        ("inferred", {"06", "44"})
    ]
    commission = next(s for s in subjects if s.type == "Commission")
    assert commission.links == []  # a row stating no authority is answered, not "not found"


def test_cited_by_from_the_store_adds_up_to_the_printed_total(
    from_records: list[LegalLink], from_store: list[LegalLink]
) -> None:
    answer, expected = cited_by(from_store, INNOVATION), cited_by(from_records, INNOVATION)
    rows = answer.to_json()["records"]
    assert sorted(r["subject"] for r in rows) == sorted(r["subject"] for r in expected.to_json()["records"])
    numbers = sorted(r["subject"].split("/")[1] for r in rows)
    assert numbers == sorted([f"{n:02d}" for n in range(3, 33)] + ["39", "40", "44", "45", "46"])
    assert answer.total == PRINTED_INNOVATION_TOTAL * THOUSAND
    assert answer.totals() == {("經濟部產業發展署", 114): PRINTED_INNOVATION_TOTAL * THOUSAND}
    assert sorted(map(_edge, answer.inferred), key=repr) == sorted(map(_edge, expected.inferred), key=repr)
    assert sorted(map(_edge, answer.mentions), key=repr) == sorted(map(_edge, expected.mentions), key=repr)


def test_unresolved_rules_keep_their_article_and_candidates(
    from_records: list[LegalLink], from_store: list[LegalLink]
) -> None:
    award = cited_by(from_store, "國家品質獎實施要點")
    assert not award.statute.resolved
    assert award.total == Decimal(200) * THOUSAND  # rows 41 (150) and 47 (50), p.94
    pay = [link for link in from_store if link.statute.name == "全國軍公教員工待遇支給要點"]
    assert pay and {(link.article, link.article_label) for link in pay} == {("4", "第4點")}
    stored = {link.statute.key: link.statute.candidates for link in from_store if not link.statute.resolved}
    parsed = {link.statute.key: link.statute.candidates for link in from_records if not link.statute.resolved}
    assert stored == parsed and any(stored.values())


def test_budget_act_articles_come_back_from_provision_nodes(from_store: list[LegalLink]) -> None:
    answer = cited_by(from_store, "預算法")
    assert {"第62條之1", "第95條", "第34條"} <= set(answer.to_json()["articles"])
    assert {link.article for link in answer.direct} >= {"62-1", "95", "34"}


def test_every_plan_is_listed_linked_or_not(store: Store, sample_book: ParsedBook) -> None:
    assert sorted(plan_subjects_from_store(store)) == sorted(set(_plans(sample_book)))


def test_names_matching_nothing_raise(store: Store) -> None:
    with pytest.raises(AuthorityQueryError, match="no plan"):
        authority_from_store(store, "不存在的計畫")
    with pytest.raises(AuthorityQueryError, match="no statute"):
        cited_by(links_from_store(store), "不存在的條例")


def test_a_changed_store_is_read_again(sample_book: ParsedBook) -> None:
    memory = OxigraphStore()  # in memory
    book = next(r for r in sample_book.records if isinstance(r, BudgetBook))
    memory.replace_graph("urn:test:laws", legal_basis_triples(sample_book.records))
    first = read_store(memory)
    assert read_store(memory) is first  # unchanged store: no second read
    statement = next(link for link in first.links if link.relation == "direct")
    memory.replace_graph(
        "urn:test:more", [(URIRef(statement.subject_iri), URIRef("urn:test:p"), Literal(book.agency))]
    )
    assert read_store(memory) is not first


def test_cli_answers_from_the_store(data_dir: Path, store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(data_dir), "authority", IC_DESIGN, "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == json.loads(json.dumps(authority_from_store(store, IC_DESIGN)))
    assert "sample" not in captured.err
    assert main(["authority", "--cited-by", "J0030115", "--data", str(data_dir)]) == 0
    assert "5,260,050千元  total" in capsys.readouterr().out


def test_cli_without_books_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(tmp_path), "authority", "--cited-by", "J0030115"]) == 0
    captured = capsys.readouterr()
    assert "no books ingested" in captured.err and "budgetkg ingest BOOK" in captured.err
    assert "5,260,050千元  total" in captured.out
    assert not (tmp_path / "store").exists()  # asking must not create a store
    monkeypatch.setattr("api.commands.authority.SAMPLE_BOOK", tmp_path / "missing.md")
    assert main(["--data", str(tmp_path), "authority", IC_DESIGN]) == 2
    assert "ingest a book first" in capsys.readouterr().err


def test_cli_name_matching_nothing_is_a_user_error(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(data_dir), "authority", "不存在的計畫"]) == 2
    err = capsys.readouterr().err
    assert "no plan, project or item named or coded '不存在的計畫'" in err and "Traceback" not in err
