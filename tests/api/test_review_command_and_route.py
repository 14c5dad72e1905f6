"""`budgetkg review`, GET /review/{query} and the entity pages show the proposals on a line; `budgetkg ingest`
loads a review table through the one ingest pipeline, and a bad table leaves the store as it was."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from api.settings import Settings
from graph.review.mapping import review_graph_iri
from graph.store import open_store

MOI_BY_ACTION = {
    "凍結": 52,
    "減列": 9,
    "減列、凍結": 2,
}  # tests/ingest/test_review_table.py counts them from the CSV


def test_review_command_prints_an_agencys_proposals_as_json(
    review_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(review_data_dir), "review", "內政部", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["count"] == 63 and report["by_action"] == MOI_BY_ACTION
    assert report["linked"] == 63
    codes = {plan["code"] for plan in report["work_plans"]}
    assert {"3708012900", "3708011500", "6308013500"} <= codes


def test_review_command_reads_a_code_as_text(
    review_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(review_data_dir), "review", "3708011500"]) == 0
    out = capsys.readouterr().out
    assert "3708011500 戶政業務: proposed 70,523 千元" in out  # p.41 of the book
    assert "#505 凍結 通過" in out and "辦理戶籍資料運用管理" in out


def test_review_command_says_when_nothing_matches(
    review_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(review_data_dir), "review", "不存在的機關"]) == 1
    assert "no proposals" in capsys.readouterr().err


def test_http_route_and_entity_page_show_the_proposals_on_a_line(
    review_data_dir: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(review_data_dir, data_dir)
    settings = replace(Settings(), data_dir=data_dir)
    with TestClient(create_app(settings)) as client:
        body = client.get("/review/3708012900").json()
        assert body["count"] == 25 and body["work_plans"][0]["passed_cuts_ntd"] == 29_000_000
        assert client.get("/review/不存在的機關").status_code == 404
        branch = "https://budgetkg.tw/id/內政部/114/branchplan/3708012900/06"
        view = client.get("/api/entity", params={"iri": branch}).json()
        ids = {p["id"] for p in view["proposals"]}
        assert {"475", "481", "532", "476"} <= ids  # on the branch and on its 用途別 lines
        page = client.get("/entity", params={"iri": branch}).text
        assert "立法院審查提案" in page and "全社會防衛韌性訓練工作" in page and "凍結" in page


def test_a_bad_review_table_fails_and_keeps_the_stored_one(
    review_data_dir: Path, readr_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(review_data_dir, data_dir)
    graph = review_graph_iri("temp_A.csv", 114)
    with open_store(data_dir, read_only=True) as store:
        before = store.triple_count(graph)
    bad = tmp_path / "temp_A.csv"
    bad.write_text(readr_csv.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert main(["--data", str(data_dir), "ingest", "--no-search", str(bad)]) == 1
    assert "no proposal rows" in capsys.readouterr().out
    with open_store(data_dir, read_only=True) as store:
        assert store.triple_count(graph) == before > 40_000
    # Ingesting the real table again replaces its graph: the same triples, not twice as many.
    assert main(["--data", str(data_dir), "ingest", "--no-search", str(readr_csv)]) == 0
    with open_store(data_dir, read_only=True) as store:
        assert store.triple_count(graph) == before


def test_a_book_loaded_after_the_review_table_gets_its_proposals_linked(
    readr_csv: Path, tmp_path: Path
) -> None:
    from api.pipeline import ingest_books
    from graph.review.mapping import proposal_iri
    from ingest.resources import SAMPLE_BOOK

    [review] = ingest_books([readr_csv], tmp_path, index_search=False)
    assert review.ok and review.checks["linked"] == 0 and review.checks["agency not loaded"] == 1457
    query = f"SELECT ?line ?reason WHERE {{ <{proposal_iri(114, '6499')}> bud:proposalOn|bud:unmatchedReason ?x . OPTIONAL {{ <{proposal_iri(114, '6499')}> bud:proposalOn ?line }} OPTIONAL {{ <{proposal_iri(114, '6499')}> bud:unmatchedReason ?reason }} }}"
    with open_store(tmp_path, read_only=True) as store:
        [before] = store.select(query)
    assert before["line"] is None and str(before["reason"]) == "agency not loaded"
    [book] = ingest_books([SAMPLE_BOOK], tmp_path, index_search=False)  # 經濟部產業發展署
    assert book.ok
    with open_store(tmp_path, read_only=True) as store:
        [after] = store.select(query)
    # 6499: 經濟部產業發展署 > 媒體政策及業務宣導費彙計表 → the agency's row of 歲出機關別預算表
    assert (
        str(after["line"]).endswith("/經濟部產業發展署/114/expenditure/0026100000")
        and after["reason"] is None
    )
