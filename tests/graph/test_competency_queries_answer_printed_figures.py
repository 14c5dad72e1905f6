"""Each competency query (ontology/queries/*.rq) answers with the figures the sample book prints."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from graph.store import Store
from tests.graph.sample_store import QUERIES, THOUSAND, query_text, sample_store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = sample_store(tmp_path_factory.mktemp("competency"))
    yield opened
    opened.close()


def rows(store: Store, name: str) -> list[dict[str, object]]:
    return store.select(query_text(name))


def dec(value: object) -> Decimal:
    assert isinstance(value, Decimal), value
    return value


def k(value: int) -> Decimal:
    """A figure printed in 千元, in 元."""
    return Decimal(value) * THOUSAND


def test_there_are_at_least_fifteen_questions_each_stated_in_english_and_chinese() -> None:
    files = sorted(QUERIES.glob("*.rq"))
    assert len(files) >= 15
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and "?" in first and "？" in first, path.name


def test_work_plan_totals_are_the_printed_ones_and_sum_to_the_agency_total(store: Store) -> None:
    amounts = {r["code"]: dec(r["amount"]) for r in rows(store, "work-plan-totals")}
    assert amounts == {
        "5226102200": k(12_111_581),  # 工業技術升級輔導
        "5726100100": k(383_155),  # 一般行政
        "5726102000": k(363_335),  # 工業管理
        "5726108110": k(678_000),  # 經濟特別收入基金
        "5726109800": k(3_000),  # 第一預備金
    }
    assert sum(amounts.values()) == k(13_539_071)  # 產業發展署 row of 歲出機關別預算表, p.27


def test_object_class_totals_match_the_printed_totals(store: Store) -> None:
    totals = {str(r["code"]): dec(r["amount"]) for r in rows(store, "object-class-totals")}
    assert totals["2039"] == k(6_646_052)  # 委辦費
    assert totals["4040"] == k(5_576_668)  # 對國內團體之捐助
    assert totals["1000"] == k(312_982)  # 人事費
    first_level = sum(v for c, v in totals.items() if c.endswith("000"))
    assert first_level == k(13_539_071)  # every line counted once at the first level


def test_largest_donations_come_with_their_recipients(store: Store) -> None:
    top = rows(store, "largest-donations")
    assert len(top) == 10
    assert [dec(r["amount"]) for r in top] == sorted((dec(r["amount"]) for r in top), reverse=True)
    assert (top[0]["name"], top[0]["amount"]) == ("驅動國內IC設計業者先進發展補助計畫", k(1_020_500))
    assert (top[1]["name"], top[1]["amount"]) == ("協助產業提升競爭力布局海外市場計畫", k(931_000))
    assert (top[2]["name"], top[2]["amount"]) == ("亞灣2.0-智慧科技創新應用綱要計畫", k(481_230))
    assert top[0]["recipient"] == "國內依法登記成立之公司"
    assert all(r["recipient"] for r in top)


def test_everything_resting_on_the_innovation_regulation_cites_it(store: Store) -> None:
    pytest.importorskip("graph.laws", reason="graph/laws (legal-basis linking) is not installed")
    regulation = "經濟部協助產業創新活動補助獎勵及輔導辦法"
    found = rows(store, "resting-on-regulation")
    names = {r["name"] for r in found}
    assert "驅動國內IC設計業者先進發展補助計畫" in names  # its 依據 column cites the regulation (p.80)
    for row in found:
        texts = store.select(
            f"SELECT ?t WHERE {{ <{row['entity']}> bud:legalBasisText|bud:content|bud:description ?t }}"
        )
        assert any(regulation in str(t["t"]) for t in texts), row["name"]


def test_frozen_amounts_concern_industrial_upgrading(store: Store) -> None:
    frozen = rows(store, "frozen-amounts")
    # 凍結該預算 2,000 萬元 / 1,000 萬元 on 「工業技術升級輔導」 (立法院審議, pp.143–154)
    assert sorted(dec(r["frozen"]) for r in frozen) == [Decimal(10_000_000), Decimal(20_000_000)]
    assert {r["planName"] for r in frozen} == {"工業技術升級輔導"}


def test_revenue_by_source_sums_to_the_printed_total_with_legal_basis(store: Store) -> None:
    items = {r["code"]: r for r in rows(store, "revenue-by-source")}
    assert sum(dec(r["amount"]) for r in items.values()) == k(110_636)  # 合計, p.25
    assert items["0526100101"]["amount"] == k(2_024)  # 審查費
    assert "冷凍空調業管理條例第24條" in str(items["0526100101"]["basisText"])
    assert items["1226100201"]["category"] == "其他收入"
    categories = {r["category"]: r["total"] for r in rows(store, "revenue-by-category")}
    assert categories == {
        "罰款及賠償收入": k(2_870),
        "規費收入": k(7_000),
        "財產收入": k(4_727),
        "其他收入": k(96_039),
    }


def test_multi_year_plans_carry_totals_and_approval_letters(store: Store) -> None:
    plans = {r["name"]: r for r in rows(store, "multi-year-plans")}
    chemical = plans["建構國家安全化學與韌性永續計畫"]
    assert chemical["total"] == Decimal("303000000")  # 3.03 億元
    assert chemical["thisYear"] == Decimal("54000000")  # 0.54 億元
    assert chemical["number"] == "院臺環字第1121047045號"
    assert chemical["issuer"] == "行政院"
    assert chemical["date"] == "2024-01-10"  # 113年1月10日
    assert plans["智慧杆產業推動暨城市智慧基建計畫"]["total"] == Decimal("3185000000")  # 31.85 億元


def test_year_on_year_change_per_work_plan(store: Store) -> None:
    change = {r["code"]: r for r in rows(store, "year-on-year-change")}
    assert change["5226102200"]["change"] == k(1_295_074)
    assert change["5226102200"]["previous"] == k(10_816_507)
    assert change["5726102000"]["change"] == k(353_299)
    for row in change.values():
        assert row["change"] == row["printedChange"], row["code"]


def test_plans_handled_by_the_sustainability_division(store: Store) -> None:
    handled = {(r["partOf"], r["code"]) for r in rows(store, "plans-of-unit")}
    # 承辦單位 column of 歲出計畫提要 (pp.39–63) and 歲入項目說明提要表 (pp.29–38) naming 永續發展組
    assert handled == {
        ("5226102200", "01"),
        ("5226102200", "02"),
        ("5726102000", "02"),
        ("5726102000", "03"),
        ("0526100100", "0526100101"),
        ("0526100100", "0526100102"),
        ("0526100100", "0526100103"),
        ("0526100300", "0526100303"),
    }


def test_projects_of_a_branch_include_the_ic_design_programme(store: Store) -> None:
    projects = rows(store, "projects-of-branch")
    by_name = {r["name"]: r for r in projects}
    assert by_name["驅動國內IC設計業者先進發展補助計畫"]["amount"] == k(1_176_000)
    assert by_name["驅動國內IC設計業者先進發展補助計畫"]["number"] == "5"
    numbers = [int(str(r["number"])) for r in projects]
    assert numbers == list(range(1, len(numbers) + 1))


def test_branch_plans_add_up_to_their_work_plans(store: Store) -> None:
    for row in rows(store, "branches-of-work-plan"):
        assert row["branchTotal"] == row["amount"], row["code"]
    first = {r["code"]: r for r in rows(store, "branches-of-work-plan")}["5226102200"]
    assert first["branchTotal"] == k(4_748_679) + k(7_362_902)


def test_work_plans_by_function_match_the_printed_function_rows(store: Store) -> None:
    totals = {r["name"]: r["total"] for r in rows(store, "work-plans-by-function")}
    assert totals == {"科學支出": k(12_111_581), "工業支出": k(1_427_490)}  # 政事別 rows, p.27


def test_commissions_total_the_commission_object_class(store: Store) -> None:
    kinds = {str(r["kind"]).rsplit("#", 1)[-1]: r["total"] for r in rows(store, "grants-by-kind")}
    assert kinds["Commission"] == k(6_646_052)  # 2039 委辦費


def test_where_a_work_plan_is_printed(store: Store) -> None:
    pages = {r["page"] for r in rows(store, "where-printed")}
    assert pages == {27, 39}  # 歲出機關別預算表 and 歲出計畫提要 (目次)


def test_largest_commission_line_items_sum_to_the_object_class(store: Store) -> None:
    lines = rows(store, "largest-line-items")
    assert sum(dec(r["amount"]) for r in lines) == k(6_646_052)


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: Path(p).stem)
def test_every_question_has_an_answer(store: Store, path: Path) -> None:
    result = store.query(path.read_text(encoding="utf-8"))
    assert result.rows, f"{path.name} found nothing in the sample book"


def test_work_plans_add_up_to_the_printed_agency_total(store: Store) -> None:
    [row] = rows(store, "agency-total-check")
    assert row["printedTotal"] == k(13_539_071) and row["difference"] == 0  # 產業發展署, p.27
