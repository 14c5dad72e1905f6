"""`budgetkg ingest DIR` with national tables, `budgetkg series --json`, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.cli import main


@pytest.fixture(scope="module")
def folder(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("twbudget")
    (folder / "tw2025ap.csv").symlink_to(shared_dir / "corpus" / "twbudget-proposed" / "tw2025ap.csv")
    return folder


def test_a_directory_loads_and_series_prints_the_issue_s_json(folder: Path, tmp_path: Path, capsys):
    data = tmp_path / "data"
    assert main(["ingest", "--data", str(data), "--no-search", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "ok      tw2025ap.csv: 114 twbudget 歲出預算案" in out
    assert main(["series", "--data", str(data), "5226102200", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["query"] == "5226102200"
    assert body["series"] == [
        {
            "roc_year": 114,
            "stage": "預算案",
            "amount_ntd": 12111581000,
            "code": "5226102200",
            "name": "工業技術升級輔導",
            "agency": "經濟部產業發展署",
            "source": "twbudget:twbudget 歲出預算案",
        }
    ]
    assert main(["series", "--data", str(data), "no such plan"]) == 1
    assert "no agency or work plan series matches" in capsys.readouterr().err


def test_a_damaged_table_fails_and_leaves_the_store_as_it_was(folder: Path, tmp_path: Path, capsys):
    data = tmp_path / "data"
    assert main(["ingest", "--data", str(data), "--no-search", str(folder)]) == 0
    bad = tmp_path / "tw2024ap.csv"
    bad.write_text("year,code,amount\n2024,1,2\n", encoding="utf-8")
    assert main(["ingest", "--data", str(data), "--no-search", str(bad)]) == 1
    assert "not twbudget's" in capsys.readouterr().out
    assert main(["series", "--data", str(data), "5226102200", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["series"]) == 1
