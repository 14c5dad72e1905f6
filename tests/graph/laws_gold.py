"""Hand-built table of the statute citations in the sample book (data/sample/moea-ida-114-unit-budget.md).

Built by reading the book, not from the program: every 法令依據 of 歲入項目說明提要表 (pp. 29-38),
every 依據「…」 of 補助/捐助經費分析表 (pp. 78-96), the agency's 法定職掌 (p. 1), the Legislative
Yuan resolutions and responses (pp. 143-155) and the plan narratives naming statutes.

A row is (subject, statute, article, relation, category):
- subject: a record-key prefix ("Donation:5226102200/06") or "Type~snippet" (a record of that type
  whose text contains the snippet, after line-wrap repair) for records keyed by position;
- statute: the 全國法規資料庫 pcode, or "?name" for a rule the index does not hold;
- article: "" (the statute as a whole), "62-1" (第62條之1), "4" (a 要點's 第4點);
- relation: "direct" (a legal basis) or "mention";
- category: 法令依據 | 依據「」 | 決議 | 敘述 — recall on the first two must be 1.0.

Not statutes (negatives, checked in tests): 「晶片驅動臺灣產業創新」 and the other 「」 programme names;
「輔導既存工廠自設滅火設備及替代設施指導原則」 (a guideline named without 依, not in the index);
"依公司法設立之…公司" in a grant's recipient column (eligibility, not the grant's authority).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph.laws.links import LegalLink, cited_fields
from graph.laws.normalise import repair, statute_key
from ingest.records import Record, record_key

GOLD: list[tuple[str, str, str, str, str]] = []


def _add(subject: str, statute: str, article: str = "", relation: str = "direct", category: str = "") -> None:
    GOLD.append((subject, statute, article, relation, category))


# 歲入項目說明提要表 二、法令依據 (pp. 29-38)
for subject, statute, article in [
    ("RevenueExplanation:0426100301", "G0320003", "11"),  # 依國庫法第11條規定
    ("RevenueExplanation:0526100101", "J0030076", ""),  # 經濟部事業廢棄物再利用許可審查規費收費標準
    ("RevenueExplanation:0526100101", "J0030079", "24"),  # 冷凍空調業管理條例第24條
    ("RevenueExplanation:0526100101", "J0030082", ""),  # 冷凍空調業規費收費標準
    ("RevenueExplanation:0526100101", "J0030123", ""),  # 綠色工廠標章收費標準
    ("RevenueExplanation:0526100101", "J0030125", ""),  # 臺灣製產品MIT微笑標章審查及發證收費標準
    ("RevenueExplanation:0526100102", "J0030079", "24"),
    ("RevenueExplanation:0526100102", "J0030082", ""),
    ("RevenueExplanation:0526100103", "J0030044", ""),  # 申請工廠設立許可及登記事項收費標準
    ("RevenueExplanation:0526100103", "G0380024", "11"),  # 動產擔保交易法第11條
    ("RevenueExplanation:0526100103", "G0380025", "13"),  # 動產擔保交易法施行細則第13條
    ("RevenueExplanation:0526100303", "G0380024", "11"),
    ("RevenueExplanation:0526100303", "G0380025", "13"),
    ("RevenueExplanation:0726100101", "T0020001", ""),  # 預算法及合約等有關規定
    ("RevenueExplanation:0726100103", "T0020001", ""),
    ("RevenueExplanation:0726100500", "G0370001", ""),  # 國有財產法
    ("RevenueExplanation:1226100201", "T0020001", ""),
    ("RevenueExplanation:1226100210", "?工業合作回饋金繳納作業要點", ""),
    ("RevenueExplanation:1226100210", "?軍公教人員兼職費及講座鐘點費支給規定", ""),
    ("RevenueExplanation:1226100210", "?全國軍公教員工待遇支給要點", "4"),
    ("RevenueExplanation:1226100210", "?經濟部科技專案國有財產使用收費作業要點", ""),
    ("Agency:經濟部產業發展署", "J0000091", "2"),  # 依據本署組織法第二條規定
]:
    _add(subject, statute, article, "direct", "法令依據")

# 補助經費分析表 (p. 78) and 捐助經費分析表 (pp. 80-96): the 依據「…」 of each row
INNOVATION = "J0030115"  # 經濟部協助產業創新活動補助獎勵及輔導辦法
REVIEW_RULES = "?經濟部產業發展署補(捐)助民間團體推動產業發展活動審核要點"
QUALITY_AWARD = "?國家品質獎實施要點"
grant_rows: list[tuple[str, str]] = [
    ("Subsidy:5726102000/01", "G0320018"),  # 中央對直轄市及縣(市)政府補助辦法
    ("Subsidy:5726102000/02", "G0320018"),
    ("Donation:5726102000/02", REVIEW_RULES),  # printed 補捐助 here, 補(捐)助 in row 37
    *[(f"Donation:5226102200/{n:02d}", INNOVATION) for n in [*range(3, 11), *range(12, 33)]],
    ("Donation:5226102200/11", "J0030092"),  # 經濟部協助產業永續發展補助及輔導辦法 …
    ("Donation:5226102200/11", INNOVATION),  # … 及「經濟部協助產業創新活動補助獎勵及輔導辦法」
    ("Donation:5226102200/33", "J0040056"),  # 經濟部推動研究機構進行產業創新及研究發展補助辦法
    ("Donation:5226102200/34", "J0040056"),
    ("Donation:5226102200/35", "J0040057"),  # 經濟部推動學術機構進行產業創新及研究發展補助辦法
    ("Donation:5226102200/36", "J0040056"),
    ("Donation:5226102200/37", REVIEW_RULES),
    ("Donation:5226102200/39", INNOVATION),
    ("Donation:5226102200/40", INNOVATION),
    ("Donation:5226102200/41", QUALITY_AWARD),
    ("Donation:5726102000/43", "?獎勵民眾檢舉違章爆竹煙火業實施要點"),
    ("Donation:5226102200/44", INNOVATION),
    ("Donation:5226102200/45", INNOVATION),
    ("Donation:5226102200/46", INNOVATION),
    ("Donation:5226102200/47", QUALITY_AWARD),
]
for subject, statute in grant_rows:
    _add(subject, statute, "", "direct", "依據「」")

# 立法院決議、附帶決議及注意事項辦理情形報告表 (pp. 143-155): content and 辦理情形
BUDGET_ACT = "T0020001"
FACTORY_ACT = "J0030043"  # 工廠管理輔導法 (also 工輔法)
for subject, statute, article, relation in [
    ("Resolution~並應依預算法第62條之1", BUDGET_ACT, "62-1", "direct"),
    ("Resolution~並應依預算法第62條之1", BUDGET_ACT, "95", "direct"),
    (
        "Resolution~依中央對直轄市與縣(市)政府計畫及預算考核要點規定",
        "?中央對直轄市與縣(市)政府計畫及預算考核要點",
        "",
        "direct",
    ),
    ("Resolution~依中央對直轄市與縣(市)政府計畫及預算考核要點規定", "G0320018", "15", "direct"),
    *[("Resolution~依據預算法第34條", BUDGET_ACT, a, "direct") for a in ("34", "37", "39", "43", "49")],
    ("Resolution~有鑑於經濟部組織法修正", "J0000001", "", "mention"),  # 經濟部組織法
    ("Resolution~有鑑於經濟部組織法修正", "A0030343", "", "mention"),  # 疫後…特別條例預算資源
    ("Resolution~有鑑於經濟部組織法修正", "J0040051", "10-2", "mention"),  # 修正公布產業創新條例第10條之2
    ("Resolution~三度修正「工廠管理輔導法」", FACTORY_ACT, "", "mention"),
    (
        "Resolution~三度修正「工廠管理輔導法」",
        FACTORY_ACT,
        "28-5",
        "direct",
    ),  # …第28條之5及「特定…」第2與第8條規定
    ("Resolution~三度修正「工廠管理輔導法」", "J0030152", "2", "direct"),  # 特定工廠登記辦法
    ("Resolution~三度修正「工廠管理輔導法」", "J0030152", "8", "direct"),
    ("Resolution~在現行消防法規範下", "D0120001", "", "mention"),
    ("Resolution~也依據疫後強化經濟", "A0030343", "", "direct"),
    ("Resolution~依據「工廠管理輔導法」，未登記工廠之中央主管機關", FACTORY_ACT, "", "direct"),
    (
        "Resolution~據審計部110年度中央政府總決算審核報告",
        FACTORY_ACT,
        "",
        "mention",
    ),  # 非屬工廠管理輔導法範疇
    ("Resolution~據「工廠管理輔導法」第28條之1規定", FACTORY_ACT, "28-1", "direct"),
    ("Resolution~據「工廠管理輔導法」第28條之1規定", FACTORY_ACT, "30", "direct"),
    ("Resolution~據「工廠管理輔導法」第28條之1規定", FACTORY_ACT, "35", "direct"),  # 依同法第35條
]:
    _add(subject, statute, article, relation, "決議")

# Narratives (施政重點, 計畫實施成果, 工作計畫, 分支計畫說明) naming statutes
BIOTECH_ACT = "J0040046"  # 生技醫藥產業發展條例 (also 生技條例)
for subject, statute, relation in [
    ("PolicyPriority~配合生技條例相關授權辦法之發布", BIOTECH_ACT, "mention"),
    (
        "PastPerformance~推動「無人載具創新實驗條例」",
        "?無人載具創新實驗條例",
        "mention",
    ),  # index: 無人載具科技創新實驗條例
    ("PastPerformance~推動「無人載具創新實驗條例」", BIOTECH_ACT, "mention"),
    ("PastPerformance~推動「生技醫藥產業發展條例」", BIOTECH_ACT, "mention"),
    ("WorkPlan:5726102000", "G0350001", "direct"),  # 依關稅法、海關進口稅則、貨物稅條例、產業創新條例…核發
    ("WorkPlan:5726102000", "G0350051", "direct"),
    ("WorkPlan:5726102000", "G0340076", "direct"),
    ("WorkPlan:5726102000", "J0040051", "direct"),
    ("BranchPlan:5226102200/02", FACTORY_ACT, "mention"),  # 係架構於工廠管理輔導法所賦予之…任務
    ("Project:5226102200/02/37", FACTORY_ACT, "mention"),
]:
    _add(subject, statute, "", relation, "敘述")

# 「」 names in the book that are programmes or plans, never statutes
PROGRAMME_NAMES = [
    "晶片驅動臺灣產業創新",
    "亞灣2.0—智慧科技創新園區推動方案",
    "六大核心戰略產業推動方案及5+2產業創新計畫",
    "工業技術升級輔導",
    "驅動國內IC設計業者先進發展補助計畫",
    "輔導既存工廠自設滅火設備及替代設施指導原則",
]


# ---------------------------------------------------------------- scoring against the table


@dataclass(frozen=True)
class Score:
    name: str
    gold: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    def line(self) -> str:
        return (
            f"{self.name:<12} gold {self.gold:>3}  found {self.predicted:>3}  correct {self.correct:>3}  "
            f"precision {self.precision:.3f}  recall {self.recall:.3f}"
        )


def _record_text(record: Record) -> str:
    return repair("\n".join(text for _, text, _ in cited_fields(record)))


def subject_spec(record: Record, specs: set[str]) -> str:
    """The gold subject naming this record, else its own record key (an unexpected subject)."""
    key = record_key(record)
    for spec in specs:
        if "~" in spec:
            kind, snippet = spec.split("~", 1)
            if record.type == kind and snippet in _record_text(record):
                return spec
        elif key == spec or key.startswith(spec + "/"):
            return spec
    return key


def statute_spec(link: LegalLink) -> str:
    return link.statute.pcode or "?" + statute_key(link.statute.name)


def _gold_statute(statute: str) -> str:
    return statute if not statute.startswith("?") else "?" + statute_key(statute[1:])


def score(records: Sequence[Record], links: Sequence[LegalLink]) -> list[Score]:
    """Precision and recall of (subject, statute, article) pairs, overall, per category and by relation.

    Inferred links are not in the table (they are derived, not read); direct and mention links are.
    """
    specs = {row[0] for row in GOLD}
    by_key = {record_key(r): r for r in records}
    predicted: dict[tuple[str, str, str], str] = {}
    for link in links:
        if link.relation == "inferred" or link.subject not in by_key:
            continue
        predicted.setdefault(
            (subject_spec(by_key[link.subject], specs), statute_spec(link), link.article), link.relation
        )
    gold = {(s, _gold_statute(t), a): (rel, cat) for s, t, a, rel, cat in GOLD}
    scores = [_score("all", set(gold), set(predicted))]
    spec_category = {s: cat for s, _, _, _, cat in GOLD}
    for category in ("法令依據", "依據「」", "決議", "敘述"):
        mine = {k for k, (_, cat) in gold.items() if cat == category}
        theirs = {k for k in predicted if spec_category.get(k[0]) == category}
        scores.append(_score(category, mine, theirs))
    direct_gold = {k for k, (rel, _) in gold.items() if rel == "direct"}
    direct_found = {k for k, rel in predicted.items() if rel == "direct"}
    scores.append(_score("direct only", direct_gold, direct_found))
    return scores


def _score(name: str, gold: set[tuple[str, str, str]], found: set[tuple[str, str, str]]) -> Score:
    return Score(name, len(gold), len(found), len(gold & found))


def misses(
    records: Sequence[Record], links: Sequence[LegalLink]
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(gold rows not found, found rows not in gold) for reading a failure."""
    specs = {row[0] for row in GOLD}
    by_key = {record_key(r): r for r in records}
    found = {
        (subject_spec(by_key[link.subject], specs), statute_spec(link), link.article)
        for link in links
        if link.relation != "inferred" and link.subject in by_key
    }
    gold = {(s, _gold_statute(t), a) for s, t, a, _, _ in GOLD}
    return sorted(gold - found), sorted(found - gold)
