"""Finding statute citations in text: sentences copied from the sample book (page numbers as printed)."""

from __future__ import annotations

import pytest

from graph.laws.citations import StatuteCitation, article_refs, find_citations
from graph.laws.index import LawIndex, default_index
from graph.laws.normalise import chinese_number, repair, similarity, statute_key

AGENCY, PARENT = "經濟部產業發展署", "經濟部"


@pytest.fixture(scope="module")
def index() -> LawIndex:
    return default_index()


def cite(index: LawIndex, text: str, legal_basis: bool = False) -> list[StatuteCitation]:
    return find_citations(text, index, legal_basis=legal_basis, agency=AGENCY, parent_agency=PARENT)


def pairs(citations: list[StatuteCitation]) -> list[tuple[str, tuple[str, ...]]]:
    return [(c.name, tuple(a.number for a in c.articles)) for c in citations]


# ---------------------------------------------------------------- normalisation


def test_repair_joins_names_wrapped_across_table_cell_lines() -> None:
    # p. 80, 捐助經費分析表 row 03 as converted: the name is broken by line-wrap spaces
    text = "1. 依據「經濟部協助產業創 新活動補助獎勵及輔導辦 法」。 2. 辦理主題式研發計畫之補 助。"
    assert repair(text) == "1.依據「經濟部協助產業創新活動補助獎勵及輔導辦法」。2.辦理主題式研發計畫之補助。"


def test_repair_folds_full_width_digits_and_brackets_but_keeps_latin_spacing() -> None:
    assert repair("依預算法第 ６２ 條之 1，縣（市）") == "依預算法第62條之1，縣(市)"
    assert (
        repair("卓越隱形冠軍智慧加值創新計畫(Hidden Champion+ 3.0)")
        == "卓越隱形冠軍智慧加值創新計畫(Hidden Champion+ 3.0)"
    )


def test_bracketed_and_unbracketed_spellings_share_one_key() -> None:
    # rows 02 (p. 80) and 37 (p. 92) print the same 要點 as 補捐助 and 補(捐)助
    assert statute_key("經濟部產業發展署 補捐助民間團體推動產業 發展活動審核要點") == statute_key(
        "經濟部產業發展署補(捐)助民間團體推動產業發展活動審核要點"
    )
    assert statute_key("中央對直轄市及縣（市）政府補助辦法") == statute_key(
        "中央對直轄市及縣(市)政府補助辦法"
    )


@pytest.mark.parametrize(
    ("text", "value"), [("二", 2), ("十", 10), ("二十八", 28), ("一百零五", 105), ("62", 62)]
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese_number(text) == value


def test_bigram_similarity_ranks_the_misnamed_act_close() -> None:
    # p. 10 prints 「無人載具創新實驗條例」; the act is 無人載具科技創新實驗條例
    assert similarity("無人載具創新實驗條例", "無人載具科技創新實驗條例") == pytest.approx(0.8)
    assert similarity("預算法", "國有財產法") < 0.3


# ---------------------------------------------------------------- article references


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("第34條、第37條、第39條、第43條及第49條等規定", ("34", "37", "39", "43", "49")),
        ("第28條之5及", ("28-5",)),
        ("第2與第8條規定", ("2", "8")),
        ("第5條至第8條", ("5", "6", "7", "8")),
        ("第二十八條之五", ("28-5",)),
        ("第4點。", ("4",)),
        ("第15條第1項第2款規定", ("15",)),
        ("第1目「工業技術升級輔導」", ()),
    ],
)
def test_article_lists(text: str, numbers: tuple[str, ...]) -> None:
    refs, _ = article_refs(text, 0)
    assert tuple(r.number for r in refs) == numbers


def test_paragraph_and_item_are_kept_in_the_label() -> None:
    refs, _ = article_refs("第15條第1項第2款", 0)
    assert refs[0].label == "第15條第1項第2款"


# ---------------------------------------------------------------- 法令依據 (pp. 29-38)


def test_revenue_legal_basis_with_article(index: LawIndex) -> None:
    found = cite(
        index,
        "依各類法令、契約所應獲得之賠償，依國庫法第11條規定：中央政府各機關之收入，均應歸入國庫存款戶。",
        True,
    )
    assert pairs(found) == [("國庫法", ("11",))]
    assert found[0].pcode == "G0320003"
    assert found[0].relation == "direct"
    assert "依國庫法第11條規定" in found[0].evidence


