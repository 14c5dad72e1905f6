"""The shipped law corpus: rebuilt from the official bulk format, read lazily, and the law in force."""

from __future__ import annotations

import json
import tarfile
import zipfile
from pathlib import Path

import pytest

from api.cli import main
from graph.laws.corpus import ARTICLES_FILE, META_FILE, LawCorpus, default_corpus, parse_history
from graph.laws.in_force import (
    AMENDED_AFTER,
    DELETED_ARTICLE,
    NO_ARTICLE,
    RENAMED,
    REPEALED,
    citation_flags,
    version,
)

INNOVATION_ACT = "J0040051"  # 產業創新條例
INNOVATION_REGULATION = "J0030115"  # 經濟部協助產業創新活動補助獎勵及輔導辦法


@pytest.fixture(scope="module")
def corpus() -> LawCorpus:
    return default_corpus()


def _official(corpus: LawCorpus, pcode: str) -> dict:
    """One law in the MOJ bulk format (ChLaw.json / ChOrder.json), from the corpus's own facts and texts."""
    law = corpus.laws[pcode]
    articles = corpus.articles(pcode)
    return {
        "LawLevel": law.kind,
        "LawName": law.name,
        "LawURL": f"https://law.moj.gov.tw/LawClass/LawAll.aspx?pcode={pcode}",
        "LawCategory": law.category,
        "LawModifiedDate": law.date,
        "LawAbandonNote": "廢" if law.repealed else "",
        "LawHistories": corpus.history(pcode),
        "LawArticles": [{"ArticleType": "C", "ArticleNo": "", "ArticleContent": "第 一 章 總則"}]
        + [
            {"ArticleType": "A", "ArticleNo": "第 " + n.replace("-", "-") + " 條", "ArticleContent": text}
            for n, text in articles.items()
        ],
    }


