"""`budgetkg ingest | query | validate | export`: answers on stdout, one-line errors and non-zero exits."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from api.cli import main
from ingest.resources import SAMPLE_BOOK


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("cli")
    assert main(["--data", str(directory), "ingest", "--no-search", str(SAMPLE_BOOK)]) == 0
    return directory


def test_ingest_reports_the_book_and_fails_on_a_missing_file(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", "--data", str(data_dir), "--no-search", "no-such-book.pdf"]) == 2
    assert "no such file: no-such-book.pdf" in capsys.readouterr().err


def test_query_prints_a_table_and_json(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = "SELECT ?code ?amount WHERE { ?p a bud:WorkPlan ; bud:code ?code ; bud:amount ?amount } ORDER BY ?code"
    assert main(["--data", str(data_dir), "query", query]) == 0
    table = capsys.readouterr().out
    assert "5226102200  12111581000" in table and "(5 rows)" in table
    assert main(["--data", str(data_dir), "query", "--format", "json", query]) == 0
    bindings = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert [b["code"]["value"] for b in bindings][:1] == ["5226102200"]


def test_query_runs_a_query_file(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).resolve().parents[2] / "ontology" / "queries" / "year-on-year-change.rq"
    assert main(["--data", str(data_dir), "query", "--format", "csv", str(path)]) == 0
    assert "5226102200,工業技術升級輔導,12111581000,10816507000,1295074000" in capsys.readouterr().out


def test_query_errors_are_one_line_with_position_and_exit_non_zero(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--data", str(data_dir), "query", "SELECT ?s WHERE {\n ?s ?p ?o\n OPTINAL { ?s ?p ?o } }"]) == 2
    )
    err = capsys.readouterr().err
    assert "syntax error at line 3" in err and "Traceback" not in err
    assert main(["--data", str(data_dir), "query", "DELETE WHERE { ?s ?p ?o }"]) == 2
    assert "read-only" in capsys.readouterr().err
    assert main(["--data", str(data_dir / "nowhere"), "query", "ASK {}"]) == 2
    assert "ingest a book first" in capsys.readouterr().err


def test_validate_passes_on_the_sample(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports = list((data_dir / "reports").glob("*.json"))
    [report] = [json.loads(p.read_text(encoding="utf-8")) for p in reports]
    failing = [c for c in report["checks"] if c["status"] == "fail"]
    assert main(["--data", str(data_dir), "validate"]) == (1 if failing else 0)
    out = capsys.readouterr().out
    assert "SHACL: conforms" in out and "reconciliation pass" in out


def test_export_writes_turtle_that_parses_back(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(data_dir), "export", "--list"]) == 0
    listing = capsys.readouterr().out
    book = next(line.split()[-1] for line in listing.splitlines() if "/book/" in line)
    count = int(next(line.split()[0] for line in listing.splitlines() if "/book/" in line))
    target = tmp_path / "book.ttl"
    assert main(["--data", str(data_dir), "export", "--book", book, "-o", str(target)]) == 0
    assert len(Graph().parse(target, format="turtle")) == count
    assert main(["--data", str(data_dir), "export", "--book", "https://example.org/none"]) == 2
    assert "no graph" in capsys.readouterr().err


def test_validate_fails_on_an_empty_store(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(tmp_path / "empty"), "validate"]) == 2
    assert "ingest a book first" in capsys.readouterr().err
    shutil.rmtree(tmp_path / "empty", ignore_errors=True)
