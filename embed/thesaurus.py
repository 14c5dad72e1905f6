"""Topic words and the narrower terms budget books print for them (a small SKOS-style thesaurus).

A reader types the topic (半導體); the book names the programme by a narrower term (驅動國內IC設計業者先進發展
補助計畫, 晶片驅動臺灣產業創新方案). The book itself groups them: its 施政重點 「半導體產業」 and 上年度
施政績效 「推動半導體產業」 sections list IC 設計, 晶片 and 封裝 programmes under the heading. BM25 on
characters cannot know that IC is semiconductor, and the 384-d embedding of a three-character
query is too blunt to lift one programme over dozens of passages that say 半導體 once.

Only a query word that is a topic widens (半導體, 半導體產業), not a longer phrase containing one
(半導體人才延攬 asks about talent, not every chip programme).
Each entry is `topic → narrower or equivalent terms` (skos:narrower / skos:altLabel), chosen from
how Taiwan's budget books and 施政計畫 name things, never from search results. Expansion is one way
(topic → narrower): a query for IC設計 does not widen to every 半導體 programme. Expanded terms weigh
`EXPANSION_WEIGHT` of the typed words in keyword scoring and name matching. To add a topic, add a
line here with the book's terms; tests/embed/test_search_ranks_entities.py pins the behaviour.
"""

from __future__ import annotations

import re

from embed.keyword import normalise, to_traditional

EXPANSION_WEIGHT = 0.6

NARROWER: dict[str, tuple[str, ...]] = {
    # 五大信賴產業 (半導體、人工智慧、軍工、安控、次世代通訊) and the 5+2 / 六大核心戰略產業 headings
    "半導體": ("IC", "晶片", "晶圓", "封裝", "積體電路"),
    "晶片": ("IC",),
    "人工智慧": ("AI",),
    "軍工": ("國防", "軍用", "軍機", "軍艦", "無人機"),
    "國防": ("軍用", "軍機", "軍艦", "國防部"),
    "無人機": ("無人載具", "UAV", "空拍機"),
    "通訊": ("5G", "6G", "行動通訊"),
    "電動車": ("電動機車", "電動車輛", "電動大客車", "電動巴士"),
    "再生能源": ("綠能", "太陽光電", "太陽能", "離岸風電", "風力發電"),
    "綠能": ("太陽光電", "太陽能", "離岸風電", "風力發電", "再生能源"),
    "淨零": ("碳中和", "減碳", "低碳", "溫室氣體", "淨零排放"),
    "生技": ("生醫", "醫藥", "製藥", "醫療器材", "精準健康"),
    "循環經濟": ("資源循環", "再利用", "廢棄物"),
    "智慧機械": ("工具機", "智慧製造"),
    "地方政府": ("直轄市", "縣市政府", "縣(市)政府", "鄉鎮市公所"),
    "違章工廠": ("未登記工廠", "特定工廠"),
    "人才": ("攬才", "人才培育", "延攬"),
    "高齡": ("銀髮", "銀光", "長照"),
}


def _key(term: str) -> str:
    return normalise(to_traditional(term)).replace(" ", "")


_NARROWER = {_key(topic): tuple(_key(t) for t in terms) for topic, terms in NARROWER.items()}


# Generic words a topic is typed with (半導體產業, 無人機相關計畫): the term is still the topic.
GENERIC = re.compile(r"^(?:相關)?(.+?)(?:產業|相關|計畫|預算|經費|補助|政策|發展|業者|推動)*$")


def expansions(terms: list[str]) -> list[str]:
    """Narrower terms of the query's topic words (normalised), in the thesaurus's order.

    Only a term that *is* a topic (give or take generic words) widens: 半導體, 半導體產業; a phrase
    that merely contains one (半導體人才延攬) is a specific question and keeps its own words."""
    found: list[str] = []
    for term in terms:
        key = _key(term)
        match = GENERIC.match(key)
        topic = match.group(1) if match else key
        for narrower in (_NARROWER.get(topic), _NARROWER.get(key)):
            found.extend(t for t in narrower or () if t not in key and t not in found)
    return found
