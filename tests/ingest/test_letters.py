"""Official letters (函) found in prose: issuer, ROC date → ISO, 文號, exactly as the books print them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.letters import find_letters, issuer_of_number, roc_date_to_iso, self_issuers, to_official_letter
from ingest.parsers.base import BookContext
from ingest.parsers.legislative_resolutions import LegislativeResolutionsParser
from ingest.records import Provenance, Record, Resolution, records_of
from ingest.sections import split_sections

# 辦理情形 of 產業發展署 item 一, sample book p. 149, as the Markdown conversion prints it.
FROZEN_RELEASE = (
    "本部業於 113 年 1 月 30 日以經授產字第 11351001240 號函將書面報告函送立法院，經立法院經濟委員會 "
    "113 年 4 月 24 日處理完竣，並經該院於 113 年 5 月 22 日以台立院議字第 1130701848 號函復本部准予動支"
)


def test_letters_of_a_frozen_budget_release_are_the_report_and_the_legislatures_reply() -> None:
    letters = find_letters(FROZEN_RELEASE, agency="經濟部產業發展署")

    # the committee's 113年4月24日 meeting is a date without a 文號, not a letter
    assert [(x.roc_date, x.date, x.number) for x in letters] == [
        ("113年1月30日", "2024-01-30", "經授產字第11351001240號"),
        ("113年5月22日", "2024-05-22", "台立院議字第1130701848號"),
    ]
    # 本部 in 經濟部產業發展署's book is 經濟部; 該院 refers back to 立法院
    assert [x.issuer for x in letters] == ["經濟部", "立法院"]
    assert letters[0].span == "113 年 1 月 30 日以經授產字第 11351001240 號函"
    assert FROZEN_RELEASE[letters[1].start : letters[1].end] == letters[1].span


def test_issuer_named_before_the_date_and_number_without_以() -> None:
    text = "依行政院113年1月10日院臺環字第1121047045號函辦理，並以113年3月8日經產字第11304012340號函送立法院"

    letters = find_letters(text)

    assert [(x.issuer, x.date, x.number) for x in letters] == [
        ("行政院", "2024-01-10", "院臺環字第1121047045號"),
        ("經濟部", "2024-03-08", "經產字第11304012340號"),
    ]


def test_a_citation_wrapped_over_two_lines_of_a_pdf_cell_is_one_letter() -> None:
    # 內政部 book p. 223: the 文號 breaks between 台內秘字 and 第
    text = "本部業於 113 年 2 月 16 日以台內秘字\n第 1130300867 號函將書面報告函送"

    (letter,) = find_letters(text, agency="內政部")

    assert (letter.issuer, letter.date, letter.number) == ("內政部", "2024-02-16", "台內秘字第1130300867號")
    assert "\n" in letter.span


def test_an_organisation_name_is_not_cut_at_its_first_character() -> None:
    (letter,) = find_letters("茲據經濟部水利署於113年1月2日以經水字第11300000010號函")

    assert letter.issuer == "經濟部水利署"


def test_full_width_digits_fold() -> None:
    (letter,) = find_letters("本署於１１３年３月８日以經授產字第１１３５１００４５６０號函")

    assert (letter.roc_date, letter.date, letter.number) == (
        "113年3月8日",
        "2024-03-08",
        "經授產字第11351004560號",
    )


def test_a_date_that_does_not_exist_keeps_the_letter_without_an_iso_date() -> None:
    (letter,) = find_letters("本署於113年2月30日以經授產字第1號函")

    assert (letter.roc_date, letter.date) == ("113年2月30日", "")
    with pytest.raises(ValueError, match="not a calendar date"):
        roc_date_to_iso("113年2月30日")


def test_roc_dates() -> None:
    assert roc_date_to_iso("113 年 3 月 8 日") == "2024-03-08"
    assert roc_date_to_iso("中華民國99年6月2日") == "2010-06-02"
    with pytest.raises(ValueError, match="not an ROC date"):
        roc_date_to_iso("2024-03-08")


def test_pronouns_and_number_prefixes() -> None:
    assert self_issuers("經濟部產業發展署") == {"本部": "經濟部", "本署": "經濟部產業發展署"}
    assert issuer_of_number("台立院議字第1130701848號") == "立法院"
    assert issuer_of_number("院臺環字第1121047045號") == "行政院"
    assert issuer_of_number("某字第1號") == ""


def test_a_citation_becomes_an_official_letter_record() -> None:
    citation = find_letters(FROZEN_RELEASE, agency="經濟部產業發展署")[1]
    provenance = Provenance(document="book.md", page=149, text=citation.span)

    record = to_official_letter(citation, provenance)

    assert (record.issuer, record.date, record.roc_date, record.number) == (
        "立法院",
        "2024-05-22",
        "113年5月22日",
        "台立院議字第1130701848號",
    )
    assert record.provenance.page == 149


# The cases below are text of the 內政部 114 PDF's 辦理情形報告表, as `pdftotext -layout` prints each cell.


def test_a_pronoun_after_a_connective_is_no_issuer_the_number_names_the_ministry() -> None:
    # p.264, (四十五): 本部 asks 衛生福利部 (該部), which answers with a 衛授家 letter
    text = (
        "本案決議因涉衛生福利部權責，經本部 113 年 1 月 23 日以台內戶字第\n1130240308 號函請該部提供辦理情"
        "形，嗣經該部 113 年 2 月 16 日以衛授\n家字第 1130101387 號函復略以"
    )

    asked, answer = find_letters(text, agency="內政部")

    assert (asked.issuer, asked.number) == ("內政部", "台內戶字第1130240308號")
    assert (answer.issuer, answer.date, answer.number) == (
        "衛生福利部",
        "2024-02-16",
        "衛授家字第1130101387號",
    )


def test_a_presidential_order_is_numbered_by_the_presidential_office() -> None:
    # p.240, (九): the act promulgated by 總統令, cited without a writer before the date
    text = "並經 112 年 11 月 10 日大院三讀通過「義務役服役期間提繳退休金條例」，112 年 11 月 29 日華總一義\n字第 11200103461 號總統令公布"

    (order,) = find_letters(text, agency="內政部")

    assert (order.issuer, order.date, order.number) == ("總統府", "2023-11-29", "華總一義字第11200103461號")


def test_the_writer_acting_on_a_letter_is_not_part_of_its_issuer() -> None:
    # p.255, (三十二): 本部依法務部廉政署…函頒工作指示
    text = "本部依法務部廉政署 112\n年 12 月 28 日 廉 政 字 第\n11207026220 號函頒工作指示"

    (letter,) = find_letters(text, agency="內政部")

    assert (letter.issuer, letter.date, letter.number) == (
        "法務部廉政署",
        "2023-12-28",
        "廉政字第11207026220號",
    )


def test_a_sentence_word_before_the_issuer_is_dropped() -> None:
    # p.226, 內容 of 內政部部分 (一) 5.: the resolution quotes two 內政部 letters
    text = "然內\n政 部 112 年 7 月 17 日 台 內 人 字 第\n1120321752號函、112年8月14日台內\n人字第1120321924號函稱"

    assert [(x.issuer, x.date, x.number) for x in find_letters(text)] == [
        ("內政部", "2023-07-17", "台內人字第1120321752號"),
        ("內政部", "2023-08-14", "台內人字第1120321924號"),
    ]


def test_number_prefixes_in_real_use() -> None:
    assert [
        issuer_of_number(n)
        for n in (
            "衛授家字第1130101387號",
            "華總一義字第11200103461號",
            "廉政字第11207026220號",
            "臺內地字第1號",
            "院授主預字第1號",
            "主預字第1號",
            "台財庫字第1號",
            "臺立院議字第1號",
        )
    ] == [
        "衛生福利部",
        "總統府",
        "法務部廉政署",
        "內政部",
        "行政院主計總處",
        "行政院主計總處",
        "財政部",
        "立法院",
    ]


@pytest.fixture(scope="module")
def moi_ministry_items(moi_pdf: Path) -> list[Resolution]:
    """內政部部分 (一) of the 內政部 PDF: printed pp.223–229 (PDF pages 232–238)."""
    from ingest.readers.pdf import assemble, read_range

    document = assemble(read_range(str(moi_pdf), 231, 238), source=moi_pdf.name)
    context = BookContext(document=moi_pdf.name, agency="內政部", roc_year=114)
    parser = LegislativeResolutionsParser()
    records: list[Record] = []
    for section in split_sections(document):
        if parser.matches(section):
            records.extend(parser.parse(section, context))
    return records_of(records, Resolution)


def test_letters_quoted_in_a_resolutions_content_are_its_letters(
    moi_ministry_items: list[Resolution],
) -> None:
    (combined,) = [r for r in moi_ministry_items if r.item == "(一)" and r.section == "內政部部分"]
    cited = {letter.number: letter for letter in combined.letters}
    # p.226 內容: 內政部112年7月17日台內人字第1120321752號函、112年8月14日台內人字第1120321924號函稱
    quoted = cited["台內人字第1120321752號"]
    assert (quoted.issuer, quoted.date, quoted.provenance.page) == ("內政部", "2023-07-17", 226)
    assert cited["台內人字第1120321924號"].date == "2023-08-14"
    # p.223 辦理情形: still there
    assert cited["台內秘字第1130300867號"].provenance.page == 223
