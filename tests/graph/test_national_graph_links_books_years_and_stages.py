"""The national graph: one node per work plan and year across book, DGBAS and twbudget; series across
years and renames; stage observations answering the competency queries with printed figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from api.national_pipeline import ingest_national
from api.pipeline import ingest_books
from graph.iris import entity_iri
from graph.national_series import series_points
from graph.store import OxigraphStore, Store
from ingest.resources import ONTOLOGY_DIR

K = 1000
QUERIES = ONTOLOGY_DIR / "queries" / "national"
SAMPLE_PLANS = {  # code → (proposed: book and twbudget 2025, enacted: DGBAS 114), 千元 as printed
    "5226102200": (12_111_581, 11_456_423),
    "5726100100": (383_155, 383_024),
    "5726102000": (363_335, 336_795),
    "5726108110": (678_000, 678_000),
    "5726109800": (3_000, 3_000),
}


@pytest.fixture(scope="module")
def files(shared_dir: Path) -> list[Path]:
    dgbas = shared_dir / "corpus" / "dgbas"
    return [
        dgbas / "112" / "112C歲出機關別預算表.xls",
        dgbas / "114" / "C歲出機關別預算表.xlsx",
        dgbas / "114" / "C歲出政事別預算表.xlsx",
        shared_dir / "corpus" / "twbudget-proposed" / "tw2025ap.csv",
    ]


@pytest.fixture(scope="module")
def store(files: list[Path], sample_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    data = tmp_path_factory.mktemp("national")
    active = OxigraphStore(None)
    results = ingest_national(files, data, store=active)
    assert all(r.ok for r in results), [r.error for r in results]
    ingest_books([sample_path], data, store=active, index_search=False)
    return active


def query(store: Store, name: str) -> list[dict[str, object]]:
    return store.select((QUERIES / name).read_text(encoding="utf-8"))


def test_the_sample_work_plans_are_one_node_with_proposed_and_enacted(store: Store):
    for code, (proposed, enacted) in SAMPLE_PLANS.items():
        node = entity_iri("經濟部產業發展署", 114, "workplan", code)
        rows = store.select(
            f"SELECT DISTINCT ?stage ?amount ?source WHERE {{ ?o bud:observedEntity <{node}> ; bud:stage ?stage ;"
            " bud:observedAmount ?amount ; bud:dataSource ?source }"
        )
        seen = {
            (
                str(r["stage"]).rsplit("#", 1)[1],
                str(r["source"]).split(":")[0],
                int(Decimal(str(r["amount"]))),
            )
            for r in rows
        }
        assert ("Proposed", "book", proposed * K) in seen, code
        assert ("Enacted", "dgbas", enacted * K) in seen, code
        if code != "5726108110":  # twbudget prints the 節 under its 目's code; matched by its name
            assert ("Proposed", "twbudget", proposed * K) in seen, code
    # the book's own bud:amount is untouched: one value, the proposal
    amounts = store.select(
        f"SELECT ?a WHERE {{ <{entity_iri('經濟部產業發展署', 114, 'workplan', '5226102200')}> bud:amount ?a }}"
    )
    assert [int(Decimal(str(r["a"]))) for r in amounts] == [12_111_581 * K]


def test_the_sub_item_proposal_joins_the_dgbas_sub_item(store: Store):
    node = entity_iri("經濟部產業發展署", 114, "workplan", "5726108110")
    rows = store.select(
        f"SELECT ?m WHERE {{ ?o bud:observedEntity <{node}> ; bud:dataSource ?s ; bud:matchMethod ?m ."
        ' FILTER(STRSTARTS(STR(?s), "twbudget")) }'
    )
    assert [str(r["m"]) for r in rows] == ["sub-item name under agency part + item"]


def test_an_agency_series_runs_across_the_rename(store: Store):
    points = series_points(store, "0026100000")
    by = {(p.roc_year, p.stage): p for p in points}
    assert (
        by[(112, "法定預算")].amount_ntd == 10_345_392 * K and by[(112, "法定預算")].agency == "經濟部工業局"
    )
    assert (
        by[(114, "法定預算")].amount_ntd == 12_857_242 * K
        and by[(114, "法定預算")].agency == "經濟部產業發展署"
    )
    assert by[(112, "決算")].amount_ntd == 10_268_453 * K  # printed as 前年度決算數 by the 114 table
    assert {p.roc_year for p in series_points(store, "經濟部工業局")} == {112, 114}
    rows = query(store, "agency-across-rename.rq")
    assert {str(r["name"]) for r in rows} >= {"工業局", "產業發展署"}


def test_a_work_plan_series_by_stage(store: Store):
    rows = query(store, "proposed-enacted-final.rq")
    got = {
        (int(str(r["year"])), str(r["stage"]).rsplit("#", 1)[1], int(Decimal(str(r["amount"])))) for r in rows
    }
    assert (112, "Enacted", 9_299_046 * K) in got
    assert (112, "Final", 9_229_354 * K) in got  # 114 歲出政事別預算表's 前年度決算數
    assert (114, "Proposed", 12_111_581 * K) in got and (114, "Enacted", 11_456_423 * K) in got
    enacted = query(store, "work-plan-enacted-series.rq")
    assert [(int(str(r["year"])), int(Decimal(str(r["enacted"])))) for r in enacted] == [
        (112, 9_299_046 * K),
        (114, 11_456_423 * K),
    ]


def test_largest_cuts_are_proposed_minus_enacted(store: Store):
    rows = query(store, "largest-cuts.rq")
    assert len(rows) == 10
    cuts = [Decimal(str(r["cut"])) for r in rows]
    assert cuts == sorted(cuts, reverse=True) and cuts[0] > 0
    for r in rows:
        assert Decimal(str(r["proposed"])) - Decimal(str(r["enacted"])) == Decimal(str(r["cut"]))


def test_growth_and_function_totals(store: Store):
    growth = query(store, "agency-growth.rq")
    assert growth and all(Decimal(str(r["after"])) / Decimal(str(r["before"])) > 1 for r in growth[:3])
    totals = [r for r in query(store, "function-totals.rq") if int(str(r["year"])) == 114]
    assert sum(Decimal(str(r["enacted"])) for r in totals) == 2_924_966_563 * K  # printed 合計


def test_ingesting_a_file_again_changes_nothing(store: Store, files: list[Path], tmp_path: Path):
    before = store.triple_count()
    ingest_national([files[0], files[3]], tmp_path, store=store)
    assert store.triple_count() == before


def test_a_cut_sits_beside_the_books_resolutions(store: Store):
    rows = {str(r["code"]): r for r in query(store, "cuts-with-resolutions.rq")}
    assert rows, "the sample book's resolutions concern none of its plans"
    for code, row in rows.items():
        proposed, enacted = SAMPLE_PLANS.get(code, (None, None))
        if proposed is not None:
            assert Decimal(str(row["cut"])) == (proposed - enacted) * K
        assert int(str(row["resolutions"])) >= 1
