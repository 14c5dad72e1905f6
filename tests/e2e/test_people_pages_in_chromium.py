"""Pages for people in a real browser (issue 17): search → a grant's entity page (book breadcrumb,
recipient link) → the recipient page (printed total, sortable grants, CSV download that opens with the
figures) → a work plan's three stages side by side and its raw statements behind a toggle.

Expected amounts are the sample book's printed figures (千元): 補助經費分析表 p.78 gives 補助直轄市政府
60,000 (智慧杆產業推動暨城市智慧基建計畫); 歲出機關別預算表 p.27 gives 5226102200 工業技術升級輔導
前年度決算 9,229,354 · 上年度 10,816,507 · 本年度 12,111,581.
"""

from __future__ import annotations

import csv
import io
import urllib.request
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest

from tests.e2e.browser_tools import missing_browser_tools
from tests.e2e.test_web_page_in_chromium import amount_in, assert_page_is_clean, choose_unit, wait

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(missing_browser_tools() is not None, reason=str(missing_browser_tools())),
]

PLAN = "https://budgetkg.tw/id/經濟部產業發展署/114/workplan/5226102200"


def test_search_to_grant_to_recipient_page_and_download(
    browser: Any, base_url: str, screenshot_dir: Path
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/")
    choose_unit(browser, "千元")
    browser.get(
        base_url
        + "/?"
        + urlencode({"q": "智慧杆產業推動暨城市智慧基建計畫 補助直轄市政府", "type": "Subsidy"})
    )
    hits = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#hits li.hit"), "subsidy hits")
    target = next(h for h in hits if "智慧杆" in h.text and "直轄市" in h.text)
    target.find_element(By.CSS_SELECTOR, "a.hit-link").click()
    wait(browser, lambda d: "/entity?iri=" in d.current_url, "the grant's page")
    crumbs = browser.find_element(By.CSS_SELECTOR, ".crumbs").text
    assert "經濟部產業發展署單位預算" in crumbs and "工業管理" in crumbs
    browser.find_element(By.CSS_SELECTOR, "a.recipient-link").click()

    wait(browser, lambda d: "/recipient?name=" in d.current_url, "the recipient page")
    assert "直轄市政府" in browser.find_element(By.TAG_NAME, "h1").text
    total = browser.find_element(By.CSS_SELECTOR, ".recipient-total").text
    assert amount_in(total, "千元") == 60_000
    table = browser.find_element(By.CSS_SELECTOR, "table.grants")
    amount_header = table.find_elements(By.CSS_SELECTOR, "thead th")[4]
    amount_header.click()
    assert amount_header.get_attribute("data-order") == "asc"
    amount_header.click()
    assert amount_header.get_attribute("data-order") == "desc"
    browser.save_screenshot(str(screenshot_dir / "recipient-page.png"))
    assert_page_is_clean(browser)

    link = browser.find_element(By.CSS_SELECTOR, "a.download[href*='format=csv']").get_attribute("href")
    with urllib.request.urlopen(link, timeout=30) as response:
        body = response.read()
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert sum(Decimal(r["amount_ntd"]) for r in rows) / 1000 == 60_000


def test_a_work_plan_page_shows_stages_and_hides_raw_statements(
    browser: Any, base_url: str, screenshot_dir: Path
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/entity?iri=" + quote(PLAN, safe=""))
    choose_unit(browser, "千元")
    stages = wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "table.stages"), "stages table")[0]
    headers = [th.text.split()[0] for th in stages.find_elements(By.CSS_SELECTOR, "thead th")]
    assert headers == ["決算", "法定預算", "預算案"]
    cells = [amount_in(td.text, "千元") for td in stages.find_elements(By.CSS_SELECTOR, "tbody td")]
    assert cells == [9_229_354, 10_816_507, 12_111_581]
    browser.save_screenshot(str(screenshot_dir / "entity-stages.png"))
    raw = browser.find_element(By.ID, "raw-statements")
    assert not raw.is_displayed()
    browser.find_element(By.CSS_SELECTOR, "button.raw-toggle").click()
    assert raw.is_displayed() and "bud:amount" in raw.text
    assert_page_is_clean(browser)
