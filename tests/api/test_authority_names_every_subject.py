"""Every subject `authority` answers about carries its IRI and amount, whether or not a statute is linked to it.

Issue 20: the commission (委辦) row of 驅動國內IC設計業者先進發展補助計畫 states no legal basis, so no
statement names it; the answer listed it with no IRI and no amount although the graph holds both.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.cli import main
from graph.laws.authority import PLAN_RECORD_TYPES, Plan, plans_of
from graph.laws.from_store import read_store
from graph.store import open_store
from ingest.book import ParsedBook

IC_DESIGN = "驅動國內IC設計業者先進發展補助計畫"
# 委辦經費分析表, row (5) of 5226102200 工業技術升級輔導: 合計 95,000 千元 (sample p.114)
PRINTED_COMMISSION = Decimal(95_000) * 1000


def test_the_ic_design_commission_has_its_iri_and_printed_amount(
    client: TestClient, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = client.get("/authority", params={"subject": IC_DESIGN}).json()
    [commission] = [s for s in answer["subjects"] if s["type"] == "Commission"]
    assert commission["authorities"] == []
    assert Decimal(commission["amount"]) == PRINTED_COMMISSION
    assert commission["iri"].startswith(
        "https://budgetkg.tw/id/經濟部產業發展署/114/commission/5226102200/5/"
    )
    assert client.get(commission["iri"].removeprefix("https://budgetkg.tw")).status_code == 200

    assert main(["--data", str(data_dir), "authority", IC_DESIGN]) == 0
    text = capsys.readouterr().out
    block = text[text.index("Commission ") :]
    assert "95,000千元" in block.splitlines()[0]
    assert block.splitlines()[1].strip() == commission["iri"]


def _sampled(plans: list[Plan], linked: set[str]) -> list[Plan]:
    """Per type, the first subject with links and the first without (the two paths through authority_for)."""
    chosen: dict[tuple[str, bool], Plan] = {}
    for plan in plans:
        chosen.setdefault((plan.type, plan.key in linked), plan)
    return list(chosen.values())


def test_every_subject_type_is_answered_with_the_books_iri_and_amount(
    client: TestClient, data_dir: Path, sample_book: ParsedBook
) -> None:
    expected = {(p.key, p.iri): p for p in plans_of(sample_book.records)}
    with open_store(data_dir, read_only=True) as store:
        answer = read_store(store)
    linked = {link.subject for link in answer.links}
    stored = list(answer.plans)
    assert {p.type for p in stored} == PLAN_RECORD_TYPES
    assert all(p.iri for p in stored)
    sampled = _sampled(stored, linked)
    assert {p.type for p in sampled if p.key not in linked} >= {"Commission", "Subsidy", "WorkPlan"}
    for plan in sampled:
        book = expected[(plan.key, plan.iri)]
        response = client.get("/authority", params={"subject": plan.key})
        assert response.status_code == 200, plan
        [subject] = [s for s in response.json()["subjects"] if s["subject"] == plan.key]
        assert subject["iri"] == book.iri, plan
        assert subject["amount"] == (str(book.amount) if book.amount is not None else None), plan
        assert (subject["authorities"] != []) == (plan.key in linked), plan
