"""The 辦理情形報告表 of the 內政部 114 PDF (printed pp.199–287): one Resolution per printed 項次.

Golden values are read off the printed pages (`pdftotext -layout -f 208 -l 296`): the 項次 in the
項次 column (x ≈ 62 pt) under each sub-heading of the 內容 column, where resolutions start, the
combined freezes (併案凍結) and the letters cited in 辦理情形.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.amounts import find_narrative_amounts
from ingest.parsers._resolution_text import item_number
from ingest.parsers.legislative_resolutions import LegislativeResolutionsParser
from ingest.reconcile import reconcile
from ingest.records import OfficialLetter, Record, Resolution, records_of
from tests.ingest.pdf_pages import records_from_pages

GENERAL = "通案決議"
MINISTRY = "內政部部分"
BUDGET_OFFICE = "主計總處部分"
# PDF pages 208–296 (1-based) print pp.199–287; the divider and blank pages around them are left out.
FIRST_PAGE, STOP_PAGE = 207, 296


@pytest.fixture(scope="module")
def records(moi_pdf: Path) -> list[Record]:
    return records_from_pages(moi_pdf, FIRST_PAGE, STOP_PAGE, LegislativeResolutionsParser())


@pytest.fixture(scope="module")
def resolutions(records: list[Record]) -> list[Resolution]:
    return records_of(records, Resolution)


def one(resolutions: list[Resolution], section: str, item: str) -> Resolution:
    (found,) = [r for r in resolutions if r.section == section and r.item == item]
    return found


def test_every_printed_item_is_one_resolution(resolutions: list[Resolution]) -> None:
    # 一、總預算案部分 通案決議 (一)…(二十二) pp.199–223; 二、新增通過決議 內政部部分 (一)…(七十五)
    # pp.223–286; 主計總處部分 keeps that list's numbering: (四十六) alone on p.287
    assert Counter(r.section for r in resolutions) == {GENERAL: 22, MINISTRY: 75, BUDGET_OFFICE: 1}
    assert [item_number(r.item) for r in resolutions if r.section == GENERAL] == list(range(1, 23))
    assert [item_number(r.item) for r in resolutions if r.section == MINISTRY] == list(range(1, 76))
    assert [r.item for r in resolutions][20:24] == ["(二十一)", "(二十二)", "(一)", "(二)"]
    assert [r.sequence for r in resolutions] == list(range(1, 99))
    paths = {r.section: r.provenance.section.split(" > ")[1:] for r in resolutions}
    assert paths[GENERAL] == ["一、總預算案部分", GENERAL]
    assert paths[MINISTRY] == ["二、新增通過決議", MINISTRY]
    assert paths[BUDGET_OFFICE] == ["二、新增通過決議", BUDGET_OFFICE]


def test_items_start_where_printed(resolutions: list[Resolution]) -> None:
    second = one(resolutions, GENERAL, "(二)")  # p.209 rules its columns in two pieces down the page
    assert (second.provenance.page, second.response) == (209, "非本部業務。")
    assert second.content.startswith("113年度中央政府總預算歲出編列2兆\n8,818億元")
    assert second.content.endswith("適當支持勞工保險基金。")
    third = one(resolutions, GENERAL, "(三)")
    assert (third.provenance.page, third.content[:20]) == (210, "數位發展部提出4年期(113至116年)")
    assert third.response == "將配合數位發展部作業,遵照辦理。"
    eggs = one(resolutions, GENERAL, "(二十二)")
    assert (eggs.provenance.page, eggs.content[:18]) == (223, "查112年引爆進口蛋驗出禁用抗生素、")
    # (五) and (四) open with the same words on the same page and stay apart
    assert one(resolutions, GENERAL, "(五)").provenance.page == 211
    assert one(resolutions, GENERAL, "(四)").provenance.page == 211


def test_a_sub_heading_beside_running_text_opens_its_own_section(resolutions: list[Resolution]) -> None:
    # p.287: 主計總處部分： prints in the 內容 column while the 辦理情形 of (七十五) still runs on
    last = one(resolutions, MINISTRY, "(七十五)")
    assert "主計總處" not in last.content
    assert last.content.endswith("向立法\n院內政委員會提出書面報告。")
    assert "加深民眾\n對戶政業務之信賴與安全感。\n二、本計畫內相關服務" in last.response  # p.287
    assert last.response.endswith("人資料管理系統ISO 27701。")
    office = one(resolutions, BUDGET_OFFICE, "(四十六)")
    assert (office.provenance.page, office.response) == (287, "將配合行政院主計總處作業,遵照辦\n理。")
    assert office.content.startswith("113年度行政院主計總處預算案於「一\n般行政」編列8億9,313萬9千元")


def test_a_combined_freeze_states_its_amount_once(resolutions: list[Resolution]) -> None:
    # p.223: (一) 「一般行政」編列17億1,993萬4千元,爰就下列各案併案凍結100萬元; its ten sub-cases
    # (1.…10., pp.224–229) each say only 爰凍結該項預算 and add nothing
    combined = one(resolutions, MINISTRY, "(一)")
    assert combined.frozen_amount is not None
    assert (combined.frozen_amount.printed, combined.frozen_amount.value_ntd) == (
        "100萬元",
        Decimal(1_000_000),
    )
    assert "凍結" in combined.kinds
    flat = combined.content.replace("\n", "")
    # sub-case 8. freezes nothing; 9. and 10. word it 凍結該項預算 without 爰
    assert (flat.count("爰凍結該項預算"), flat.count("凍結該項預算")) == (7, 9)
    assert [f"{n}.113年度內政部單位預算第1目" in flat for n in range(1, 11)] == [True] * 10
    budget = find_narrative_amounts(flat)[0][2]
    assert (budget.printed, budget.value_ntd) == ("17億1,993萬4千元", Decimal(1_719_934_000))
    # p.234: (三) 「地政業務」編列6億1,559萬7千元,爰就下列各案併案凍結50萬元
    land = one(resolutions, MINISTRY, "(三)")
    assert land.frozen_amount is not None and land.frozen_amount.value_ntd == Decimal(500_000)


def test_a_freeze_beside_a_budget_in_yi_and_wan(resolutions: list[Resolution]) -> None:
    # p.253: (二十八) 內政資訊業務編列6億9,190萬7千元 … 凍結該項預算200萬元
    it = one(resolutions, MINISTRY, "(二十八)")
    assert it.frozen_amount is not None
    assert (it.frozen_amount.printed, it.frozen_amount.value_ntd) == ("200萬元", Decimal(2_000_000))
    budget = find_narrative_amounts(it.content.replace("\n", ""))[0][2]
    assert (budget.printed, budget.value_ntd) == ("6億9,190萬7千元", Decimal(691_907_000))


def test_letters_cited_in_the_responses(records: list[Record], resolutions: list[Resolution]) -> None:
    # p.223: 本部業於113年2月16日以台內秘字第1130300867號函 … 該院於113年5月22日以台立院議字
    # 第1130701853號函復本部得以動支
    combined = one(resolutions, MINISTRY, "(一)")
    cited = {letter.number: letter for letter in combined.letters}
    sent = cited["台內秘字第1130300867號"]
    assert (sent.roc_date, sent.date, sent.issuer, sent.provenance.page) == (
        "113年2月16日",
        "2024-02-16",
        "內政部",
        223,
    )
    answer = cited["台立院議字第1130701853號"]
    assert (answer.roc_date, answer.date, answer.issuer) == ("113年5月22日", "2024-05-22", "立法院")
    # the same 立法院 letter answers the freezes (二) and (三): one record, cited three times
    letters = records_of(records, OfficialLetter)
    assert sum(1 for letter in letters if letter.number == answer.number) == 1
    assert answer in one(resolutions, MINISTRY, "(三)").letters
    # p.218: (十三) 本部業於113年4月19日以台內警字第1130878350號函將書面報告函送立法院
    (fraud,) = one(resolutions, GENERAL, "(十三)").letters
    assert (fraud.roc_date, fraud.number, fraud.provenance.page) == (
        "113年4月19日",
        "台內警字第1130878350號",
        218,
    )
    assert one(resolutions, GENERAL, "(二)").letters == ()  # 非本部業務。


def test_resolution_checks_pass_or_are_explained(records: list[Record]) -> None:
    checks = [c for c in reconcile("moi", records).checks if c.family == "resolutions"]
    assert [(c.name, c.location) for c in checks if c.status == "fail"] == []
    explained = [c for c in checks if c.status == "explained"]
    # (四十六) alone under 主計總處部分: the book lists only what concerns the 內政部
    assert [(c.location, c.note.split(";")[0]) for c in explained] == [
        ("決議辦理情形報告表 主計總處部分", "1 items, 項次 (四十六)…(四十六)")
    ]


def test_a_column_ruling_drawn_in_pieces_still_parts_the_columns() -> None:
    # p.209 draws each column rule as two pieces meeting at y = 588.5, neither crossing 70% of the
    # body band: together they rule the columns
    from ingest.readers.pdf_pages import Glyph
    from ingest.readers.pdf_tables import Ruling, table_regions

    def text(chars: str, x: float, top: float) -> list[Glyph]:
        return [Glyph(c, x + 10 * i, x + 10 * i + 10, top, top + 10, 10) for i, c in enumerate(chars)]

    rulings = [Ruling(False, 56, 537, 155, 155), Ruling(False, 56, 537, 786, 786)]
    for x in (56.6, 119.1, 331.8, 537.4):
        rulings += [Ruling(True, x, x, 155, 588.5), Ruling(True, x, x, 588.5, 786)]
    glyphs = text("(二)", 62, 200) + text("歲出編列", 124.5, 200) + text("非本部業務。", 337, 200)
    glyphs += text("成長幅度", 124.5, 215)
    (region,) = table_regions(glyphs, rulings)
    assert region.block.rows == [["(二)", "歲出編列\n成長幅度", "非本部業務。"]]
