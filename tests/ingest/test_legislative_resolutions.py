"""立法院審議…決議、附帶決議及注意事項辦理情形報告表: every resolution read whole, as printed.

Golden values are read off the sample book's pages 143–154 (中華民國 113 年度): the 項次 under each
heading, the text where each starts and where it runs on to the next page, the frozen amounts and
the letters cited in 辦理情形.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from ingest.book import ParsedBook
from ingest.checks.resolutions import (
    freezes_state_their_amount,
    items_run_without_gaps,
    letters_have_dates,
    sequence_is_contiguous,
)
from ingest.document import Block, Page
from ingest.parsers.base import BookContext
from ingest.parsers.legislative_resolutions import LegislativeResolutionsParser
from ingest.records import OfficialLetter, Provenance, Record, Resolution, records_of
from ingest.sections import Section

GENERAL = "壹、通案決議部分"
BUDGET_OFFICE = "歲出部分第2款第2項主計總處"
MINISTRY = "歲出部分第13款第1項經濟部"
AGENCY = "歲出部分第13款第2項產業發展署"

# 項次 as printed under each heading (the report keeps only what concerns the agency, hence the gaps).
PRINTED_ITEMS = {
    GENERAL: ["一", "三", "四", "五", "七", "八"],
    BUDGET_OFFICE: ["一"],
    MINISTRY: ["四", "十一", "十七", "十八", "二十四", "三十一", "三十二", "六十", "六十九", "七十七"],
    AGENCY: ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"],
}


@pytest.fixture(scope="module")
def resolutions(sample_book: ParsedBook) -> list[Resolution]:
    return records_of(sample_book.records, Resolution)


@pytest.fixture(scope="module")
def letters(sample_book: ParsedBook) -> list[OfficialLetter]:
    return [
        r for r in records_of(sample_book.records, OfficialLetter) if "立法院審議" in r.provenance.section
    ]


def one(resolutions: list[Resolution], section: str, item: str) -> Resolution:
    (found,) = [r for r in resolutions if r.section == section and r.item == item]
    return found


def test_every_heading_holds_the_items_it_prints(resolutions: list[Resolution]) -> None:
    assert Counter(r.section for r in resolutions) == {GENERAL: 6, BUDGET_OFFICE: 1, MINISTRY: 10, AGENCY: 11}
    for section, items in PRINTED_ITEMS.items():
        assert [r.item for r in resolutions if r.section == section] == items
    assert [r.sequence for r in resolutions] == list(range(1, 29))
    assert {r.roc_year for r in resolutions} == {113}
    assert {r.resolution_type for r in resolutions} == {"決議"}


def test_headings_path_keeps_the_committee(resolutions: list[Resolution]) -> None:
    section = one(resolutions, MINISTRY, "四").provenance.section
    assert section.endswith("貳、各組審查決議部分 > 經濟委員會審議結果 > 歲出部分第13款第1項經濟部")


def test_item_glued_to_the_text_on_the_merged_first_page_is_split(resolutions: list[Resolution]) -> None:
    first = one(resolutions, GENERAL, "一")

    assert first.sequence == 1
    assert first.provenance.page == 143
    assert first.content.startswith("113 年度中央政府總預算案針對各機關及所屬統刪項目如下")
    assert first.content.endswith("其餘統刪 4%。")
    assert first.response == "遵照辦理。"
    assert "刪減" in first.kinds
    assert first.cut_amount is None  # 統刪 30% / 5% … are shares, not amounts


def test_text_running_on_to_the_next_page_joins_its_resolution(resolutions: list[Resolution]) -> None:
    election = one(resolutions, GENERAL, "三")
    assert election.content.startswith("113 年適逢總統大選")
    assert "除應詳述辦理方式及所需預算經費" in election.content  # 所需 | 預算經費 across pp. 143–144
    assert "預算法第 62 條之 1" in election.content
    assert "預算法第 95 條" in election.content
    assert "第 62 條之 1" not in one(resolutions, GENERAL, "四").content

    assert "國會要在 3 個月內，以十分有限的人力" in one(resolutions, GENERAL, "五").content

    fire_safety = one(resolutions, MINISTRY, "十八")
    assert fire_safety.content.endswith("並於 2 個月內將書面報告送交立法院經濟委員會。")
    assert "盼通知更多納管工廠善用本補助資源" in fire_safety.response

    shortages = one(resolutions, MINISTRY, "六十")
    assert "(2)協助勞動部推動移工留才久用方案" in shortages.response  # p. 150, a row with only 辦理情形

    security = one(resolutions, AGENCY, "十一")
    assert "經濟部產業發展署應加強自身資訊安全" in security.content  # 經 | 濟部 across pp. 153–154
    assert security.response.endswith("核心資通系統定期進行安全性檢測。")


def test_frozen_budgets_and_their_printed_amounts(resolutions: list[Resolution]) -> None:
    frozen = {(r.section, r.item): r.frozen_amount for r in resolutions if "凍結" in r.kinds}

    assert set(frozen) == {(AGENCY, "一"), (AGENCY, "六")}
    # 凍結該預算 1,000 萬元 / 2,000 萬元 of 「工業技術升級輔導」 (編列 113 億 8,918 萬元)
    first, sixth = frozen[(AGENCY, "一")], frozen[(AGENCY, "六")]
    assert first is not None and (first.printed, first.unit, first.value_ntd) == (
        "1,000萬元",
        "萬元",
        10_000_000,
    )
    assert sixth is not None and (sixth.printed, sixth.value_ntd) == ("2,000萬元", Decimal(20_000_000))
    for key in frozen:
        resolution = one(resolutions, *key)
        assert "工業技術升級輔導" in resolution.concerns
        assert "報告" in resolution.kinds
    assert all(r.frozen_amount is None for r in resolutions if "凍結" not in r.kinds)


def test_concerns_are_the_plans_named(resolutions: list[Resolution]) -> None:
    assert one(resolutions, AGENCY, "三").concerns == (
        "驅動國內IC設計業者先進發展補助計畫",
        "半導體國際連結創新賦能計畫",
    )
    assert "策進產業躍升與永續發展環境" in one(resolutions, AGENCY, "十").concerns
    # statutes in 「」 are for the law linker, not plans
    assert "工廠管理輔導法" not in one(resolutions, AGENCY, "二").concerns


def test_deadlines_are_those_set_for_the_report(resolutions: list[Resolution]) -> None:
    # 十七 also quotes the law's "於 3 年內" for factories; the resolution's own limit is 1 個月內
    assert one(resolutions, MINISTRY, "十七").deadline == "1個月內"
    assert one(resolutions, MINISTRY, "二十四").deadline == "1個月內"
    assert one(resolutions, MINISTRY, "三十一").deadline == "每半年"
    assert one(resolutions, GENERAL, "七").deadline == "2個月內"
    assert one(resolutions, AGENCY, "六").deadline == ""


def test_letters_cited_in_the_responses(resolutions: list[Resolution], letters: list[OfficialLetter]) -> None:
    talent = one(resolutions, MINISTRY, "四")
    assert [(x.roc_date, x.date, x.number, x.issuer) for x in talent.letters] == [
        ("113年3月27日", "2024-03-27", "經授產字第11351004560號", "經濟部")
    ]
    release = [(x.date, x.number, x.issuer) for x in one(resolutions, AGENCY, "一").letters]
    assert release == [
        ("2024-01-30", "經授產字第11351001240號", "經濟部"),
        ("2024-05-22", "台立院議字第1130701848號", "立法院"),
    ]
    assert one(resolutions, MINISTRY, "六十").letters[0].number == "經授園字第11355301090號"
    assert one(resolutions, GENERAL, "一").letters == ()

    # 18 distinct 文號; the legislature's release letter is cited by 一 and 六 but recorded once
    numbers = [x.number for x in letters]
    assert len(numbers) == len(set(numbers)) == 18
    (reply,) = [x for x in letters if x.number == "台立院議字第1130701848號"]
    assert reply.provenance.page == 149
    assert reply in one(resolutions, AGENCY, "六").letters


def test_reconciliation_of_the_sample_report(sample_book: ParsedBook) -> None:
    checks = [c for c in sample_book.report.checks if c.family == "resolutions"]
    by_location = {(c.name, c.location): c for c in checks}

    assert by_location[("sequence 1..N", "決議辦理情形報告表")].status == "pass"
    general = by_location[("項次 without gaps", f"決議辦理情形報告表 {GENERAL}")]
    assert general.status == "explained"
    assert "二, 六" in general.note
    assert by_location[("項次 without gaps", f"決議辦理情形報告表 {AGENCY}")].status == "pass"
    assert [c.status for c in checks if c.name == "凍結 amount stated"] == ["pass", "pass"]
    assert not [c for c in checks if c.status == "fail"]


# ---------------------------------------------------------------- a PDF-shaped report (內政部 book)


def _page(number: int, rows: list[list[str]]) -> Page:
    header = [["決 議 、 附 帶 決 議 及 注 意 事 項", "", "辦 理 情 形"], ["項 次", "內 容", ""]]
    return Page(
        index=number,
        number=number,
        title="立法院審議",
        header=["內 政 部 彙 編", "中華民國 113 年度"],
        blocks=[Block(kind="table", rows=header + rows)],
    )


@pytest.fixture(scope="module")
def pdf_shaped() -> list[Record]:
    """Pages 223–224 and 287 of the 內政部 book (abridged) as a PDF reader gives them: one row per line,
    a two-row header, headings in the 內容 column, 項次 like (一), a 併案凍結 with sub-cases."""
    pages = [
        _page(
            223,
            [
                ["一、", "總預算案部分：", ""],
                ["", "通案決議", ""],
                ["(二十二)", "查112年引爆進口蛋驗出禁用抗生素、", "非本部業務。"],
                ["", "芬普尼等事件。", ""],
                ["二、", "新增通過決議", ""],
                ["", "內政部部分：", ""],
                ["(一)", "113年度內政部單位預算第1目「一般行", "本部業於 113 年 2 月 16 日以台內秘字"],
                ["", "政」編列17億1,993萬4千元，爰就下列", "第 1130300867 號函將書面報告函送"],
                ["", "各案併案凍結100萬元，俟內政部向立", "立法院，經立法院內政委員會 113 年"],
                ["", "法院內政委員會提出書面報告後，始得", "4 月 24 日決議審查通過，並經該院於"],
                ["", "動支。", "113 年 5 月 22 日以台立院議字第"],
            ],
        ),
        _page(
            224,
            [
                ["", "1.113年度內政部單位預算第1目「一般", "1130701853 號函復本部得以動支，茲"],
                ["", "行政」編列17億1,993萬4千元，爰凍結該項預算，", "摘述內容如下："],
            ],
        ),
        _page(
            287,
            [
                ["", "主計總處部分：", ""],
                ["(四十六)", "113年度行政院主計總處預算案於「一", "將配合行政院主計總處作業，遵照辦"],
                ["", "般行政」編列8億9,313萬9千元。", "理。"],
            ],
        ),
    ]
    section = Section(kind="legislative_resolutions", title="立法院審議", pages=pages)
    context = BookContext(document="moi-114-unit-budget.pdf", agency="內政部", roc_year=114)
    return LegislativeResolutionsParser().parse(section, context)


def test_pdf_shaped_report_headings_items_and_continuations(pdf_shaped: list[Record]) -> None:
    resolutions: list[Resolution] = records_of(pdf_shaped, Resolution)

    assert [(r.section, r.item) for r in resolutions] == [
        ("通案決議", "(二十二)"),
        ("內政部部分", "(一)"),
        ("主計總處部分", "(四十六)"),
    ]
    eggs, combined, budget_office = resolutions
    assert eggs.content == "查112年引爆進口蛋驗出禁用抗生素、芬普尼等事件。"
    assert budget_office.response == "將配合行政院主計總處作業，遵照辦理。"
    assert combined.provenance.section.endswith("二、新增通過決議 > 內政部部分")
    assert combined.roc_year == 113


def test_pdf_shaped_combined_freeze_amount_and_letters(pdf_shaped: list[Record]) -> None:
    combined = records_of(pdf_shaped, Resolution)[1]

    # 併案凍結100萬元, not the 17億1,993萬4千元 the item budgets
    assert combined.frozen_amount is not None
    assert combined.frozen_amount.value_ntd == Decimal(1_000_000)
    assert "爰凍結該項預算" in combined.content
    assert [(x.issuer, x.date, x.number) for x in combined.letters] == [
        ("內政部", "2024-02-16", "台內秘字第1130300867號"),
        ("立法院", "2024-05-22", "台立院議字第1130701853號"),  # 文號 runs on to the next page
    ]
    assert combined.letters[1].provenance.page == 223
    assert len(records_of(pdf_shaped, OfficialLetter)) == 2


def test_header_drawn_as_one_text_block_falls_back_to_the_three_printed_columns() -> None:
    # the PDF's first page: all header labels in one cell, two headings stacked in one 內容 cell
    page = Page(
        index=208,
        number=199,
        title="立法院審議",
        blocks=[
            Block(
                kind="table",
                rows=[
                    ["決 議 、 附 帶 決 議 及 注 意 事 項\n辦 理 情 形\n項 次 內 容", "", ""],
                    ["一、", "總預算案部分:\n通案決議", ""],
                    ["(一)", "113年度中央政府總預算案針對各機關\n及所屬統刪項目如下:", "遵照辦理。"],
                ],
            )
        ],
    )
    section = Section(kind="legislative_resolutions", title="立法院審議", pages=[page])

    records = LegislativeResolutionsParser().parse(section, BookContext("moi.pdf", "內政部", 114))

    (resolution,) = records_of(records, Resolution)
    assert (resolution.section, resolution.item, resolution.response) == ("通案決議", "(一)", "遵照辦理。")
    assert resolution.provenance.section == "立法院審議 > 一、總預算案部分 > 通案決議"
    assert resolution.roc_year == 113  # no year header: the report is on the year before the book's


# ---------------------------------------------------------------- the checks on crafted records


def _resolution(
    sequence: int, item: str, content: str = "遵照辦理。", section: str = "內政部部分"
) -> Resolution:
    provenance = Provenance(document="x", page=1, text=content, section=f"報告表 > {section}")
    kinds = ("凍結",) if "凍結" in content else ()
    return Resolution(
        provenance=provenance, section=section, item=item, sequence=sequence, content=content, kinds=kinds
    )


def test_items_going_backwards_fail_and_skips_are_explained() -> None:
    skipped = list(items_run_without_gaps([_resolution(1, "(一)"), _resolution(2, "(三)")]))
    backwards = list(items_run_without_gaps([_resolution(1, "二"), _resolution(2, "二")]))

    assert [c.status for c in skipped] == ["explained"]
    assert "book skips 項次 二 (" in skipped[0].note
    assert [c.status for c in backwards] == ["fail"]
    assert [c.status for c in sequence_is_contiguous([_resolution(1, "一"), _resolution(3, "二")])] == [
        "fail"
    ]


def test_a_freeze_without_amount_needs_the_books_reason() -> None:
    unexplained = _resolution(1, "一", "凍結「一般行政」預算，俟報告後始得動支。")
    sub_case = _resolution(2, "二", "1.爰凍結該項預算，俟內政部提出報告後，始得動支。")
    share = _resolution(3, "三", "凍結「一般行政」5%，俟報告後始得動支。")

    statuses = [c.status for c in freezes_state_their_amount([unexplained, sub_case, share])]

    assert statuses == ["fail", "explained", "explained"]


def test_a_letter_whose_date_does_not_exist_fails() -> None:
    provenance = Provenance(document="x", page=1, text="")
    good = OfficialLetter(
        provenance=provenance, roc_date="113年3月8日", date="2024-03-08", number="經字第1號"
    )
    bad = OfficialLetter(provenance=provenance, roc_date="113年2月30日", date="", number="經字第2號")

    assert [c.status for c in letters_have_dates([good, bad])] == ["pass", "fail"]
