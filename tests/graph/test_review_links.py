"""READr's 1,457 proposals load into one named graph; those on agencies whose book is loaded link to the
line their path names, resolved over the store (the 內政部 PDF book and the sample book)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from graph.review.mapping import proposal_iri, review_graph_iri
from graph.store import Store, open_store

# Three proposals, read from temp_A.csv, and the line each names as printed in the 內政部 PDF book
# (歲出計畫提要及分支計畫概況表; page = the printed (0801)-NNN label, amounts in 千元 as printed there).
PRINTED_LINES = {
    # 3708012900 役政業務 > 01 徵兵處理: p.99 prints "01 徵兵處理 217,665"
    "523": ("branchplan/3708012900/01", "徵兵處理", 99, 217_665),
    # … > 06 全社會防衛韌性訓練工作 > 2000 業務費 > 2006 水電費: p.104 prints "2006 水電費 7,560"
    "475": ("lineitem/3708012900/06/2006", "水電費", 104, 7_560),
    # 3708012700 土地測量 > 009 國土空間資訊… > 2054 一般事務費 (READr prints the branch as 009, the book 09):
    # p.94 prints "09 國土空間資訊數位基礎建設及 160,120" then "2054 一般事務費 49,700"
    "520": ("lineitem/3708012700/09/2054", "一般事務費", 94, 49_700),
}


@pytest.fixture(scope="module")
def store(review_data_dir: Path):  # type: ignore[no-untyped-def]
    with open_store(review_data_dir, read_only=True) as opened:
        yield opened


def test_all_proposals_load_into_one_graph_for_the_file(store: Store) -> None:
    graph = review_graph_iri("temp_A.csv", 114)
    assert graph in store.graphs()
    [row] = store.select(
        f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?p a bud:Proposal }} }}"
    )
    assert int(str(row["n"])) == 1457


@pytest.mark.parametrize("proposal_id", sorted(PRINTED_LINES))
def test_a_proposal_links_to_the_line_printed_in_the_book(store: Store, proposal_id: str) -> None:
    key, label, page, thousands = PRINTED_LINES[proposal_id]
    rows = store.select(
        f"""SELECT ?line ?label ?amount ?page ?method WHERE {{
              <{proposal_iri(114, proposal_id)}> bud:proposalOn ?line ; bud:matchMethod ?method .
              ?line rdfs:label ?label ; bud:amount ?amount ; prov:wasDerivedFrom/bud:page ?page }}"""
    )
    assert rows, f"proposal {proposal_id} is not linked"
    assert {str(r["line"]).split("/114/", 1)[1] for r in rows} == {key}
    assert {str(r["label"]) for r in rows} == {label}
    assert page in {int(str(r["page"])) for r in rows}
    assert {Decimal(str(r["amount"])) for r in rows} == {Decimal(thousands * 1000)}
    assert {str(r["method"]) for r in rows} == {"code"}


def test_nine_in_ten_proposals_on_loaded_agencies_link_and_the_rest_say_why(
    store: Store, review_data_dir: Path
) -> None:
    rows = store.select(
        """SELECT ?p ?line ?reason ?method ?level WHERE { ?p a bud:Proposal .
             OPTIONAL { ?p bud:proposalOn ?line ; bud:matchMethod ?method ; bud:matchedLevel ?level }
             OPTIONAL { ?p bud:unmatchedReason ?reason } }"""
    )
    assert len(rows) == 1457
    assert all((r["line"] is None) != (r["reason"] is None) for r in rows), "each is linked or says why"
    on_loaded = [r for r in rows if str(r["reason"] or "") != "agency not loaded"]
    linked = [r for r in on_loaded if r["line"] is not None]
    # 63 on 內政部 (53 + 10 caucus proposals) and 1 on 產業發展署 (the sample's agency)
    assert len(on_loaded) == 64
    assert len(linked) >= 0.9 * len(on_loaded)
    [report] = (review_data_dir / "review").glob("*.json")
    body = json.loads(report.read_text(encoding="utf-8"))
    assert body["summary"]["linked"] == len(linked)
    assert len(body["unmatched"]) == 1457 - len(linked)
    assert all(u["reason"] for u in body["unmatched"])


def test_proposers_and_committees_are_agents(store: Store) -> None:
    rows = store.select(
        f"""SELECT ?person ?committee ?parent WHERE {{ <{proposal_iri(114, "482")}> bud:proposer ?person ;
              bud:committee ?committee . ?person a foaf:Person ; foaf:name "張智倫"@zh-Hant .
              ?committee a org:Organization ; rdfs:label ?label ; org:subOrganizationOf ?parent .
              ?parent rdfs:label "立法院"@zh-Hant }}""".replace(
            "SELECT", "PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT", 1
        )
    )
    assert rows
