"""Amounts keep their printed text and unit and convert exactly to NT$ 元."""

from decimal import Decimal

import pytest

from ingest.amounts import AmountError, find_narrative_amounts, parse_cell, parse_narrative


def test_table_cell_in_thousands_converts_to_ntd() -> None:
    amount = parse_cell("12,111,581", "千元")
    assert amount is not None
    assert amount.value_ntd == Decimal("12111581000")
    assert amount.printed == "12,111,581"
    assert amount.in_unit == Decimal("12111581")


def test_dash_is_zero_and_blank_is_missing() -> None:
    dash = parse_cell("-", "千元")
    assert dash is not None and dash.value_ntd == 0
    assert parse_cell("   ", "千元") is None


def test_negative_and_full_width_numbers() -> None:
    negative = parse_cell("-147", "千元")
    assert negative is not None and negative.value_ntd == Decimal("-147000")
    full_width = parse_cell("１，２３４", "千元")
    assert full_width is not None and full_width.value_ntd == Decimal("1234000")


def test_hundred_million_unit_keeps_decimals_exact() -> None:
    amount = parse_cell("3.03", "億元")
    assert amount is not None and amount.value_ntd == Decimal("303000000")


def test_text_that_is_not_a_number_is_refused() -> None:
    with pytest.raises(AmountError):
        parse_cell("工業管理", "千元")


@pytest.mark.parametrize(
    ("text", "ntd", "unit"),
    [
        ("1,176,000千元", Decimal("1176000000"), "千元"),
        ("8 億 9,313 萬 9 千元", Decimal("893139000"), "千元"),
        ("17億1,993萬4千元", Decimal("1719934000"), "千元"),
        ("3.03億元", Decimal("303000000"), "億元"),
        ("1,000萬元", Decimal("10000000"), "萬元"),
    ],
)
def test_narrative_amounts_with_magnitude_words(text: str, ntd: Decimal, unit: str) -> None:
    amount = parse_narrative(text)
    assert amount.value_ntd == ntd
    assert amount.unit == unit


def test_amounts_are_found_inside_prose() -> None:
    # From the sample book's 說明 of branch plan 01 (page 41).
    text = "5. 驅動國內IC設計業者先進發展補助計畫1,176,000千元，係推動我國中小型IC設計相關業者"
    found = find_narrative_amounts(text)
    assert [a.value_ntd for _, _, a in found] == [Decimal("1176000000")]