def test_update_reads_the_official_zip_and_parses_the_clause(
    corpus: LawCorpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bulk = tmp_path / "ChLaw.json.zip"
    with zipfile.ZipFile(bulk, "w") as archive:
        archive.writestr(
            "ChLaw.json",
            json.dumps({"UpdateDate": "2024/10/11", "Laws": [_official(corpus, INNOVATION_ACT)]}),
        )
        archive.writestr("ChOrder.json", json.dumps({"Laws": [_official(corpus, INNOVATION_REGULATION)]}))
    out = tmp_path / "corpus"
    assert main(["laws", "update", str(bulk), "--out", str(out)]) == 0
    assert "2 laws" in capsys.readouterr().out
    rebuilt = LawCorpus.load(out)
    regulation = rebuilt.laws[INNOVATION_REGULATION]
    assert regulation.kind == "命令"
    [parent] = regulation.parents
    assert (parent.pcode, parent.article, parent.label) == (INNOVATION_ACT, "9", "第9條第2項")
    assert rebuilt.article_text(INNOVATION_ACT, "9") == corpus.article_text(INNOVATION_ACT, "9")
    assert rebuilt.laws[INNOVATION_ACT].amendments == corpus.laws[INNOVATION_ACT].amendments


def test_update_reads_the_split_snapshot_tarball(corpus: LawCorpus, tmp_path: Path) -> None:
    folder = tmp_path / "FalVMingLing"
    folder.mkdir()
    for pcode in (INNOVATION_ACT, INNOVATION_REGULATION):
        law = corpus.laws[pcode]
        (folder / f"{pcode}.json").write_text(
            json.dumps(
                {
                    "法規性質": law.kind,
                    "法規名稱": law.name,
                    "法規網址": f"https://law.moj.gov.tw/LawClass/LawAll.aspx?pcode={pcode}",
                    "最新異動日期": law.date,
                    "沿革內容": corpus.history(pcode),
                    "法規內容": [
                        {"條號": f"第 {n} 條", "條文內容": t} for n, t in corpus.articles(pcode).items()
                    ],
                },
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
    tarball = tmp_path / "laws.tar.xz"
    with tarfile.open(tarball, "w:xz") as archive:
        archive.add(folder, arcname="FalVMingLing")
    out = tmp_path / "corpus"
    assert main(["laws", "update", str(tarball), "--out", str(out)]) == 0
    assert LawCorpus.load(out).laws[INNOVATION_REGULATION].parents[0].pcode == INNOVATION_ACT


def test_a_bad_source_is_a_user_error_and_keeps_the_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "corpus"
    out.mkdir()
    (out / META_FILE).write_bytes(b"old")
    (out / ARTICLES_FILE).write_bytes(b"old")
    bad = tmp_path / "ChLaw.json"
    bad.write_text('{"Laws": "not a list"}', encoding="utf-8")
    assert main(["laws", "update", str(bad), "--out", str(out)]) == 2
    assert "holds no laws" in capsys.readouterr().err
    assert (out / META_FILE).read_bytes() == b"old" and (out / ARTICLES_FILE).read_bytes() == b"old"
    assert sorted(p.name for p in out.iterdir()) == [ARTICLES_FILE, META_FILE]  # no temporaries left


def test_the_corpus_holds_the_whole_snapshot(corpus: LawCorpus) -> None:
    assert len(corpus.laws) == 11_547  # the snapshot's index (data/laws/README.md)
    assert sum(len(law.article_numbers) for law in corpus.laws.values()) == 218_139
    size = sum((corpus.directory / name).stat().st_size for name in (META_FILE, ARTICLES_FILE))
    assert size < 25_000_000


def test_history_gives_amendments_and_renames() -> None:
    amendments, renames = parse_history(
        "1.中華民國九十九年五月十二日總統華總一義字第 09900112301  號令制\n  定公布全文 72 條\n"
        "10. 中華民國一百十二年六月二十八日總統華總一經字第 11200054001 \n    號令增訂公布第 66-1、66-2 條條文\n"
        "3.中華民國一百零三年一月三十日交通部交航字第10250008951號令修正發布名稱及全文10條；並自發布日施行"
        "（原名稱：身心障礙者搭乘國內公民營公共交通工具優待實施辦法；新名稱：身心障礙者搭乘國內公民營公共交通工具優待辦法）"
    )
    assert [(a.date, a.articles) for a in amendments] == [
        ("20100512", ("*",)),
        ("20230628", ("66-1", "66-2")),
        ("20140130", ("*",)),
    ]
    assert renames[0].former == "身心障礙者搭乘國內公民營公共交通工具優待實施辦法"


def test_flags_of_the_law_in_force(corpus: LawCorpus) -> None:
    def codes(*args: object) -> set[str]:
        return {flag.code for flag in citation_flags(corpus, *args)}  # type: ignore[arg-type]

    # 第10條之2 was added on 2023-01-19 (沿革 9): news for a 111 book, the version in force for 114
    assert AMENDED_AFTER in codes(INNOVATION_ACT, "產業創新條例", "10-2", 111)
    assert codes(INNOVATION_ACT, "產業創新條例", "10-2", 114) == set()
    assert codes(INNOVATION_ACT, "產業創新條例", "200", 114) == {NO_ARTICLE}
    assert codes(INNOVATION_ACT, "產業創新條例", "6", 114) == {DELETED_ARTICLE}  # 刪除第 6 條 (2017)
    assert REPEALED in codes("A0000005", "動員戡亂時期臨時條款", "", 114)
    # The 內政部 114 book cites 不動產成交案件實際資訊申報登錄及查詢收費辦法, renamed on 2021-05-04
    renamed = corpus.renamed("不動產成交案件實際資訊申報登錄及查詢收費辦法")
    assert renamed is not None and renamed.pcode == "D0060118"
    assert codes("", "不動產成交案件實際資訊申報登錄及查詢收費辦法", "16", 114) == {RENAMED}
    answer = version(corpus.laws[INNOVATION_ACT], "9", 114)
    assert answer["article_last_amended"] == "2017-11-22" and answer["current_for_book"] is True
