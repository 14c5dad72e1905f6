"""READr's table of the 114 committee proposals reads into one Proposal per row, with its path and outcome."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from ingest.records import Proposal
from ingest.resources import SAMPLE_BOOK
from ingest.review import ReviewError, read_review, review_reader_for
from ingest.review.readr import parse_path

# Counted by hand-run csv reading of temp_A.csv (full_name column; the 10 caucus proposals 黨團協商新提案
# named 內政部 by round2_proposal_mapping.csv come on top).
MOI_BY_ACTION_OWN_ROWS = {"凍結": 48, "減列": 5}
MOI_BY_ACTION_WITH_CAUCUS = {"凍結": 52, "減列": 9, "減列、凍結": 2}


@pytest.fixture(scope="module")
def table(readr_csv: Path):  # type: ignore[no-untyped-def]
    return read_review(readr_csv)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_row_is_one_proposal(table, readr_csv: Path) -> None:  # type: ignore[no-untyped-def]
    rows = _csv_rows(readr_csv)
    assert len(table.proposals) == len(rows) == 1457
    assert not table.skipped
    assert table.roc_year == 114
    assert len({p.proposal_id for p in table.proposals}) == 1457
    assert all(isinstance(p, Proposal) and p.provenance.document == "temp_A.csv" for p in table.proposals)


def test_proposals_per_action_on_the_ministry_of_the_interior(table, readr_csv: Path) -> None:  # type: ignore[no-untyped-def]
    rows = _csv_rows(readr_csv)
    own = Counter(r["action"] for r in rows if r["full_name"] == "內政部")
    assert own == MOI_BY_ACTION_OWN_ROWS
    mapping = {r["ID"]: r["full_name"] for r in _csv_rows(readr_csv.parent / "round2_proposal_mapping.csv")}
    with_caucus = Counter(
        r["action"].split(">")[-1].strip()
        for r in rows
        if (mapping.get(r["ID"], r["full_name"]) if r["full_name"] == "黨團協商新提案" else r["full_name"])
        == "內政部"
    )
    assert with_caucus == MOI_BY_ACTION_WITH_CAUCUS
    read = Counter(p.action for p in table.proposals if p.agency == "內政部")
    assert read == MOI_BY_ACTION_WITH_CAUCUS


def test_a_proposal_keeps_its_row_amounts_people_and_text(table) -> None:  # type: ignore[no-untyped-def]
    by_id = {p.proposal_id: p for p in table.proposals}
    p = by_id["482"]  # 役政業務, 減列 3億2,834萬5千元, reserved (保留)
    assert p.agency == "內政部" and p.action == "減列" and p.result == "保留"
    assert p.cut is not None and p.cut.value_ntd == 328_345_000
    assert p.line_amount is not None and p.line_amount.value_ntd == 3_486_601_000
    assert p.path == (("3708012900", "役政業務"),)
    assert p.proposers[0] == "張智倫" and p.committee == "內政委員會" and p.date == "2024-12-09"
    assert "減列3億2,834萬5千元" in p.text and p.text in p.provenance.text
    assert p.provenance.section == f"row {p.row}"
    history = by_id["471"]
    assert history.result_history == "保留 > 撤案" and history.result == "撤案"


def test_budget_paths_split_into_coded_steps() -> None:
    assert parse_path("06303610400 社會服務推展 > 01 原住民族社會安全發展計畫 > 子計畫") == (
        ("6303610400", "社會服務推展"),
        ("01", "原住民族社會安全發展計畫"),
        ("", "子計畫"),
    )
    assert parse_path("內政部 > 各項費用彙計表 > 業務費(合計)")[0] == ("", "內政部")


def test_review_tables_are_told_from_books_by_content(readr_csv: Path, tmp_path: Path) -> None:
    assert review_reader_for(readr_csv) is not None
    assert review_reader_for(SAMPLE_BOOK) is None
    renamed = tmp_path / "proposals.txt"  # the name does not matter, the header does
    renamed.write_bytes(readr_csv.read_bytes()[:200_000])
    assert review_reader_for(renamed) is not None
    header_only = tmp_path / "empty.csv"
    header_only.write_text(readr_csv.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(ReviewError, match="no proposal rows"):
        read_review(header_only)
