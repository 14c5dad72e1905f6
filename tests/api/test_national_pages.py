"""The national pages: a series chart with its table and CSV, and the whole-year treemap feed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.national_pipeline import ingest_national
from api.pipeline import ingest_books
from api.settings import Settings
from ingest.resources import SAMPLE_BOOK


@pytest.fixture(scope="module")
def national_client(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data = tmp_path_factory.mktemp("national-web")
    corpus = shared_dir / "corpus"
    files = [
        corpus / "dgbas" / "112" / "112C歲出機關別預算表.xls",
        corpus / "dgbas" / "114" / "C歲出機關別預算表.xlsx",
        corpus / "twbudget-proposed" / "tw2025ap.csv",
    ]
    assert all(r.ok for r in ingest_national(files, data, index_search=False))
    assert ingest_books([SAMPLE_BOOK], data, index_search=False)[0].ok
    with TestClient(create_app(replace(Settings(), data_dir=data))) as client:
        yield client


def test_series_page_draws_proposed_enacted_and_the_cut(national_client: TestClient):
    page = national_client.get("/series", params={"q": "5226102200"})
    assert page.status_code == 200
    html = page.text
    assert "<svg" in html and 'class="cut"' in html
    assert 'data-ntd="655158000"' in html  # 114: 12,111,581 − 11,456,423 千元
    assert "12,111,581,000" in html and "11,456,423,000" in html and "9,299,046,000" in html
    assert "undefined" not in html and "NaN" not in html
    rows = list(
        csv.DictReader(io.StringIO(national_client.get("/series.csv", params={"q": "5226102200"}).text))
    )
    assert {(r["roc_year"], r["stage"], r["amount_ntd"]) for r in rows} >= {
        ("114", "預算案", "12111581000"),
        ("114", "法定預算", "11456423000"),
        ("112", "法定預算", "9299046000"),
    }
    data = national_client.get("/api/series", params={"q": "經濟部工業局"}).json()
    assert data["query"] == "經濟部工業局" and {p["roc_year"] for p in data["series"]} == {112, 114}
    assert national_client.get("/api/series", params={"q": "no such plan"}).status_code == 404


def test_year_treemap_drills_to_agency_work_plan_and_book_branches(national_client: TestClient):
    tree = national_client.get("/api/national-tree", params={"year": 114}).json()
    ministry = next(c for c in tree["children"] if c["name"] == "經濟部主管")
    agency = next(c for c in ministry["children"] if c["name"] == "產業發展署")
    assert agency["value"] == 12_857_242_000
    plan = next(c for c in agency["children"] if c["name"] == "工業技術升級輔導")
    assert plan["value"] == 11_456_423_000
    assert sorted(b["value"] for b in plan["children"]) == [
        4_748_679_000,
        7_362_902_000,
    ]  # the book's branches
    proposed = national_client.get("/api/national-tree", params={"year": 114, "stage": "預算案"}).json()
    assert proposed["value"] > 0
    assert national_client.get("/national").status_code == 200
    assert national_client.get("/api/national-tree", params={"stage": "x"}).status_code == 400


def test_a_work_plan_page_shows_its_years(national_client: TestClient):
    page = national_client.get(
        "/entity", params={"iri": "https://budgetkg.tw/id/經濟部產業發展署/114/workplan/5226102200"}
    )
    assert page.status_code == 200
    assert "歷年預算" in page.text and 'class="cut"' in page.text and "9,299,046,000" in page.text
    assert "/series.csv?q=5226102200" in page.text
