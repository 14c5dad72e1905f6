"""With the national tables loaded, the MCP `series` tool and the entity page's stages read the national
graph's observations beside the book's printed columns (graph.national_series.line_stages, as `budgetkg
series`): the sample book + DGBAS 114 歲出機關別預算表 (the 法定預算), driven over stdio by the SDK's client.

Printed figures, 千元: the sample book's 歲出機關別預算表 p.27, 5226102200 工業技術升級輔導 — 本年度
12,111,581, 上年度 10,816,507, 前年度決算 9,229,354; DGBAS 114 prints the same line's 法定預算 11,456,423.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from api.entity_extras import stages
from api.entity_view import entity_view
from api.national_pipeline import ingest_national
from api.pipeline import ingest_books
from graph import iris
from graph.store import open_store
from ingest.resources import SAMPLE_BOOK
from tests.api.mcp_client import call_tools

PLAN = "5226102200"
BOOK_COLUMNS = {(114, "預算案"): "12,111,581", (113, "法定預算"): "10,816,507", (112, "決算"): "9,229,354"}
DGBAS_ENACTED = (114, "法定預算", "11,456,423")


@pytest.fixture(scope="module")
def data_dir(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("mcp-national")
    [table] = ingest_national([shared_dir / "corpus" / "dgbas" / "114" / "C歲出機關別預算表.xlsx"], data)
    assert table.ok, table.error
    [book] = ingest_books([SAMPLE_BOOK], data, index_search=False)
    assert book.ok, book.error
    return data


def test_mcp_series_puts_the_enacted_figure_beside_the_book(data_dir: Path) -> None:
    answers: dict[str, Any] = call_tools(data_dir, [("series", {"name_or_code": PLAN})])
    [answer] = answers["answers"]
    assert not answer["error"], answer["text"]
    [line] = [x for x in answer["data"]["lines"] if x["type"] == "WorkPlan"]
    points = {
        (p["roc_year"], p["stage"].split("（")[0], p["source"]): p["amount_thousand"] for p in line["points"]
    }
    for (year, stage), printed in BOOK_COLUMNS.items():
        assert points[(year, stage, "book")] == printed
    year, stage, printed = DGBAS_ENACTED
    assert points[(year, stage, "dgbas:歲出機關別預算表")] == printed
    assert len(points) == 4  # the book's own 預算案 observation is its printed column, once
    assert [p["roc_year"] for p in line["points"]] == sorted(
        (p["roc_year"] for p in line["points"]), reverse=True
    )


def test_the_entity_page_shows_the_enacted_stage_beside_the_printed_ones(data_dir: Path) -> None:
    node = str(iris.entity_iri("經濟部產業發展署", 114, "workplan", PLAN))
    with open_store(data_dir, read_only=True) as store:
        view = entity_view(store, node)
        assert view is not None
        columns = stages(store, view)
    assert [(c["roc_year"], c["stage"], int(c["value"]) // 1000) for c in columns] == [
        (112, "決算", 9_229_354),
        (113, "法定預算", 10_816_507),
        (114, "預算案", 12_111_581),
        (114, "法定預算", 11_456_423),
    ]
    assert columns[-1]["column"] == "DGBAS 歲出機關別預算表"
