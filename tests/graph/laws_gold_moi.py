"""Hand-built table of statute citations in the 內政部 114 PDF (/work/shared/fixtures/moi-114-unit-budget.pdf):
the out-of-sample gold of law linking.

Built by reading the pages (pdftotext -layout, page by page), not from the program: every 二、法令依據 of
歲入項目說明提要表 (PDF pp. 62-73, printed (0801)-053 … -064) and the 捐助內容 that cite a statute in
捐助經費分析表 (pp. 165, 171-173). Same row shape as tests/graph/laws_gold.py:
(subject, statute, article, relation, category); statute is the 全國法規資料庫 pcode (looked up by the
name printed) or "?name" for a rule the corpus does not hold.

Left out on purpose: 依契約規定 (0408010301), ministry letters (財政部…號函) and committee resolutions
(行政院國家資產經營管理委員會第17次會議決議, 中央聯合辦公大樓南棟管理小組…委員會議決議), and 宿舍管理手冊第9點
(a manual, not a rule with a statute's name).
The book cites 不動產成交案件實際資訊申報登錄及查詢收費辦法 by its former name: since 2021-05-04 it is
不動產成交案件實際資訊申報登錄及預售屋銷售資訊備查辦法 (D0060118, 沿革), so the gold statute is D0060118.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.laws.links import LegalLink
from graph.laws.normalise import statute_key
from ingest.records import Record, record_key
from tests.graph.laws_gold import Score, statute_spec, subject_spec

MOI_PDF = "moi-114-unit-budget.pdf"

GOLD: list[tuple[str, str, str, str, str]] = []


def _add(
    subject: str, statute: str, article: str = "", relation: str = "direct", category: str = "法令依據"
) -> None:
    GOLD.append((subject, statute, article, relation, category))


FEES_ACT = "G0340107"  # 規費法
SURVEY_FEES = "D0060087"  # 內政部國土測繪中心規費收費標準
SURVEY_DATA_FEES = "D0060114"  # 國土測繪成果資料收費標準
SURVEY_LICENCE_FEES = "D0060094"  # 測繪業許可登記及地籍測量專業資格認可收費標準
STATE_PROPERTY_ACT = "G0370001"  # 國有財產法

for subject, statute, article in [
    # p.63 (0801)-054, 0508010101 審查費
    (
        "RevenueExplanation:0508010101",
        "D0060121",
        "",
    ),  # 在中華民國大陸礁層舖設維護變更海底電纜或管道審查收費標準
    ("RevenueExplanation:0508010101", SURVEY_LICENCE_FEES, "2"),
    ("RevenueExplanation:0508010101", "D0060083", "13"),  # 地政士專業訓練機關(構)學校團體認可辦法第13條
    ("RevenueExplanation:0508010101", "D0060070", "16"),  # 不動產經紀人專業訓練機構團體認可辦法第16條
    ("RevenueExplanation:0508010101", "D0060074", "17"),  # 不動產經紀營業員專業訓練機構團體認可辦法第17條
    ("RevenueExplanation:0508010101", SURVEY_FEES, ""),
    ("RevenueExplanation:0508010101", FEES_ACT, "7"),
    # p.65 (0801)-056, 0508010102 證照費
    ("RevenueExplanation:0508010102", "D0020040", "45"),  # 殯葬管理條例第45條
    ("RevenueExplanation:0508010102", "D0020075", ""),  # 禮儀師證書費收費標準
    ("RevenueExplanation:0508010102", "D0030024", ""),  # 國籍規費收費標準
    ("RevenueExplanation:0508010102", "D0060120", "2"),  # 不動產估價師證書及開業證書收費標準第2條
    ("RevenueExplanation:0508010102", SURVEY_LICENCE_FEES, "3"),
    ("RevenueExplanation:0508010102", "D0060086", "2"),  # 地政士證照費收費標準第2條
    ("RevenueExplanation:0508010102", "D0060091", "2"),  # 不動產經紀營業員登錄及證明收費標準第2條
    ("RevenueExplanation:0508010102", "D0060130", "24"),  # 租賃住宅管理人員訓練發證及收費辦法第24條
    ("RevenueExplanation:0508010102", FEES_ACT, "7"),
    # p.67 (0801)-058, 0508010303 資料使用費
    ("RevenueExplanation:0508010303", "D0030006", "69"),  # 戶籍法第69條
    (
        "RevenueExplanation:0508010303",
        "D0060118",
        "16",
    ),  # 不動產成交案件實際資訊申報登錄及查詢收費辦法第16條 (former name)
    ("RevenueExplanation:0508010303", "D0010054", "3"),  # 內政部及所屬機關提供政府資訊收費標準第3條
    ("RevenueExplanation:0508010303", SURVEY_FEES, ""),
    ("RevenueExplanation:0508010303", "?內政部國土測繪中心測繪成果電子資料流通作業要點", ""),
    ("RevenueExplanation:0508010303", SURVEY_DATA_FEES, ""),
    ("RevenueExplanation:0508010303", "D0060111", ""),  # 測繪成果申請使用辦法
    ("RevenueExplanation:0508010303", FEES_ACT, "8"),
    # p.68 (0801)-059, 0508010307 服務費
    ("RevenueExplanation:0508010307", "D0060053", "190"),  # 地籍測量實施規則第190條
    ("RevenueExplanation:0508010307", "A0030055", "19"),  # 行政程序法第19條
    ("RevenueExplanation:0508010307", "B0010001", "338"),  # 依民事訴訟法第338條規定
    ("RevenueExplanation:0508010307", "?內政部國土測繪中心電子化全球衛星即時動態定位系統服務供應要點", ""),
    ("RevenueExplanation:0508010307", FEES_ACT, "8"),
    ("RevenueExplanation:0508010307", SURVEY_FEES, ""),
    ("RevenueExplanation:0508010307", SURVEY_DATA_FEES, ""),
    # p.69 (0801)-060, 0708010101 利息收入
    ("RevenueExplanation:0708010101", "T0020006", "19"),  # 中央政府特種基金管理準則第19條
    (
        "RevenueExplanation:0708010101",
        "?內政部補助財團法人威權統治時期國家不法行為被害者權利回復基金會經費作業注意事項",
        "6",
    ),
    # pp.70-72 (0801)-061 … -063
    ("RevenueExplanation:0708010102", STATE_PROPERTY_ACT, "7"),
    ("RevenueExplanation:0708010103", STATE_PROPERTY_ACT, "28"),
    ("RevenueExplanation:0708010103", "?國有公用不動產收益原則", ""),
    ("RevenueExplanation:0708010500", STATE_PROPERTY_ACT, "7"),
    # p.73 (0801)-064, 1208010210 其他雜項收入
    ("RevenueExplanation:1208010210", "?全國軍公教員工待遇支給要點", "4"),
    ("RevenueExplanation:1208010210", "?黎明辦公區單房間職務宿舍收費標準", "3"),
    ("RevenueExplanation:1208010210", "D0060058", "26"),  # 土地徵收條例第26條
    ("RevenueExplanation:1208010210", "D0060060", "5"),  # 土地徵收未受領補償費保管辦法第5條
]:
    _add(subject, statute, article)

# 捐助經費分析表: 依政黨法第22條規定編列政黨補助金 (p.165); 依「替代役役男權利實施辦法」與「替代役役男死亡傷病
# 及其家庭災害慰勞實施規定」辦理之兵役慰勞慰問金 (pp.171/173, the row runs onto the next spread)
_add("Donation~依政黨法第22條規定", "D0020078", "22", category="依據「」")
_add("Donation~替代役役男死亡暨傷病", "D0040024", "", category="依據「」")
_add("Donation~替代役役男死亡暨傷病", "?替代役役男死亡傷病及其家庭災害慰勞實施規定", "", category="依據「」")


def _gold_statute(statute: str) -> str:
    return statute if not statute.startswith("?") else "?" + statute_key(statute[1:])


def found_pairs(records: Sequence[Record], links: Sequence[LegalLink]) -> set[tuple[str, str, str]]:
    """(subject spec, statute, article) of every non-inferred link of a record the table covers."""
    specs = {row[0] for row in GOLD}
    by_key = {record_key(r): r for r in records}
    found = set()
    for link in links:
        if link.relation == "inferred" or link.subject not in by_key:
            continue
        spec = subject_spec(by_key[link.subject], specs)
        if spec in specs:  # precision over the records read for the table, not the whole book
            found.add((spec, statute_spec(link), link.article))
    return found


def score(records: Sequence[Record], links: Sequence[LegalLink]) -> list[Score]:
    gold = {(s, _gold_statute(t), a): cat for s, t, a, _rel, cat in GOLD}
    found = found_pairs(records, links)
    scores = [Score("all", len(gold), len(found), len(set(gold) & found))]
    categories = {s: cat for s, _t, _a, _r, cat in GOLD}
    for category in ("法令依據", "依據「」"):
        mine = {k for k, cat in gold.items() if cat == category}
        theirs = {k for k in found if categories.get(k[0]) == category}
        scores.append(Score(category, len(mine), len(theirs), len(mine & theirs)))
    return scores


def misses(
    records: Sequence[Record], links: Sequence[LegalLink]
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    gold = {(s, _gold_statute(t), a) for s, t, a, _r, _c in GOLD}
    found = found_pairs(records, links)
    return sorted(gold - found), sorted(found - gold)
