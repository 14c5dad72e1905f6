"""Entity pages read as a person reads a budget: the three stages side by side with their years, the
book and plan as breadcrumbs, children in a sortable table, raw statements behind a toggle; recipient
pages list every grant a recipient class gets, with the printed figures, and download as CSV/XLSX."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from urllib.parse import quote

from fastapi.testclient import TestClient
from openpyxl import load_workbook

PLAN = "https://budgetkg.tw/id/經濟部產業發展署/114/workplan/5226102200"  # 工業技術升級輔導
BOOK = "https://budgetkg.tw/id/book/經濟部產業發展署/114"
HTML = {"Accept": "text/html"}
# 補助經費分析表 p.78 (千元): by recipient class.
PRINTED_RECIPIENTS = {"直轄市政府": 60_000, "各縣市政府": 41_500, "特種基金": 678_000}


def _page(client: TestClient, iri: str) -> str:
    response = client.get("/entity?iri=" + quote(iri, safe=""), headers=HTML)
    assert response.status_code == 200
    return response.text


def test_a_work_plan_shows_its_three_stages_side_by_side(client: TestClient) -> None:
    html = _page(client, PLAN)
    stages = re.search(r'<table class="facts stages">(.*?)</table>', html, re.S)
    assert stages, "no stages table"
    headers = re.findall(
        r"<th>(決算|法定預算|預算案) <span class=\"muted\">(\d+)年度</span>", stages.group(1)
    )
    assert headers == [("決算", "112"), ("法定預算", "113"), ("預算案", "114")]
    # 歲出機關別預算表 p.27: 前年度決算 9,229,354 · 上年度 10,816,507 · 本年度 12,111,581 千元.
    values = re.findall(r'data-ntd="(\d+)"', stages.group(1))
    assert [int(v) // 1000 for v in values] == [9_229_354, 10_816_507, 12_111_581]


def test_breadcrumbs_start_at_the_book_and_children_sort(client: TestClient) -> None:
    html = _page(client, PLAN)
    crumbs = re.search(r'<div class="crumbs">(.*?)</div>', html, re.S)
    assert (
        crumbs and "經濟部產業發展署單位預算" in crumbs.group(1) and quote(BOOK, safe="") in crumbs.group(1)
    )
    children = re.search(r'<table class="facts children sortable">(.*?)</table>', html, re.S)
    assert children and 'data-sort="number"' in children.group(1)
    assert "/static/sortable.js" in html


def test_a_grant_links_its_plan_and_its_recipient_class(client: TestClient) -> None:
    found = client.get("/search", params={"q": "智慧杆產業推動暨城市智慧基建計畫", "type": "Subsidy"}).json()
    grant = next(h for h in found["hits"] if "直轄市" in h["text"])
    html = _page(client, grant["iri"])
    crumbs = re.search(r'<div class="crumbs">(.*?)</div>', html, re.S)
    assert crumbs and "經濟部產業發展署單位預算" in crumbs.group(1) and "工業管理" in crumbs.group(1)
    assert 'href="/recipient?name=%E7%9B%B4%E8%BD%84%E5%B8%82%E6%94%BF%E5%BA%9C"' in html  # 直轄市政府
    # A short list of raw statements starts open; the toggle is there.
    assert 'class="secondary raw-toggle"' in html
    assert re.search(r'<table class="facts raw-statements" id="raw-statements">', html)


def test_a_long_list_of_raw_statements_starts_closed(client: TestClient) -> None:
    html = _page(client, PLAN)  # 工業技術升級輔導: ~90 statements
    assert re.search(r'<table class="facts raw-statements" id="raw-statements" hidden>', html)


def test_recipient_pages_hold_the_printed_totals(client: TestClient) -> None:
    for name, printed in PRINTED_RECIPIENTS.items():
        answer = client.get("/api/recipient", params={"name": name}).json()
        assert Decimal(answer["total_ntd"]) / 1000 == printed, name
        assert all(g["page"] == 78 and g["kind"] == "補助" for g in answer["grants"])
    html = client.get("/recipient", params={"name": "直轄市政府"}, headers=HTML).text
    assert 'class="amount recipient-total" data-ntd="60000000"' in html
    assert "/api/recipient?name=%E7%9B%B4%E8%BD%84%E5%B8%82%E6%94%BF%E5%BA%9C&amp;format=csv" in html
    listed = {r["name"]: r for r in client.get("/api/recipients").json()}
    assert set(PRINTED_RECIPIENTS) <= set(listed)
    assert "直轄市政府" in client.get("/recipients", headers=HTML).text


def test_recipient_downloads_open_with_the_figures(client: TestClient) -> None:
    body = client.get(
        "/api/recipient", params={"name": "各縣市政府", "format": "csv", "table": "grants"}
    ).content
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert sum(Decimal(r["amount_ntd"]) for r in rows) / 1000 == PRINTED_RECIPIENTS["各縣市政府"]
    book = load_workbook(
        io.BytesIO(client.get("/api/recipient", params={"name": "特種基金", "format": "xlsx"}).content)
    )
    sheet = book.active
    header = [c.value for c in sheet[1]]
    amounts = [row[header.index("amount_ntd")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sum(amounts) == PRINTED_RECIPIENTS["特種基金"] * 1000


def test_an_unknown_recipient_is_a_404_with_a_way_on(client: TestClient) -> None:
    assert client.get("/api/recipient", params={"name": "沒有這個對象"}).status_code == 404
    page = client.get("/recipient", params={"name": "沒有這個對象"}, headers=HTML)
    assert page.status_code == 404 and "沒有這個對象" in page.text


def test_the_children_table_downloads_with_the_printed_amounts(client: TestClient) -> None:
    html = _page(client, PLAN)
    link = re.search(r'href="(/api/entity\?iri=[^"]+&amp;table=children&amp;format=csv)"', html)
    assert link, "no CSV link under 組成"
    body = client.get(link.group(1).replace("&amp;", "&")).content
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    # 工業技術升級輔導's 說明 1.(1), (2): 4,748,679 and 7,362,902 千元.
    assert {r["label"]: int(Decimal(r["amount"]) / 1000) for r in rows} == {
        "發展新興與高科技產業": 4_748_679,
        "策進產業躍升與永續發展環境": 7_362_902,
    }
