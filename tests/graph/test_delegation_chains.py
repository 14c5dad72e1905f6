"""Delegation chains on the sample book: plan → regulation → the statute article that empowers it.

Golden values: the regulations' own enabling clauses (全國法規資料庫 text, quoted) and the printed
figures of the sample book (data/sample/moea-ida-114-unit-budget.md, 千元).
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from api.cli import main
from graph.laws import LegalLink, legal_basis_triples, link_book
from graph.laws.authority import authority_for
from graph.laws.chain import (
    authority_chain_json,
    cited_by_through,
    delegation_steps,
    resting_only_on_unresolved,
)
from graph.laws.corpus import LawCorpus, default_corpus
from graph.laws.enabling import parse_clause
from graph.namespaces import BUD, ELI
from ingest.book import ParsedBook
from tests.graph.enabling_gold import GOLD

IC_DESIGN = "驅動國內IC設計業者先進發展補助計畫"
SMART_POLE = "智慧杆產業推動暨城市智慧基建計畫"
INNOVATION_REGULATION = "J0030115"  # 經濟部協助產業創新活動補助獎勵及輔導辦法
INNOVATION_ACT = "J0040051"  # 產業創新條例
SUBSIDY_REGULATION = "G0320018"  # 中央對直轄市及縣(市)政府補助辦法
FISCAL_ACT = "G0320015"  # 財政收支劃分法
LOCAL_GOVERNMENT_ACT = "A0040003"  # 地方制度法
THOUSAND = Decimal(1000)

# Printed figures (千元) of the sample book
PRINTED_WORK_PLAN_5726102000 = Decimal(363_335)  # 工業管理, 預算金額 (p.58): cites 產業創新條例 itself
PRINTED_INNOVATION_ROWS = Decimal(5_260_050)  # rows citing J0030115: 5,576,578 - 370,724 + 300 + 326 + 500
# + 3,070 + 50,000 (tests/graph/test_authority.py derives it from the printed 4040 total and subtotals)
PRINTED_ROWS_33_TO_37 = Decimal(370_724)  # subtotal of rows 33-37 (研究/學術機構辦法 and 審核要點)
PRINTED_ROW_37 = Decimal(9_917)  # row 37 rests on the 審核要點 (not in the corpus), not on 產業創新條例
PRINTED_SMART_POLE_ROWS = (Decimal(60_000), Decimal(40_000))  # 補助 rows 01 and 02 (p.78)


@pytest.fixture(scope="module")
def links(sample_book: ParsedBook) -> list[LegalLink]:
    return link_book(sample_book.records)


@pytest.fixture(scope="module")
def corpus() -> LawCorpus:
    return default_corpus()


def _steps_of(answer: dict, kind: str) -> list[dict]:
    subject = next(s for s in answer["subjects"] if s["type"] == kind)
    return [step for authority in subject["authorities"] for step in authority["delegation"]]


def test_the_ic_design_plan_rests_on_article_9_of_the_innovation_act(links: list[LegalLink]) -> None:
    answer = authority_chain_json(IC_DESIGN, authority_for(links, IC_DESIGN))
    project = next(s for s in answer["subjects"] if s["type"] == "Project")
    [authority] = project["authorities"]
    assert (authority["pcode"], authority["relation"]) == (INNOVATION_REGULATION, "inferred")
    [step] = authority["delegation"]
    assert step["regulation"] == "經濟部協助產業創新活動補助獎勵及輔導辦法"
    assert (step["parent"], step["parent_pcode"], step["article"]) == ("產業創新條例", INNOVATION_ACT, "9")
    assert step["article_label"] == "第9條第2項"
    assert step["evidence"]["clause"] == "本辦法依產業創新條例(以下簡稱本條例)第九條第二項規定訂定之。"
    assert step["evidence"]["article"] == "1"
    assert "各中央目的事業主管機關得以補助、獎勵或輔導方式" in step["article_text"]
    assert step["url"].endswith("pcode=J0040051&flno=9")
    # 第9條 was last amended 2017-11-22 (沿革 4): the text shown is the version in force for the 114 book
    assert step["version"]["article_last_amended"] == "2017-11-22"
    assert step["version"]["current_for_book"] is True and step["flags"] == []


def test_the_smart_pole_subsidy_rests_on_two_statutes(links: list[LegalLink]) -> None:
    answer = authority_chain_json(SMART_POLE, authority_for(links, SMART_POLE))
    subsidies = [s for s in answer["subjects"] if s["type"] == "Subsidy"]
    assert sorted(Decimal(s["amount"]) for s in subsidies) == sorted(
        p * THOUSAND for p in PRINTED_SMART_POLE_ROWS
    )
    for subsidy in subsidies:
        [authority] = subsidy["authorities"]
        assert authority["pcode"] == SUBSIDY_REGULATION
        parents = {
            (step["parent_pcode"], step["article"], step["article_label"]) for step in authority["delegation"]
        }
        assert parents == {(FISCAL_ACT, "30", "第30條第2項"), (LOCAL_GOVERNMENT_ACT, "69", "第69條第3項")}
        texts = {step["parent"]: step["article_text"] for step in authority["delegation"]}
        assert texts["財政收支劃分法"].startswith("中央為謀全國之經濟平衡發展，得酌予補助地方政府")
        assert "其補助辦法，分別由行政院或縣定之" in texts["地方制度法"]


def test_cited_by_the_innovation_act_adds_its_regulations_lines_once(links: list[LegalLink]) -> None:
    answer = cited_by_through(links, "產業創新條例")
    rows_33_to_36 = (
        PRINTED_ROWS_33_TO_37 - PRINTED_ROW_37
    )  # 研究機構 / 學術機構 補助辦法 (產業創新條例 第9條)
    expected = PRINTED_WORK_PLAN_5726102000 + PRINTED_INNOVATION_ROWS + rows_33_to_36
    assert answer.total == expected * THOUSAND
    assert answer.own_total == PRINTED_WORK_PLAN_5726102000 * THOUSAND
    assert answer.totals() == {("經濟部產業發展署", 114): expected * THOUSAND}
    # Row 11 cites two regulations of the act (永續發展 第26條, 創新活動 第9條): one line, counted once.
    row_11 = [t for t in answer.through if t.link.subject.startswith("Donation:5226102200/11/")]
    assert {t.link.statute.pcode for t in row_11} == {"J0030092", INNOVATION_REGULATION}
    counted = [
        link for link, through in answer.counted() if link.subject.startswith("Donation:5226102200/11/")
    ]
    assert len(counted) == 1
    data = answer.to_json()
    assert all(row["through"] for row in data["through_regulations"])
    assert {r["pcode"] for r in data["regulations"]} == {
        INNOVATION_REGULATION,
        "J0030092",
        "J0040056",
        "J0040057",
    }
    assert Decimal(data["total"]) == expected * THOUSAND


def test_cli_cited_by_marks_what_rests_through_regulations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["authority", "--cited-by", "產業創新條例"]) == 0
    out = capsys.readouterr().out
    assert "5,984,192千元  total resting on it" in out  # 363,335 + 5,260,050 + 360,807
    assert "⇒ Donation:5226102200/06/" in out
    assert "經濟部協助產業創新活動補助獎勵及輔導辦法 (J0030115) → 產業創新條例第9條第2項" in out


def test_cli_authority_text_and_chain_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["authority", IC_DESIGN]) == 0
    out = capsys.readouterr().out
    assert "→ rests on 產業創新條例第9條第2項 (J0040051)" in out
    assert main(["authority", IC_DESIGN, "--json", "--chain"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert {step["parent_pcode"] for step in _steps_of(answer, "Donation")} == {INNOVATION_ACT}


def test_money_resting_only_on_administrative_rules(links: list[LegalLink]) -> None:
    lines, total = resting_only_on_unresolved(links)
    printed = {  # 千元, as printed: each line's every stated authority is a 要點 / 規定 outside the corpus
        "RevenueExplanation:1226100210": Decimal(
            19_039
        ),  # 其他雜項收入 (回饋金繳納作業要點 …), p.802 of the md
        "Donation:5726102000/02": Decimal(90),  # 補捐助民間團體推動產業發展活動審核要點
        "Donation:5226102200/37": PRINTED_ROW_37,  # same 審核要點
        "Donation:5226102200/41": Decimal(150),  # 國家品質獎實施要點
        "Donation:5726102000/43": Decimal(10),  # 獎勵民眾檢舉違章爆竹煙火業實施要點
        "Donation:5226102200/47": Decimal(50),  # 國家品質獎實施要點
    }
    found = {"/".join(link.subject.split("/")[:2]): link.amount for link in lines}
    assert found == {key: value * THOUSAND for key, value in printed.items()}
    assert all(not link.statute.resolved for link in lines)
    assert total == sum(printed.values()) * THOUSAND


def test_delegation_triples_use_eli_based_on(sample_book: ParsedBook) -> None:
    triples = set(legal_basis_triples(sample_book.records))
    regulation = "https://budgetkg.tw/id/eli/tw/J0030115"
    based_on = {str(o) for s, p, o in triples if str(s) == regulation and p == ELI.based_on}
    assert based_on == {"https://budgetkg.tw/id/eli/tw/J0040051/art/9"}
    clauses = {str(o) for s, p, o in triples if p == BUD.clause}
    assert "本辦法依產業創新條例(以下簡稱本條例)第九條第二項規定訂定之。" in clauses


def test_hand_checked_enabling_clauses(corpus: LawCorpus) -> None:
    for regulation, parents in GOLD.items():
        found = {(p.pcode, p.article, p.label) for p in corpus.laws[regulation].parents}
        assert found == parents, regulation


@pytest.mark.parametrize(
    ("clause", "regulation", "expected"),
    [
        (
            "本辦法依法院組織法第十七條第五項、第三十七條第四項、少年及家事法院組織法第十一條第五項"
            "及公設辯護人條例第十條第四項規定訂定之。",
            "",
            [
                ("法院組織法", "17"),
                ("法院組織法", "37"),
                ("少年及家事法院組織法", "11"),
                ("公設辯護人條例", "10"),
            ],
        ),
        ("本細則依本法第十條規定訂定之。", "所得稅法施行細則", [("所得稅法", "10")]),
        (
            "本辦法依電腦處理個人資料保護法(以下簡稱本法)第十九條第三項及本法施行細則第八條第二項規定訂定之。",
            "",
            [("電腦處理個人資料保護法", "19"), ("電腦處理個人資料保護法施行細則", "8")],
        ),
        (
            "本辦法依洗錢防制法(以下簡稱本法)第五條第二項適用第六條第三項規定訂定之。",
            "",
            [("洗錢防制法", "5"), ("洗錢防制法", "6")],
        ),
        ("本規程依建築法第一○三條之規定訂定之。", "", [("建築法", "103")]),
    ],
)
def test_clause_shapes(clause: str, regulation: str, expected: list[tuple[str, str]]) -> None:
    from graph.laws.enabling import enabling_clause

    found = enabling_clause([("1", clause)])
    assert found is not None
    parsed = parse_clause(found[1], "1", regulation)
    assert [(p.name, p.article) for p in parsed.parents] == expected


def test_a_chain_walks_up_through_an_enforcement_rule(corpus: LawCorpus) -> None:
    # 醫院電腦處理個人資料登記管理辦法 rests on the act and on its 施行細則, which rests on the act again.
    regulation = corpus.lookup("醫院電腦處理個人資料登記管理辦法")
    assert regulation is not None
    steps = delegation_steps(corpus, regulation.pcode)
    assert {s.parent_pcode for s in steps if s.level == 1} >= {"I0050021"}  # now 個人資料保護法 (renamed)
