"""Figures people take away open with the printed values: `?format=csv|xlsx` on the API's lists (read back
with csv and openpyxl), `budgetkg export --format csv|xlsx` of the records per type, and the gzip N-Quads
dump (/dump and `--format nquads.gz`) holding the whole store."""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.cli import main
from graph.store import open_store

# 歲出機關別預算表 p.27 of the sample (千元).
PRINTED_WORK_PLANS = {"工業技術升級輔導": 12_111_581, "一般行政": 383_155, "工業管理": 363_335}
PRINTED_SUBSIDY_TOTAL = 779_500  # 補助經費分析表 合計, p.78


def _csv_rows(body: bytes) -> list[dict[str, str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 byte-order mark for Excel"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_budget_tree_as_csv_holds_the_printed_work_plans(client: TestClient) -> None:
    response = client.get("/api/budget-tree?format=csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = _csv_rows(response.content)
    plans = {r["name"]: Decimal(r["value"]) / 1000 for r in rows if r["level"] == "1"}
    for name, printed in PRINTED_WORK_PLANS.items():
        assert plans[name] == printed
    branch = next(r for r in rows if r["level"] == "2")
    assert branch["path"].count(" / ") == 2  # 歲出預算 / plan / branch


def test_search_hits_as_xlsx_open_in_openpyxl(client: TestClient) -> None:
    response = client.get("/search", params={"q": "智慧杆產業推動", "type": "Subsidy", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert rows and all(r["type"] == "Subsidy" for r in rows)
    smart = [r for r in rows if "智慧杆" in str(r["label"])]
    assert smart and {r["page"] for r in smart} == {78}
    # Amounts are numbers in the sheet (NT$ 元): the 智慧杆 subsidies print 60,000 and 40,000 千元.
    assert {r["amount_ntd"] for r in smart} <= {60_000_000, 40_000_000}
    assert all(isinstance(r["amount_ntd"], int) for r in smart)


def test_cited_by_as_csv_and_a_table_chosen_by_name(client: TestClient) -> None:
    body = client.get("/api/overview?format=csv&table=books").content
    [book] = _csv_rows(body)
    assert "經濟部產業發展署" in book["label"]
    wrong = client.get("/api/overview?format=csv&table=nothing")
    assert wrong.status_code == 400 and "table=" in wrong.json()["detail"]
    assert client.get("/api/entity?iri=https://budgetkg.tw/id/none&format=csv").status_code == 404
    # Without format= the JSON answer is untouched.
    assert client.get("/api/overview").headers["content-type"].startswith("application/json")


def test_the_dump_is_the_whole_store_as_gzip_nquads(client: TestClient, data_dir: Path) -> None:
    response = client.get("/dump")
    assert response.status_code == 200 and response.headers["content-type"] == "application/gzip"
    quads = list(ox.parse(gzip.decompress(response.content), format=ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    assert "https://budgetkg.tw/id/book/經濟部產業發展署/114" in graphs
    store = client.app.state.service.store  # type: ignore[attr-defined]
    assert len(quads) == sum(store.triple_count(g) for g in store.graphs())


@pytest.fixture(scope="module")
def exported(data_dir: Path, tmp_path_factory: pytest.TempPathFactory, client: TestClient) -> Path:
    # The session's service holds the store; export from a copy, as a user would from a stopped service.
    folder = tmp_path_factory.mktemp("export")
    copy = folder / "data"
    (copy / "store").mkdir(parents=True)
    with open_store(copy) as target:
        source = client.app.state.service.store  # type: ignore[attr-defined]
        for graph in source.graphs():
            target.replace_graph(graph, [(s, p, o) for s, p, o, _g in source.quads(graph)])
    for fmt, name in (
        ("csv", "tables.zip"),
        ("csv", "tables"),
        ("xlsx", "tables.xlsx"),
        ("nquads.gz", "all.nq.gz"),
    ):
        assert main(["--data", str(copy), "export", "--format", fmt, "-o", str(folder / name)]) == 0
    return folder


def test_export_csv_zip_has_one_table_per_record_type_with_printed_figures(exported: Path) -> None:
    with zipfile.ZipFile(exported / "tables.zip") as archive:
        names = set(archive.namelist())
        assert {"WorkPlan.csv", "Subsidy.csv", "Donation.csv", "Resolution.csv"} <= names
        subsidies = _csv_rows(archive.read("Subsidy.csv"))
        plans = _csv_rows(archive.read("WorkPlan.csv"))
    assert sum(Decimal(r["amount"]) for r in subsidies) / 1000 == PRINTED_SUBSIDY_TOTAL
    assert all(r["page"] == "78" and r["book"] for r in subsidies)
    by_name = {r["label"]: Decimal(r["amount_thousand"]) for r in plans}
    for name, printed in PRINTED_WORK_PLANS.items():
        assert by_name[name] == printed
    # The folder form holds the same tables.
    assert {p.name for p in (exported / "tables").iterdir()} == names


def test_export_xlsx_has_a_sheet_per_type_with_numbers(exported: Path) -> None:
    workbook = load_workbook(exported / "tables.xlsx", read_only=True)
    sheet = workbook["WorkPlan"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    amounts = {r[header.index("label")]: r[header.index("amount")] for r in rows[1:]}
    assert amounts["工業技術升級輔導"] == PRINTED_WORK_PLANS["工業技術升級輔導"] * 1000


def test_export_nquads_gz_round_trips(exported: Path, client: TestClient) -> None:
    quads = list(
        ox.parse(gzip.decompress((exported / "all.nq.gz").read_bytes()), format=ox.RdfFormat.N_QUADS)
    )
    store = client.app.state.service.store  # type: ignore[attr-defined]
    assert len(quads) == sum(store.triple_count(g) for g in store.graphs())


def test_export_tables_need_an_output_and_a_real_book(
    exported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(exported / "data")
    assert main(["--data", data, "export", "--format", "csv"]) == 2
    assert "give -o" in capsys.readouterr().err
    assert (
        main(["--data", data, "export", "--format", "csv", "--book", "urn:x", "-o", str(exported / "x")]) == 2
    )
    assert "no book" in capsys.readouterr().err
    assert not (exported / "x").exists()
