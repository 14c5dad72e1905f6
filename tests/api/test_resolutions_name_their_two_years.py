"""A 114 book's 辦理情形報告表 reports on the resolutions made on the 113 budget (issue 20).

The sample's report (pp.143–154) is headed 「立法院審議中央政府總預算案所提決議、附帶決議及注意事項辦理情形報告表
中華民國 113 年度」 in the 經濟部產業發展署 中華民國114年度 單位預算: its resolutions were made on the 113 budget
and are reported in the 114 book. The IRI, the label and the entity page say both.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from graph.store import open_store

MADE, REPORTED = 113, 114  # the report's page header; the book's cover year
AGENCY = "經濟部產業發展署"
RESOLUTIONS = """
SELECT ?r ?label ?made ?reported ?section ?item WHERE {
  ?r a bud:Resolution ; rdfs:label ?label ; bud:sequence ?seq ; bud:resolutionRocYear ?made ;
     bud:reportedInRocYear ?reported ; bud:item ?item ; bud:section ?section
} ORDER BY ?seq
"""


def test_resolutions_are_minted_under_the_year_made_and_name_the_reporting_book(data_dir: Path) -> None:
    with open_store(data_dir, read_only=True) as store:
        rows = store.select(RESOLUTIONS)
        untyped = store.select(
            "SELECT ?r WHERE { ?r a bud:Resolution FILTER NOT EXISTS { ?r bud:sequence [] } }"
        )
    assert len(rows) == 28 and not untyped  # 28 項次 in the sample's report
    for number, row in enumerate(rows, start=1):
        assert (int(str(row["made"])), int(str(row["reported"]))) == (MADE, REPORTED)
        assert str(row["r"]).endswith(f"/{AGENCY}/{MADE}/resolution/reported-{REPORTED}/{number}")
        assert f"/{REPORTED}/resolution/" not in str(row["r"])
        label = str(row["label"])
        assert label.startswith(f"{MADE}年度決議 ") and label.endswith(f"（{REPORTED}年度預算書報告）")
        assert f" {row['item']}（" in label
    first = str(rows[0]["label"])
    assert first == f"{MADE}年度決議 壹、通案決議部分 一（{REPORTED}年度預算書報告）"


def test_the_entity_page_says_when_the_resolution_was_made_and_where_it_is_reported(
    client: TestClient, data_dir: Path
) -> None:
    with open_store(data_dir, read_only=True) as store:
        [row] = store.select(RESOLUTIONS.replace("ORDER BY ?seq", "") + " LIMIT 1")
    iri = str(row["r"])
    view = client.get("/api/entity", params={"iri": iri}).json()
    assert view["label"] == str(row["label"])
    [line] = view["context"]
    assert (
        f"{MADE} 年度預算" in line
        and f"{REPORTED} 年度預算書" in line
        and f"非 {REPORTED} 年度之決議" in line
    )
    page = client.get("/entity", params={"iri": iri})
    assert page.status_code == 200 and line in page.text
    # The IRI dereferences under its own path, the way links to it are written.
    assert (
        client.get(iri.removeprefix("https://budgetkg.tw"), headers={"accept": "text/html"}).status_code
        == 200
    )