def test_revenue_legal_basis_list_of_rules(index: LawIndex) -> None:
    text = "1. 申請工廠設立許可及登記事項收費標準。\n2. 動產擔保交易法第11條及動產擔保交易法施行細則第13條。"
    found = cite(index, text, True)
    assert pairs(found) == [
        ("申請工廠設立許可及登記事項收費標準", ()),
        ("動產擔保交易法", ("11",)),
        ("動產擔保交易法施行細則", ("13",)),
    ]
    assert [c.pcode for c in found] == ["J0030044", "G0380024", "G0380025"]


def test_budget_act_and_contracts_is_one_statute(index: LawIndex) -> None:
    found = cite(index, "預算法及合約等有關規定。", True)
    assert pairs(found) == [("預算法", ())]


def test_rules_missing_from_the_index_are_still_found_in_a_legal_basis_field(index: LawIndex) -> None:
    text = (
        "1. 工業合作回饋金繳納作業要點。\n2. 軍公教人員兼職費及講座鐘點費支給規定。\n"
        "3. 全國軍公教員工待遇支給要點第4點。\n4. 經濟部科技專案國有財產使用收費作業要點"
    )
    found = cite(index, text, True)
    assert pairs(found) == [
        ("工業合作回饋金繳納作業要點", ()),
        ("軍公教人員兼職費及講座鐘點費支給規定", ()),
        ("全國軍公教員工待遇支給要點", ("4",)),
        ("經濟部科技專案國有財產使用收費作業要點", ()),
    ]
    assert all(c.pcode == "" for c in found)


def test_own_organic_act(index: LawIndex) -> None:
    found = cite(index, "依據本署組織法第二條規定及有關設置辦法，其職掌如下：", True)
    assert pairs(found) == [("經濟部產業發展署組織法", ("2",))]
    assert found[0].pcode == "J0000091"


# ---------------------------------------------------------------- 依據「…」 of grant rows (pp. 78-96)


def test_two_quoted_regulations_in_one_row(index: LawIndex) -> None:
    text = "1. 依據「經濟部協助產業永續發展補助及輔導辦法」及「經濟部協助產業創新活動補助獎勵及輔導辦法」。 2. 辦理石化產業"
    found = cite(index, text)
    assert [c.pcode for c in found] == ["J0030092", "J0030115"]
    assert {c.relation for c in found} == {"direct"}


def test_quoted_rule_not_in_the_index_is_a_statute_when_introduced_by_yiju(index: LawIndex) -> None:
    text = "1.依據經濟部、內政部、行政院勞委會會銜發布之「獎勵民眾檢舉違章爆竹煙火業實施要點」。"
    found = cite(index, text)
    assert pairs(found) == [("獎勵民眾檢舉違章爆竹煙火業實施要點", ())]
    assert found[0].pcode == ""
    assert found[0].relation == "direct"


# ---------------------------------------------------------------- resolutions (pp. 143-155)


def test_budget_act_articles_in_a_resolution(index: LawIndex) -> None:
    text = "依據預算法第 34 條、第 37 條、第 39 條、第 43 條及第 49 條等規定，重要公共工程建設及重大施政計畫"
    found = cite(index, text)
    assert pairs(found) == [("預算法", ("34", "37", "39", "43", "49"))]
    assert found[0].relation == "direct"


def test_article_with_zhi_and_a_second_citation_of_the_same_act(index: LawIndex) -> None:
    text = (
        "<p>預算經費，並應依預算法第 62 條之 1 及其執行原則等相關規範，由各該主管機關從嚴審核及執行。"
        "相關預算事件若有違法或違反相關規定，應依預算法第 95 條規定，由監察委員</p>"
    )
    assert pairs(cite(index, text)) == [("預算法", ("62-1",)), ("預算法", ("95",))]


