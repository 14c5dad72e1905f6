"""The web page in a real browser: search → entity page, the budget treemap, the SPARQL form.

Runs `budgetkg serve` over the ingested sample book (經濟部產業發展署 114年度單位預算) and drives
headless Chromium. Expected amounts are the book's printed figures (千元):
- 歲出 合計 13,539,071 (歲出計畫提要及分支計畫概況表 / 用途別科目分析表, 0026100000 產業發展署);
- 5226102200 工業技術升級輔導 12,111,581, of which 發展新興與高科技產業 4,748,679 and
  策進產業躍升與永續發展環境 7,362,902 (its 說明, 1.(1) and (2)).
Screenshots go to BUDGETKG_SCREENSHOTS (see conftest.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode

import pytest

from tests.e2e.browser_tools import missing_browser_tools

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(missing_browser_tools() is not None, reason=str(missing_browser_tools())),
]

WAIT_S = 20
ENTITY_TYPES = {"WorkPlan", "BranchPlan", "Project", "Subsidy", "Donation", "Commission", "RevenueItem",
                "Resolution", "MultiYearPlan", "PolicyPriority", "PastPerformance", "Agency",
                "OrganizationalUnit", "LineItem", "Passage"}  # fmt: skip
BROKEN_TEXT = ("undefined", "NaN", "[object Object]")


def wait(driver: Any, condition: Any, what: str) -> Any:
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, WAIT_S).until(condition)
    except TimeoutException:
        raise AssertionError(f"waited {WAIT_S} s for {what}; page says: {page_text(driver)[:800]}") from None


def page_text(driver: Any) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.TAG_NAME, "body").text)


def assert_page_is_clean(driver: Any) -> None:
    """Nothing on screen reads undefined/NaN, and the page raised no JavaScript error."""
    text = page_text(driver)
    for broken in BROKEN_TEXT:
        assert broken not in text, f"{driver.current_url} shows {broken!r}"
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, f"{driver.current_url} logged errors: {errors}"


def choose_unit(driver: Any, unit: str) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, f".unit-toggle button[data-unit='{unit}']").click()


def amount_in(text: str, unit: str) -> float:
    match = re.search(r"(-?[\d,]+(?:\.\d+)?) " + unit, text)
    assert match, f"no amount in {unit} in {text!r}"
    return float(match.group(1).replace(",", ""))


def test_search_hits_name_entity_and_page_and_open_the_entity(
    browser: Any, base_url: str, screenshot_dir: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(base_url + "/")
    choose_unit(browser, "千元")
    browser.find_element(By.ID, "q").send_keys("補助地方政府")
    browser.find_element(By.CSS_SELECTOR, "#search-form button[type=submit]").click()
    hits = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#hits li.hit"), "search hits")
    assert "筆結果" in browser.find_element(By.ID, "status").text
    first = hits[0]
    assert first.find_element(By.CSS_SELECTOR, ".badge").text in ENTITY_TYPES
    assert re.search(r"第 \d+ 頁", first.text), first.text
    # Hits whose entity has a budget amount (the plans and grants among them) show it in the chosen unit.
    shown = [h.text for h in hits]
    assert any(re.search(r"\d 千元", t) for t in shown), shown
    browser.save_screenshot(str(screenshot_dir / "search-results.png"))
    assert_page_is_clean(browser)

    # Narrowed to subsidies, the first hit has an amount: its page shows the same amount and source page.
    Select(browser.find_element(By.ID, "type")).select_by_value("Subsidy")
    browser.find_element(By.CSS_SELECTOR, "#search-form button[type=submit]").click()
    wait(browser, lambda d: all(
        b.text == "Subsidy" for b in d.find_elements(By.CSS_SELECTOR, "#hits li.hit .badge")
    ) and d.find_elements(By.CSS_SELECTOR, "#hits li.hit"), "subsidy hits")  # fmt: skip
    first = browser.find_element(By.CSS_SELECTOR, "#hits li.hit")
    label = first.find_element(By.CSS_SELECTOR, "a.hit-link").text
    hit_amount = amount_in(first.text, "千元")
    page = re.search(r"第 (\d+) 頁", first.text)
    assert page, first.text
    first.find_element(By.CSS_SELECTOR, "a.hit-link").click()

    wait(
        browser,
        lambda d: "/entity?iri=" in d.current_url and d.find_elements(By.CSS_SELECTOR, "h1"),
        "entity page",
    )
    assert label in browser.find_element(By.TAG_NAME, "h1").text
    assert "Subsidy" in browser.find_element(By.CSS_SELECTOR, "h1 .badge").text
    amounts = browser.find_element(By.CSS_SELECTOR, "table.amounts")
    assert "本年度預算數" in amounts.text
    assert amount_in(amounts.text, "千元") == hit_amount
    facts = browser.find_element(By.XPATH, "//h2[text()='所有敘述']/following-sibling::table[1]")
    assert "rdfs:label" in facts.text and "bud:amount" in facts.text
    sources = browser.find_element(By.XPATH, "//h2[text()='出處']/following-sibling::ul[1]")
    assert f"第 {page.group(1)} 頁" in sources.text
    browser.save_screenshot(str(screenshot_dir / "entity-page.png"))
    assert_page_is_clean(browser)

    choose_unit(browser, "億元")
    in_hundred_millions = amount_in(browser.find_element(By.CSS_SELECTOR, "table.amounts").text, "億元")
    assert in_hundred_millions == pytest.approx(hit_amount / 100_000, abs=0.005)
    choose_unit(browser, "千元")


def test_search_from_the_address_bar_shows_frozen_amounts(browser: Any, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/")
    choose_unit(browser, "千元")
    browser.get(base_url + "/?" + urlencode({"q": "立法院凍結了哪些預算", "type": "Resolution"}))
    hits = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#hits li.hit"), "resolution hits")
    assert browser.find_element(By.ID, "type").get_attribute("value") == "Resolution"
    frozen = {
        h.find_element(By.CSS_SELECTOR, ".frozen").text
        for h in hits
        if h.find_elements(By.CSS_SELECTOR, ".frozen")
    }
    # 「工業技術升級輔導」…凍結該預算 1,000 萬元 (p. 149) and 2,000 萬元 (p. 151)
    assert {"凍結 10,000 千元", "凍結 20,000 千元"} <= frozen, frozen
    assert_page_is_clean(browser)


def test_budget_treemap_draws_work_plans_and_drills_down(
    browser: Any, base_url: str, screenshot_dir: Path
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/budget")
    choose_unit(browser, "千元")
    svg = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#treemap[data-drawn]"), "the treemap")
    rects = svg.find_elements(By.TAG_NAME, "rect")
    assert len(rects) >= 5, "five work plans, 一般行政 to 第一預備金"
    labels = [t.text for t in svg.find_elements(By.TAG_NAME, "text")]
    assert "工業技術升級輔導" in labels
    assert "12,111,581 千元" in labels
    assert "13,539,071 千元" in browser.find_element(By.ID, "crumbs").text
    browser.save_screenshot(str(screenshot_dir / "budget-treemap.png"))
    assert_page_is_clean(browser)

    plan = svg.find_element(By.CSS_SELECTOR, "rect[data-iri$='/workplan/5226102200']")
    plan.click()
    wait(browser, lambda d: "工業技術升級輔導" in d.find_element(By.ID, "crumbs").text, "the drill-down")
    labels = [t.text for t in svg.find_elements(By.TAG_NAME, "text")]
    assert {"發展新興與高科技產業", "4,748,679 千元", "策進產業躍升與永續發展環境", "7,362,902 千元"} <= set(
        labels
    )

    # Switching unit redraws the level on screen, not the top.
    choose_unit(browser, "億元")
    wait(browser, lambda d: "121.12 億元" in d.find_element(By.ID, "crumbs").text, "the total in 億元")
    assert "73.63 億元" in [t.text for t in svg.find_elements(By.TAG_NAME, "text")]
    assert_page_is_clean(browser)
    choose_unit(browser, "千元")

    # One level further (用途別 of 發展新興與高科技產業), then the crumb's link opens the branch plan's page,
    # where its 用途別 lines and its projects each add up to the printed 4,748,679.
    svg.find_element(By.CSS_SELECTOR, "rect[data-iri$='/branchplan/5226102200/01']").click()
    wait(
        browser, lambda d: "發展新興與高科技產業" in d.find_element(By.ID, "crumbs").text, "the 用途別 level"
    )
    assert "委辦費" in [t.text for t in svg.find_elements(By.TAG_NAME, "text")]
    browser.find_element(By.LINK_TEXT, "(開啟)").click()
    wait(browser, lambda d: "/entity?iri=" in d.current_url, "the branch plan's page")
    assert "發展新興與高科技產業" in browser.find_element(By.TAG_NAME, "h1").text
    headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h3")]
    assert {"用途別科目", "計畫項目"} <= set(headings), headings
    totals = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "table.children tr.total")]
    assert totals == ["合計 4,748,679 千元", "合計 4,748,679 千元"], totals
    assert_page_is_clean(browser)


def test_sparql_page_runs_an_example_query(browser: Any, base_url: str, screenshot_dir: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(base_url + "/query")
    wait(
        browser,
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "#examples option")) > 1,
        "the example queries",
    )
    Select(browser.find_element(By.ID, "examples")).select_by_value("branches-of-work-plan")
    assert "bud:BranchPlan" in browser.find_element(By.ID, "sparql").get_attribute("value")
    browser.find_element(By.ID, "run").click()
    table = wait(
        browser, lambda d: d.find_element(By.CSS_SELECTOR, "#results table.results"), "the results table"
    )
    rows = table.find_elements(By.TAG_NAME, "tr")[1:]
    assert len(rows) == 5, "five work plans have branch plans"
    cells = {
        r.find_elements(By.TAG_NAME, "td")[1].text: [c.text for c in r.find_elements(By.TAG_NAME, "td")]
        for r in rows
    }
    # amount and the sum of its branch plans, in 元
    assert cells["工業技術升級輔導"][2:4] == ["12,111,581,000", "12,111,581,000"]
    assert "5 列" in browser.find_element(By.ID, "query-status").text
    browser.save_screenshot(str(screenshot_dir / "sparql-results.png"))
    assert_page_is_clean(browser)


# ---------------------------------------------------------------- issue 20: pages that lead on
# Printed figures (千元): 第一預備金 5726109800 3,000; 5226102200/01 委辦費 2,317,368, of which the 委辦 row
# 驅動國內IC設計業者先進發展補助計畫 95,000 (委辦經費分析表) and its project 5. 1,176,000 (計畫說明);
# 歲入 合計 110,636, 其他收入 96,039 (歲入來源別預算表).


def list_rows(driver: Any) -> dict[str, str]:
    from selenium.webdriver.common.by import By

    rows = driver.find_elements(By.CSS_SELECTOR, "#treemap-list tr")
    return {r.find_elements(By.TAG_NAME, "td")[0].text: r.text for r in rows}


def click_in_list(driver: Any, name: str) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.XPATH, f"//table[@id='treemap-list']//a[normalize-space(text())='{name}']").click()


def test_treemap_lists_small_items_and_drills_to_grants_and_projects(
    browser: Any, base_url: str, screenshot_dir: Path
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/budget")
    choose_unit(browser, "千元")
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#treemap[data-drawn]"), "the treemap")
    rows = list_rows(browser)
    assert "3,000 千元" in rows["第一預備金"] and "<0.1%" in rows["第一預備金"]  # its tile is 1 px wide
    assert len(rows) == 5

    click_in_list(browser, "工業技術升級輔導")
    wait(browser, lambda d: "工業技術升級輔導" in d.find_element(By.ID, "crumbs").text, "the work plan")
    click_in_list(browser, "發展新興與高科技產業")
    wait(browser, lambda d: "發展新興與高科技產業" in d.find_element(By.ID, "crumbs").text, "the branch")
    rows = list_rows(browser)
    assert len(rows) == 13  # every 用途別 line, labelled or not on its tile
    assert "2,317,368 千元" in rows["委辦費"] and "1,862 千元" in rows["物品"]

    # The same branch split by its projects.
    browser.find_element(By.CSS_SELECTOR, "#split button[data-split='projects']").click()
    wait(browser, lambda d: "驅動國內IC設計業者先進發展補助計畫" in list_rows(d), "the projects")
    assert "1,176,000 千元" in list_rows(browser)["驅動國內IC設計業者先進發展補助計畫"]
    browser.find_element(By.CSS_SELECTOR, "#split button[data-split='lines']").click()
    wait(browser, lambda d: "委辦費" in list_rows(d), "the 用途別 lines again")

    # One level below 用途別: the 委辦 rows of the line, and what they leave over.
    click_in_list(browser, "委辦費")
    wait(browser, lambda d: "委辦費" in d.find_element(By.ID, "crumbs").text, "the grants of 委辦費")
    rows = list_rows(browser)
    ic = next(text for name, text in rows.items() if name.endswith("驅動國內IC設計業者先進發展補助計畫"))
    assert ic.startswith("委辦") and "95,000 千元" in ic
    assert any(name.startswith("其餘") for name in rows)
    browser.save_screenshot(str(screenshot_dir / "budget-treemap-grants.png"))
    assert_page_is_clean(browser)
    click_in_list(
        browser,
        next(n for n in rows if n.endswith("驅動國內IC設計業者先進發展補助計畫")).removeprefix("委辦"),
    )
    wait(
        browser,
        lambda d: "/entity?iri=" in d.current_url and "/commission/" in unquote(d.current_url),
        "the 委辦 row",
    )


def test_treemap_has_a_revenue_side(browser: Any, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/budget")
    choose_unit(browser, "千元")
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#treemap[data-drawn]"), "the treemap")
    browser.find_element(By.CSS_SELECTOR, "#sides button[data-side='revenue']").click()
    wait(browser, lambda d: "歲入預算" in d.find_element(By.ID, "crumbs").text, "the revenue side")
    assert "110,636 千元" in browser.find_element(By.ID, "crumbs").text
    assert browser.find_element(By.ID, "chart-title").text == "歲入預算結構"
    assert "96,039 千元" in list_rows(browser)["其他收入"]
    assert "side=revenue" in browser.current_url  # the address opens the same side again
    browser.get(browser.current_url)
    wait(
        browser, lambda d: "110,636 千元" in d.find_element(By.ID, "crumbs").text, "the revenue side reloaded"
    )
    assert_page_is_clean(browser)


def test_sparql_page_links_downloads_and_says_when_rows_are_capped(browser: Any, base_url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(base_url + "/query")
    wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#examples option")) > 1, "the examples")
    Select(browser.find_element(By.ID, "examples")).select_by_value("branches-of-work-plan")
    browser.find_element(By.ID, "run").click()
    wait(browser, lambda d: "5 列" in d.find_element(By.ID, "query-status").text, "the results")
    assert not browser.find_element(By.ID, "row-cap").is_displayed()
    browser.find_element(By.ID, "csv").click()
    wait(
        browser, lambda d: d.find_element(By.ID, "csv").get_attribute("data-rows") == "5", "the CSV download"
    )
    link = browser.find_element(By.ID, "permalink").get_attribute("href")
    assert "/query?query=" in link

    browser.get(link)  # the permalink runs the same query
    wait(browser, lambda d: "5 列" in d.find_element(By.ID, "query-status").text, "the permalink's results")
    assert "bud:BranchPlan" in browser.find_element(By.ID, "sparql").get_attribute("value")

    browser.get(base_url + "/query?" + urlencode({"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"}))
    notice = wait(browser, lambda d: d.find_element(By.ID, "row-cap") if d.find_element(By.ID, "row-cap").is_displayed() else None, "the row-cap notice")  # fmt: skip
    assert "上限 10,000 列" in notice.text and "LIMIT" in notice.text
    assert_page_is_clean(browser)


def test_home_book_and_not_found_pages_lead_on(browser: Any, base_url: str, screenshot_dir: Path) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/")
    choose_unit(browser, "千元")
    overview = browser.find_element(By.ID, "overview")
    assert "經濟部產業發展署單位預算" in overview.text and "114" in overview.text
    assert "13,539,071 千元" in overview.text and "110,636 千元" in overview.text
    questions = overview.find_elements(By.CSS_SELECTOR, "ul.questions a")
    assert len(questions) >= 5
    browser.save_screenshot(str(screenshot_dir / "home.png"))
    questions[0].click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#hits li.hit"), "the example question's hits")
    assert_page_is_clean(browser)

    browser.get(base_url + "/")
    browser.find_element(By.LINK_TEXT, "經濟部產業發展署單位預算").click()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "table.book-plans"), "the book page")
    plans = browser.find_element(By.CSS_SELECTOR, "table.book-plans").text
    assert "工業技術升級輔導" in plans and "12,111,581 千元" in plans and "3,000 千元" in plans
    browser.save_screenshot(str(screenshot_dir / "book-page.png"))
    assert_page_is_clean(browser)
    browser.find_element(By.LINK_TEXT, "預算圖：歲入").click()
    wait(browser, lambda d: "110,636 千元" in d.find_element(By.ID, "crumbs").text, "the book's revenue")

    browser.get(base_url + "/no-such-page")
    assert browser.find_element(By.TAG_NAME, "h1").text == "找不到資料（404）"
    # The 404 was asked for: read it off the browser's log so later pages are judged on their own errors.
    logged = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert all("no-such-page" in m and "404" in m for m in logged), logged
    assert "找不到這個網頁" in page_text(browser)
    assert browser.find_element(By.LINK_TEXT, "經濟部產業發展署單位預算")
    browser.find_element(By.CSS_SELECTOR, ".not-found input[name=q]").send_keys("工業技術升級輔導")
    browser.find_element(By.CSS_SELECTOR, ".not-found button[type=submit]").click()
    wait(
        browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#hits li.hit"), "hits from the 404 page's search"
    )


def test_search_marks_matches_counts_facets_pages_and_finds_similar(
    browser: Any, base_url: str, screenshot_dir: Path
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/?" + urlencode({"q": "半導體"}))
    hits = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#hits li.hit"), "semiconductor hits")
    labels = [h.find_element(By.CSS_SELECTOR, "a.hit-link").text for h in hits[:5]]
    assert "驅動國內IC設計業者先進發展補助計畫" in labels, labels
    marks = {m.text for m in browser.find_elements(By.CSS_SELECTOR, "#hits .snippet mark")}
    assert "半導體" in marks, marks
    facet = browser.find_element(By.CSS_SELECTOR, ".facet[data-facet=type]")
    assert re.search(r"Project \(\d+\)", facet.text), facet.text
    browser.save_screenshot(str(screenshot_dir / "search-facets.png"))
    assert_page_is_clean(browser)

    first_label = labels[0]
    browser.find_element(By.CSS_SELECTOR, "#pager button[data-page='2']").click()
    wait(browser, lambda d: "第 11–" in d.find_element(By.ID, "status").text, "page 2")
    assert "page=2" in browser.current_url
    assert first_label != browser.find_element(By.CSS_SELECTOR, "#hits li.hit a.hit-link").text

    browser.find_element(By.CSS_SELECTOR, ".facet[data-facet=type] a.facet-value").click()
    wait(
        browser,
        lambda d: "type=" in d.current_url and d.find_elements(By.CSS_SELECTOR, "#hits li.hit"),
        "facet filter",
    )
    types = {b.text for b in browser.find_elements(By.CSS_SELECTOR, "#hits li.hit .badge")}
    assert len(types) == 1, types

    browser.find_element(By.CSS_SELECTOR, "#hits li.hit a.like").click()
    wait(browser, lambda d: "相似" in d.find_element(By.ID, "status").text, "similar entities")
    assert "like=" in browser.current_url
    assert browser.find_elements(By.CSS_SELECTOR, "#hits li.hit")
    assert_page_is_clean(browser)
