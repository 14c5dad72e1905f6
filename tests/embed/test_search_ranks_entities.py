"""Search answers what people type: the entity named comes first, topic words bring the programmes
about them, snippets keep whole numbers and mark what matched, and results page, count and relate.

Golden values are the sample book's printed names, codes and amounts: 「5226102200 工業技術升級輔導」
(p. 39), 「5. 驅動國內IC設計業者先進發展補助計畫1,176,000千元」 (p. 42), 「6. 半導體國際連結創新賦能計畫
49,000千元」 (p. 42).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from embed.entities import parse_query
from embed.index import load_index
from embed.search import SearchError, search, search_page, similar
from embed.snippets import cut

ID = "https://budgetkg.tw/id/經濟部產業發展署/114/"
WORK_PLAN = ID + "workplan/5226102200"
IC_DESIGN = ID + "project/5226102200/01/5"
USER_QUERIES = Path(__file__).resolve().parents[2] / "benchmarks" / "queries" / "user-queries.json"
_DIGITS = set("0123456789")


@pytest.mark.parametrize("query", ["工業技術升級輔導", "5226102200", "工業技術升級輔導的預算"])
def test_a_work_plan_named_or_coded_ranks_its_entity_first(indexed_sample, query: str) -> None:  # type: ignore[no-untyped-def]
    hits = search(indexed_sample.data_dir, query, k=5, embedder=indexed_sample.embedder)
    assert hits[0].iri == WORK_PLAN, [(h.type, h.label) for h in hits]
    assert hits[0].type == "WorkPlan" and hits[0].amount_ntd == "12111581000"  # 12,111,581 千元


@pytest.mark.parametrize(
    ("query", "iri"),
    [
        ("驅動國內IC設計業者先進發展補助計畫", IC_DESIGN),
        ("半導體國際連結創新賦能計畫", ID + "project/5226102200/01/6"),
        ("亞洲無人機新創計畫編了多少預算", ID + "project/5226102200/02/3"),
    ],
)
def test_a_project_named_ranks_before_grant_rows_and_passages_repeating_its_name(
    indexed_sample,  # type: ignore[no-untyped-def]
    query: str,
    iri: str,
) -> None:
    for mode in ("hybrid", "keyword"):
        hits = search(indexed_sample.data_dir, query, k=5, mode=mode, embedder=indexed_sample.embedder)
        assert hits[0].iri == iri, (mode, [(h.type, h.label) for h in hits])
        assert hits[0].name_match in ("exact", "words")


def test_the_topic_word_semiconductor_brings_the_ic_design_programme_into_the_top_five(
    indexed_sample,
) -> None:  # type: ignore[no-untyped-def]
    # The programme's text says IC設計, never 半導體: the thesaurus's narrower terms and the size
    # prior (NT$1.176 billion, the largest semiconductor programme) bring it up.
    for query in ("半導體", "半导体", "2025年 半導體"):
        hits = search(indexed_sample.data_dir, query, k=5, embedder=indexed_sample.embedder)
        assert IC_DESIGN in [h.iri for h in hits], (query, [(h.type, h.label) for h in hits])
    hit = next(h for h in hits if h.iri == IC_DESIGN)
    assert hit.amount_ntd == "1176000000" and hit.page == 42


def test_an_amount_as_printed_finds_the_entity_that_carries_it(indexed_sample) -> None:  # type: ignore[no-untyped-def]
    # 「30. 協助產業提升競爭力布局海外市場計畫1,000,000千元」 (p. 53); 11.76億 is the IC programme's.
    hits = search(indexed_sample.data_dir, "1,000,000千元的計畫", k=3, embedder=indexed_sample.embedder)
    assert hits[0].iri == ID + "project/5226102200/02/30"
    hits = search(indexed_sample.data_dir, "11.76億", k=3, embedder=indexed_sample.embedder)
    assert hits[0].iri == IC_DESIGN


def test_a_query_naming_a_year_or_an_agency_keeps_them_as_its_scope(indexed_sample) -> None:  # type: ignore[no-untyped-def]
    table = load_index(indexed_sample.data_dir).entities
    parsed = parse_query("114年度 產業發展署 工業技術升級輔導", table)
    assert parsed.years == {114} and parsed.agencies == {"經濟部產業發展署"}
    assert parsed.terms == ["工業技術升級輔導"]
    assert parse_query("2025 半導體", table).years == {114}
    page = search_page(
        indexed_sample.data_dir, "114年度 產業發展署 工業技術升級輔導", k=3, embedder=indexed_sample.embedder
    )
    assert page.hits[0].iri == WORK_PLAN
    assert page.scope == {"years": [114], "agencies": ["經濟部產業發展署"]}


def _user_queries() -> list[str]:
    return [row["q"] for row in json.loads(USER_QUERIES.read_text(encoding="utf-8"))["queries"]]


def _inside_number(text: str, cut_at: int) -> bool:
    """True when a cut between text[cut_at-1] and text[cut_at] splits a number (12,1|11,581, 150|千元)."""
    if cut_at <= 0 or cut_at >= len(text):
        return False
    before, after = text[cut_at - 1], text[cut_at]
    if before in _DIGITS and (after in _DIGITS or after in ",." or after in "千萬億元%"):
        return True
    return before in ",." and after in _DIGITS and cut_at >= 2 and text[cut_at - 2] in _DIGITS


def test_no_snippet_starts_or_ends_inside_a_number(indexed_sample) -> None:  # type: ignore[no-untyped-def]
    index = load_index(indexed_sample.data_dir)
    texts: dict[str, list[str]] = {}
    for chunk in index.chunks:
        texts.setdefault(chunk.iri, []).append(chunk.text)
    checked = 0
    for query in _user_queries():
        for hit in search(indexed_sample.data_dir, query, k=10, mode="keyword"):
            passage = next(t for t in texts[hit.iri] if hit.text in t)
            start = passage.index(hit.text)
            end = start + len(hit.text)
            assert not _inside_number(passage, start), (
                query,
                hit.label,
                hit.text[:30],
                passage[max(start - 10, 0) : start + 5],
            )
            assert not _inside_number(passage, end), (
                query,
                hit.label,
                hit.text[-30:],
                passage[end - 5 : end + 10],
            )
            assert not re.match(r"^[,，.千萬億元%]", hit.text), hit.text[:20]
            checked += 1
    assert checked > 300


def test_a_window_opening_on_the_tail_of_an_amount_snippets_from_the_next_clause() -> None:
    # A hard window of branch plan 01's 說明 (p. 41) opens inside 「39,150千元」.
    passage = "150千元，5. 驅動國內IC設計業者先進發展補助計畫1,176,000千元，6. 半導體國際連結創新賦能計畫49,000千元，"
    snippet = cut(passage, ["半導體"], ["發展新興與高科技產業"])
    assert snippet.text.startswith("5. 驅動國內IC設計業者先進發展補助計畫1,176,000千元")
    assert snippet.text.endswith("49,000千元")
    assert [snippet.text[a:b] for a, b in snippet.highlights] == ["半導體"]
    assert "<mark>半導體</mark>國際連結" in snippet.html


def test_hits_mark_the_matched_characters_as_offsets_and_html(indexed_sample) -> None:  # type: ignore[no-untyped-def]
    hits = search(indexed_sample.data_dir, "電動機車補助", k=3, embedder=indexed_sample.embedder)
    assert hits
    for hit in hits:
        marked = [hit.text[a:b] for a, b in hit.highlights]
        assert marked and all(m and m in "電動機車補助" for m in marked), marked
        assert hit.snippet_html.count("<mark>") == len(hit.highlights)
        assert re.sub(r"</?mark>", "", hit.snippet_html) == hit.text.replace("&", "&amp;").replace(
            "<", "&lt;"
        ).replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#x27;")


def test_pages_follow_each_other_and_facets_count_every_entity_found(indexed_sample) -> None:  # type: ignore[no-untyped-def]
    data, embedder = indexed_sample.data_dir, indexed_sample.embedder
    first = search_page(data, "補助", k=20, embedder=embedder)
    second = search_page(data, "補助", k=10, offset=10, embedder=embedder)
    assert [h.iri for h in second.hits] == [h.iri for h in first.hits[10:20]]
    assert second.total == first.total > 20
    assert sum(first.facets["type"].values()) == first.total
    assert first.facets["year"] == {"114": first.total}
    assert first.facets["stage"] == {"預算案": first.total}  # 中華民國114年度中央政府總預算案
    assert first.facets["agency"] == {"經濟部產業發展署": first.total}
    narrowed = search_page(data, "補助", k=50, type="Donation", embedder=embedder)
    assert narrowed.hits and {h.type for h in narrowed.hits} == {"Donation"}
    assert search_page(data, "補助", k=5, stage="決算", embedder=embedder).total == 0
    past_the_end = search_page(data, "補助", k=10, offset=first.total, embedder=embedder)
    assert past_the_end.hits == [] and past_the_end.total == first.total


def test_more_like_this_finds_the_same_plan_in_the_grant_tables(indexed_sample) -> None:  # type: ignore[no-untyped-def]
    page = similar(indexed_sample.data_dir, IC_DESIGN, k=5)
    iris = [h.iri for h in page.hits]
    assert IC_DESIGN not in iris and page.like == IC_DESIGN
    # The same programme printed in 捐助/委辦經費分析表 (pp. 80, 114) is among its nearest entities.
    assert any(
        h.type in ("Donation", "Commission") and h.label == "驅動國內IC設計業者先進發展補助計畫"
        for h in page.hits
    )
    with pytest.raises(SearchError, match="not an indexed entity"):
        similar(indexed_sample.data_dir, ID + "project/none", k=3)


def test_the_search_command_pages_and_finds_similar_entities(indexed_sample, capsys) -> None:  # type: ignore[no-untyped-def]
    from api.cli import main

    data = str(indexed_sample.data_dir)
    assert main(["--data", data, "search", "半導體", "-k", "5", "--page", "2", "--facets", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["offset"] == 5 and len(body["hits"]) == 5 and body["total"] > 10
    assert set(body["facets"]) == {"type", "agency", "year", "stage"}
    assert main(["--data", data, "search", "--like", IC_DESIGN, "-k", "3"]) == 0
    table = capsys.readouterr().out
    assert "驅動國內IC設計業者先進發展補助計畫" in table and "hits 1–3 of" in table
    assert main(["--data", data, "search"]) == 2
    assert "--like" in capsys.readouterr().err


def test_the_name_lookups_find_what_a_scan_of_every_entity_finds(indexed_sample) -> None:  # type: ignore[no-untyped-def]
    # At corpus scale names are matched through exact-key, bigram and amount lookups, not a scan.
    from embed.entities import match_name

    table = load_index(indexed_sample.data_dir).entities

    def matched(parsed, entities):  # type: ignore[no-untyped-def]
        return {e.iri for e in entities if (m := match_name(parsed, e)).tier or m.topical}

    for query in [*_user_queries(), "IC設計", "11.76億", "半導體產業"]:
        parsed = parse_query(query, table)
        assert matched(parsed, table.candidates(parsed)) == matched(parsed, table.by_iri.values()), query


def test_a_ministry_named_in_a_query_scopes_it_to_the_ministry_s_agencies(indexed_sample) -> None:  # type: ignore[no-untyped-def]
    table = load_index(indexed_sample.data_dir).entities
    parsed = parse_query("經濟部 無人機 補助", table)
    assert parsed.agencies == {"經濟部產業發展署"} and parsed.terms == ["無人機", "補助"]
    assert parse_query("內政部 無人機", table).agencies == set()  # no 內政部 book in this index


def test_a_name_inside_a_question_about_something_else_yields_to_what_was_asked(indexed_sample) -> None:  # type: ignore[no-untyped-def]
    # 「113 年度產業發展署歲出預算案第 1 目「工業技術升級輔導」…凍結該預算 1,000 萬元」 (p. 149) and
    # 2,000 萬元 (p. 151): the freeze is asked about, not the work plan, whose text never says 凍結.
    hits = search(
        indexed_sample.data_dir, "113年度 工業技術升級輔導 凍結", k=3, embedder=indexed_sample.embedder
    )
    assert [h.type for h in hits[:2]] == ["Resolution", "Resolution"], [(h.type, h.label) for h in hits]
    assert {h.page for h in hits[:2]} == {149, 151}