def test_coordinated_citations_share_the_trailing_rule(index: LawIndex) -> None:
    text = (
        "新修訂「工廠管理輔導法」第 28 條之 5 及「特定工廠登記辦法」第 2 與第 8 條規定，既有低污染未登記工廠"
    )
    found = cite(index, text)
    assert pairs(found) == [("工廠管理輔導法", ("28-5",)), ("特定工廠登記辦法", ("2", "8"))]
    assert [c.relation for c in found] == ["direct", "direct"]


def test_same_act_reference_inherits_the_statute(index: LawIndex) -> None:
    text = "地方政府將依「工廠管理輔導法」第 30 條下達停工處分，仍未停工者將依同法第 35 條執行"
    assert pairs(cite(index, text)) == [("工廠管理輔導法", ("30",)), ("工廠管理輔導法", ("35",))]


def test_bare_article_inherits_the_statute_named_before_in_the_sentence(index: LawIndex) -> None:
    found = cite(index, "依預算法第62條之1辦理，並依第95條規定處理。第3條另案處理。")
    assert pairs(found) == [("預算法", ("62-1",)), ("預算法", ("95",))]


def test_unquoted_rule_introduced_by_yi_and_followed_by_guiding(index: LawIndex) -> None:
    text = "依中央對直轄市與縣（市）政府計畫及預算考核要點規定，中央對市縣政府辦理社會福利"
    found = cite(index, text)
    assert pairs(found) == [("中央對直轄市與縣(市)政府計畫及預算考核要點", ())]
    assert found[0].pcode == ""  # the index holds only the 補助辦法, not this 要點


# ---------------------------------------------------------------- mentions and programme names


def test_promoting_an_act_is_a_mention_not_a_legal_basis(index: LawIndex) -> None:
    found = cite(index, "2.精準健康產業：推動「生技醫藥產業發展條例」，布局產業關鍵技術")
    assert [(c.pcode, c.relation) for c in found] == [("J0040046", "mention")]


def test_short_names_resolve_through_aliases(index: LawIndex) -> None:
    found = cite(index, "配合生技條例相關授權辦法之發布；非屬工輔法範疇2,013家")
    assert [(c.pcode, c.relation) for c in found] == [("J0040046", "mention"), ("J0030043", "mention")]


@pytest.mark.parametrize(
    "text",
    [
        "2.又依據「晶片驅動臺灣產業創新」計畫係由國家科學及技術委員會會同相關部會一起推動",
        "經濟部 112 年 5 月奉行政院核定「亞灣 2.0—智慧科技創新園區推動方案」",
        "113 年度產業發展署歲出預算案第 1 目「工業技術升級輔導」編列 113 億 8,918 萬元",
        "內政部公布用以提升工廠公共安全之「輔導既存工廠自設滅火設備及替代設施指導原則」",
        "建構國家安全化學與韌性永續計畫係行政院113年1月10日院臺環字第1121047045號函核定辦理",
    ],
)
def test_programme_names_and_letters_are_not_statutes(index: LawIndex, text: str) -> None:
    assert cite(index, text) == []


def test_statute_inside_a_programme_name_is_not_cited(index: LawIndex) -> None:
    assert cite(index, "推動「公司法遵循輔導計畫」之執行") == []


def test_a_defined_short_name_cites_the_statute_it_stands_for(index: LawIndex) -> None:
    # MOI 114 unit budget, resolution on 紀念日: the regulation is named once, then by its short name
    text = (
        "目前係依「紀念日及節日實施辦法」(下稱實施辦法)規定辦理。迄至今日,依實施辦法規定紀念日及節日之放假日計11日。"
        "三、另依實施辦法第5條規定,勞動節勞工放假;"
    )
    found = cite(index, text)
    assert [(c.pcode, tuple(a.number for a in c.articles)) for c in found] == [
        ("D0020033", ()),
        ("D0020033", ()),
        ("D0020033", ("5",)),
    ]


def test_columns_interleaved_by_the_pdf_reader_are_not_a_statute(index: LawIndex) -> None:
    # MOI 114 unit budget, a resolution and its response printed side by side and read as one run
    text = "(七)「公職人員選舉罷免法」及「總統副總本部業於113年5月27日以台內民字統選舉罷免法」甫於112年度業已修正"
    assert [c.pcode for c in cite(index, text)] == ["D0020010"]
