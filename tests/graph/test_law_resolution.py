"""Statute names → pcodes: the shipped index, the official MOJ bulk format, and the sample book's gold table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.laws import link_book
from graph.laws.index import LawIndexError, article_number, default_index, load_index
from graph.laws.resolve import resolve
from ingest.book import ParsedBook
from tests.graph.laws_gold import GOLD, misses, score


def test_shipped_index_holds_the_snapshot() -> None:
    index = default_index()
    assert len(index.laws) == 11547  # moj-law-index.json, snapshot 2024-10-11
    assert index.laws["T0020001"].name == "預算法"
    assert len(index.articles) == 30  # the laws the sample book cites, full text


@pytest.mark.parametrize(
    ("name", "pcode"),
    [
        ("預算法", "T0020001"),
        ("中央對直轄市及縣(市)政府補助辦法", "G0320018"),  # the index prints （市）
        ("中央對直轄市及縣市政府補助辦法", "G0320018"),
        ("臺灣製產品MIT微笑標章審查及發證收費標準", "J0030125"),  # the index prints spaces round MIT
        ("經濟部協助產業創 新活動補助獎勵及輔導辦 法", "J0030115"),
        ("工輔法", "J0030043"),  # alias
        ("促參法", "D0070062"),  # alias from the MOJ-derived list
    ],
)
def test_names_resolve_to_pcodes(name: str, pcode: str) -> None:
    statute = resolve(name, default_index())
    assert statute.pcode == pcode
    assert statute.url == f"https://law.moj.gov.tw/LawClass/LawAll.aspx?pcode={pcode}"


def test_unresolved_statute_keeps_its_name_and_closest_candidates() -> None:
    statute = resolve("無人載具創新實驗條例", default_index())
    assert not statute.resolved
    assert statute.candidates[0].pcode == "J0030147"  # 無人載具科技創新實驗條例
    assert str(statute.iri).startswith("https://budgetkg.tw/id/eli/tw/unresolved/")


def test_unresolved_spellings_share_one_iri() -> None:
    index = default_index()
    a = resolve("經濟部產業發展署補(捐)助民間團體推動產業發展活動審核要點", index)
    b = resolve("經濟部產業發展署補捐助民間團體推動產業發展活動審核要點", index)
    assert a.iri == b.iri


def test_article_text_is_available_for_provisions() -> None:
    index = default_index()
    assert "媒體" in index.article_text("T0020001", "62-1")  # 預算法第62條之1: 政府機關…媒體政策及業務宣導
    assert index.article_text("J0030043", "28-5")  # 工廠管理輔導法第28條之5


@pytest.mark.parametrize(
    ("printed", "number"), [("第 62-1 條", "62-1"), ("第 11 條", "11"), ("第二十八條之五", "28-5")]
)
def test_article_numbers_of_both_formats(printed: str, number: str) -> None:
    assert article_number(printed) == number


def test_official_moj_bulk_format_is_read(tmp_path: Path) -> None:
    bulk = {
        "UpdateDate": "2024/10/11",
        "Laws": [
            {
                "LawLevel": "法律",
                "LawName": "預算法",
                "LawURL": "https://law.moj.gov.tw/LawClass/LawAll.aspx?pcode=T0020001",
                "LawModifiedDate": "20220615",
                "LawArticles": [
                    {"ArticleType": "C", "ArticleNo": "", "ArticleContent": "第 一 章 通則"},
                    {"ArticleType": "A", "ArticleNo": "第 62-1 條", "ArticleContent": "基於行政中立…"},
                ],
            }
        ],
    }
    (tmp_path / "ChLaw.json").write_text(json.dumps(bulk, ensure_ascii=False), encoding="utf-8-sig")
    index = load_index(tmp_path, aliases=tmp_path / "none.json", articles=tmp_path / "none")
    assert index.lookup("預算法") is not None
    assert index.laws["T0020001"].level == "法律"
    assert index.article_text("T0020001", "62-1") == "基於行政中立…"


def test_a_file_that_is_not_an_index_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "laws.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(LawIndexError, match="not a law index"):
        load_index(bad)
    with pytest.raises(LawIndexError, match="not found"):
        load_index(tmp_path / "missing.json")


# ---------------------------------------------------------------- the sample book against the gold table


def test_gold_table_precision_and_recall(sample_book: ParsedBook) -> None:
    records = sample_book.records
    links = link_book(records)
    scores = {s.name: s for s in score(records, links)}
    missed, extra = misses(records, links)
    assert scores["法令依據"].recall == 1.0, missed
    assert scores["依據「」"].recall == 1.0, missed
    assert scores["all"].recall >= 0.95, missed
    assert scores["all"].precision >= 0.95, extra
    assert scores["direct only"].precision >= 0.95, extra
    assert len(GOLD) == 102


def test_every_grant_citation_resolves_where_the_index_has_it(sample_book: ParsedBook) -> None:
    links = [link for link in link_book(sample_book.records) if link.subject_type in {"Subsidy", "Donation"}]
    resolved = {link.statute.pcode for link in links if link.statute.resolved}
    unresolved = {link.statute.name for link in links if not link.statute.resolved}
    assert resolved == {"G0320018", "J0030115", "J0030092", "J0040056", "J0040057"}
    assert len(unresolved) == 3  # 審核要點 (both spellings as one), 國家品質獎實施要點, 爆竹煙火業實施要點


def test_versioned_index_names_resolve_by_their_plain_name() -> None:
    # the index disambiguates 總統副總統選舉罷免法（新 84.08.09 制定）from the 1947 act (舊)
    assert resolve("總統副總統選舉罷免法", default_index()).pcode == "D0020053"
