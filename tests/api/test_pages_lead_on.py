"""The pages a first user meets lead on (issue 20): the home page shows what is loaded and questions to
ask, a book's page its plans and totals, 404s are Chinese pages with a way on, and the treemap's feed
goes below 用途別 (grants, projects) and has a 歲入 side. Figures are the sample book's printed ones (千元).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient

THOUSAND = Decimal(1000)
BOOK = "https://budgetkg.tw/id/book/經濟部產業發展署/114"
PRINTED_EXPENDITURE = Decimal(13_539_071) * THOUSAND  # 歲出機關別預算表 p.27
PRINTED_REVENUE = Decimal(110_636) * THOUSAND  # 歲入來源別預算表 合計
# 歲入來源別預算表: 其他收入 款 = 收回以前年度歲出 77,000 + 其他雜項收入 19,039
PRINTED_OTHER_REVENUE = Decimal(96_039) * THOUSAND
IC_COMMISSION = Decimal(95_000) * THOUSAND  # 委辦經費分析表, 驅動國內IC設計業者先進發展補助計畫
BRANCH_01_COMMISSIONS = Decimal(2_317_368) * THOUSAND  # 5226102200/01 委辦費 (歲出計畫提要)
PROJECT_5 = Decimal(1_176_000) * THOUSAND  # "5. 驅動國內IC設計業者先進發展補助計畫1,176,000千元"
HTML = {"accept": "text/html,application/xhtml+xml"}


def _find(nodes: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(n for n in nodes if n["name"] == name)


def test_home_page_shows_books_years_agencies_and_questions(client: TestClient) -> None:
    overview = client.get("/api/overview").json()
    [book] = overview["books"]
    assert (book["agency"], book["roc_year"], book["kind"]) == ("經濟部產業發展署", 114, "單位預算")
    assert Decimal(book["expenditure"]) == PRINTED_EXPENDITURE
    assert Decimal(book["revenue"]) == PRINTED_REVENUE
    assert overview["years"] == [114] and overview["agencies"] == ["經濟部產業發展署"]
    page = client.get("/").text
    assert (
        "已收錄" in page
        and "經濟部產業發展署單位預算" in page
        and f'data-ntd="{PRINTED_EXPENDITURE}"' in page
    )
    assert "可以這樣問" in page and "/?q=" + quote("哪些計畫補助地方政府") in page
    for question in overview["questions"]:
        assert client.get(question["href"]).status_code == 200, question


def test_the_book_page_lists_its_plans_and_leads_on(client: TestClient) -> None:
    page = client.get("/entity", params={"iri": BOOK})
    assert page.status_code == 200
    text = page.text
    assert "工作計畫" in text and "工業技術升級輔導" in text and "第一預備金" in text
    assert f'data-ntd="{PRINTED_EXPENDITURE}"' in text and f'data-ntd="{PRINTED_REVENUE}"' in text
    assert "/budget?book=" in text and "/budget?side=revenue&amp;book=" in text
    assert "立法院決議" in text and "28 筆" in text  # the report's 28 項次


def test_not_found_pages_are_chinese_and_lead_on_while_programs_get_json(client: TestClient) -> None:
    for path in (
        "/no-such-page",
        "/entity?iri=" + quote("https://budgetkg.tw/id/nothing/here"),
        "/id/nothing",
    ):
        response = client.get(path, headers=HTML)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("text/html")
        assert 'lang="zh-Hant"' in response.text and "找不到" in response.text
        assert 'action="/"' in response.text and 'href="/budget"' in response.text
        assert "經濟部產業發展署單位預算" in response.text, path  # the books one can go to
    assert "找不到這個網頁" in client.get("/no-such-page", headers=HTML).text
    assert (
        "圖譜中沒有 https://budgetkg.tw/id/nothing/here 的資料"
        in client.get("/entity", params={"iri": "https://budgetkg.tw/id/nothing/here"}, headers=HTML).text
    )
    api = client.get("/api/entity", params={"iri": "https://budgetkg.tw/id/nothing"}, headers=HTML)
    assert api.status_code == 404 and api.json()["detail"].startswith("nothing is known")
    assert client.get("/no-such-page").json() == {"detail": "Not Found"}


def test_the_treemap_goes_on_to_grants_and_projects(client: TestClient) -> None:
    tree = client.get("/api/budget-tree").json()
    plan = _find(tree["children"], "工業技術升級輔導")
    branch = _find(plan["children"], "發展新興與高科技產業")
    line = _find(branch["children"], "委辦費")
    assert Decimal(str(line["value"])) == BRANCH_01_COMMISSIONS
    grants = line["children"]
    assert sum(Decimal(str(g["value"])) for g in grants) == BRANCH_01_COMMISSIONS  # rows + 其餘 = the line
    ic = _find(grants, "驅動國內IC設計業者先進發展補助計畫")
    assert (Decimal(str(ic["value"])), ic["kind"]) == (IC_COMMISSION, "委辦")
    assert "/commission/5226102200/5/" in ic["iri"]
    project = _find(branch["projects"], "驅動國內IC設計業者先進發展補助計畫")
    assert Decimal(str(project["value"])) == PROJECT_5
    reserve = _find(tree["children"], "第一預備金")
    assert Decimal(str(reserve["value"])) == Decimal(3_000) * THOUSAND  # 5726109800, the 1-px tile


def test_the_revenue_side_adds_up_to_the_printed_total(client: TestClient) -> None:
    tree = client.get("/api/budget-tree", params={"side": "revenue"}).json()
    assert tree["name"] == "歲入預算"
    assert Decimal(str(tree["value"])) == PRINTED_REVENUE
    other = _find(tree["children"], "其他收入")
    assert Decimal(str(other["value"])) == PRINTED_OTHER_REVENUE
    # The agency's 項 (產業發展署) holds every 目 of a 款 alone: skipped, so a click goes to the 目.
    assert [c["name"] for c in other["children"]] == ["雜項收入"]
    assert client.get("/api/budget-tree", params={"side": "both"}).status_code == 400


def test_the_sparql_page_has_a_permalink_csv_and_row_cap_notice(client: TestClient) -> None:
    page = client.get("/query").text
    assert 'id="permalink"' in page and 'id="csv"' in page and 'id="row-cap"' in page
    script = client.get("/static/sparql.js").text
    assert "X-Result-Truncated" in script and "text/csv" in script
