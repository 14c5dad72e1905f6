"""The 114 cut of one 內政部 work plan (enacted − proposed) beside the committee proposals on it.

Proposed: the 內政部 PDF book (歲出機關別預算表 p.41: 3708012900 役政業務 3,486,601 千元). Enacted: DGBAS
114 歲出機關別預算表 (the 法定預算) ingested by the national pipeline (only that file), whose Enacted
observation the review reads; the printed figure is read again here with openpyxl as the golden value.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from api.national_pipeline import ingest_national
from graph.review.report import review_report
from graph.store import open_store

PLAN = "3708012900"  # 役政業務
PROPOSED_THOUSANDS = 3_486_601  # the book, p.41


def enacted_thousands(xlsx: Path, code: str) -> int:
    """The 本年度預算數 of a code in DGBAS 114 歲出機關別預算表: the code sits on its own row above the
    name and figures (corpus/README.md)."""
    import openpyxl

    book = openpyxl.load_workbook(xlsx, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    for i, row in enumerate(rows):
        if str(row[4] or "").replace("\u3000", "").strip() == code:
            return int(str(rows[i + 1][5]).replace(",", ""))
    raise AssertionError(f"{code} not in {xlsx.name}")


def passed_cuts_from_csv(path: Path, code: str) -> tuple[int, int]:
    """Σ deleted of proposals on the plan (or beneath it) whose outcome is 通過, and how many proposals."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["item"].lstrip("0").startswith(code)]
    passed = sum(int(r["deleted"]) for r in rows if r["result"].split(">")[-1].strip() == "通過")
    return passed, len(rows)


@pytest.fixture(scope="module")
def data_dir(review_data_dir: Path, shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("review-cut") / "data"
    shutil.copytree(review_data_dir, copy)
    [result] = ingest_national([shared_dir / "corpus" / "dgbas" / "114" / "C歲出機關別預算表.xlsx"], copy)
    assert result.ok, result.error
    return copy


def test_the_cut_of_a_work_plan_sits_beside_its_proposals(
    data_dir: Path, shared_dir: Path, readr_csv: Path
) -> None:
    enacted = enacted_thousands(shared_dir / "corpus" / "dgbas" / "114" / "C歲出機關別預算表.xlsx", PLAN)
    assert enacted == 3_262_021  # as DGBAS prints it
    passed, proposals = passed_cuts_from_csv(readr_csv, PLAN)
    with open_store(data_dir, read_only=True) as store:
        report = review_report(store, PLAN)
    [plan] = report["work_plans"]
    assert plan["code"] == PLAN and plan["name"] == "役政業務"
    assert plan["proposed_ntd"] == PROPOSED_THOUSANDS * 1000
    assert plan["enacted_ntd"] == enacted * 1000
    assert plan["enacted_minus_proposed_ntd"] == (enacted - PROPOSED_THOUSANDS) * 1000 == -224_580_000
    assert plan["passed_cuts_ntd"] == passed == 29_000_000
    assert report["count"] == plan["proposals"] == proposals
    assert {p["action"] for p in report["proposals"]} == {"凍結", "減列", "減列、凍結"}
    assert all(p["line"] and p["text"] for p in report["proposals"])


def test_without_an_enacted_figure_the_difference_is_unknown_not_zero(review_data_dir: Path) -> None:
    with open_store(review_data_dir, read_only=True) as store:
        [plan] = review_report(store, PLAN)["work_plans"]
    assert plan["enacted_ntd"] is None and plan["enacted_minus_proposed_ntd"] is None
    assert plan["proposed_ntd"] == PROPOSED_THOUSANDS * 1000


def test_the_shipped_query_gives_the_same_cut(data_dir: Path) -> None:
    from ingest.resources import ONTOLOGY_DIR

    text = (ONTOLOGY_DIR / "queries" / "review" / "cut-vs-proposals.rq").read_text(encoding="utf-8")
    with open_store(data_dir, read_only=True) as store:
        [row] = store.select(text)
    assert int(str(row["difference"])) == -224_580_000
    assert int(str(row["passedCuts"])) == 29_000_000
