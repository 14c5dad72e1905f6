"""The national readers give the printed figures of the DGBAS tables (three layouts) and twbudget CSVs.

Every golden value below was read from the file's printed cell (千元 for DGBAS, 元 for twbudget).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.national import TableFileError, read_national
from ingest.national.reconcile import function_total, reconcile_table
from ingest.records import CrossTabCell, NationalExpenditureItem, NationalRevenueItem, TableProvenance

K = Decimal(1000)

# (year, file, code) → 本年度預算數 in 千元 as printed
DGBAS_ENACTED = {
    # 97–103 layout (科目編號 | 科目名稱 columns)
    (97, "0002000000"): 12148055,
    (97, "0002010000"): 1261254,
    (97, "3202010100"): 964340,
    (97, "3202010200"): 30000,
    (97, "3202010300"): 68662,
    (97, "0002100000"): 199944,
    (97, "0002300000"): 231126,
    (97, "0079000000"): 2000000,
    (97, "0080000000"): 8000000,
    (97, "0026100000"): 6750000,
    (97, "5226102200"): 6077245,
    # 104–112 layout (code and name in one cell)
    (104, "0002000000"): 16932074,
    (104, "0002010000"): 938318,
    (104, "3202010100"): 830378,
    (104, "3202010300"): 13919,
    (104, "3202010500"): 11473,
    (104, "3371550100"): 59133,
    (104, "0080000000"): 7500000,
    (104, "0026100000"): 6690489,
    (112, "0002000000"): 14801874,
    (112, "0002010000"): 1038589,
    (112, "3102010100"): 955461,
    (112, "3102010300"): 15568,
    (112, "0026100000"): 10345392,
    # 113–114 layout (.xlsx, code on its own row)
    (114, "0002000000"): 15676552,
    (114, "0002010000"): 1067647,
    (114, "3102010100"): 1007356,
    (114, "0079000000"): 5000000,
    (114, "0080000000"): 8000000,
    (114, "0026100000"): 12857242,
    # the sample book's five work plans, enacted
    (114, "5226102200"): 11456423,
    (114, "5726100100"): 383024,
    (114, "5726102000"): 336795,
    (114, "5726108110"): 678000,
    (114, "5726109800"): 3000,
}
FILES = {
    97: "dgbas/97/97c歲出機關別預算表.xls",
    104: "dgbas/104/104c歲出機關別預算表.xls",
    112: "dgbas/112/112C歲出機關別預算表.xls",
    114: "dgbas/114/C歲出機關別預算表.xlsx",
}
# 前年度決算數 (決算 of two years back), printed from 112 on
DGBAS_FINAL = {(112, "3102010100"): 848019, (114, "0002000000"): 14449095, (114, "5226102200"): 9229354}
# twbudget proposals, 元
PROPOSED = {
    (2025, "3102010100"): 1039703000,
    (2025, "5226102200"): 12111581000,
    (2025, "5726100100"): 383155000,
    (2025, "5726102000"): 363335000,
    (2025, "5726108100"): 678000000,  # the sub-item 經濟特別收入基金
    (2025, "5726109800"): 3000000,
    (2006, "3102010100"): 997420000,
    (2006, "5226102200"): 6306110000,
    (2012, "5226102200"): 6517234000,
    (2018, "5226102200"): 7440849000,
}


@pytest.fixture(scope="module")
def agency_tables(shared_dir: Path) -> dict[int, list[NationalExpenditureItem]]:
    corpus = shared_dir / "corpus"
    return {
        year: [r for r in read_national(corpus / name).records if isinstance(r, NationalExpenditureItem)]
        for year, name in FILES.items()
    }


def test_every_layout_gives_the_printed_enacted_figures(agency_tables):
    for (year, code), printed in DGBAS_ENACTED.items():
        rows = [r for r in agency_tables[year] if r.code == code]
        assert len(rows) == 1, (year, code)
        assert rows[0].amount is not None and rows[0].amount.value_ntd == printed * K, (year, code)
        assert rows[0].stage == "法定預算" and rows[0].roc_year == year


def test_final_accounts_are_read_where_printed(agency_tables):
    for (year, code), printed in DGBAS_FINAL.items():
        (row,) = [r for r in agency_tables[year] if r.code == code]
        assert row.prior_year_actual is not None and row.prior_year_actual.value_ntd == printed * K
    assert all(r.prior_year_actual is None for r in agency_tables[104])  # 104–111 print no 決算 here


def test_rows_carry_file_sheet_row_and_cell_text(agency_tables):
    (row,) = [r for r in agency_tables[114] if r.code == "5226102200"]
    assert isinstance(row.provenance, TableProvenance)
    assert row.provenance.document == "C歲出機關別預算表.xlsx" and row.provenance.sheet == "Sheet1"
    assert "5226102200" in row.provenance.text and "11,456,423" in row.provenance.text
    # the name wrapped onto the next row in the .xlsx is joined, and the agency is the one printed above
    assert row.name == "工業技術升級輔導" and row.agency_name == "產業發展署"
    assert row.ministry_name == "經濟部主管" and row.function_name == "科學支出"
    (old,) = [r for r in agency_tables[104] if r.code == "0026100000"]
    assert old.name == "工業局"


def test_a_ministry_holds_agencies_coded_under_another_prefix(agency_tables):
    nlpi = next(r for r in agency_tables[104] if r.code == "0021730000")  # 國家圖書館 under 教育部主管
    assert nlpi.parent_code == "0020000000" and nlpi.ministry_name == "教育部主管"


def test_twbudget_proposals(shared_dir: Path):
    for (ad, code), printed in PROPOSED.items():
        table = read_national(shared_dir / "corpus" / "twbudget-proposed" / f"tw{ad}ap.csv")
        assert table.roc_year == ad - 1911 and table.stage == "預算案"
        (row,) = [r for r in table.records if isinstance(r, NationalExpenditureItem) and r.code == code]
        assert row.amount is not None and row.amount.value_ntd == printed


def test_revenue_and_function_tables(shared_dir: Path):
    corpus = shared_dir / "corpus" / "dgbas"
    revenue = read_national(corpus / "114" / "C歲入來源別預算表.xlsx")
    total = [c for c in revenue.records if isinstance(c, CrossTabCell) and c.column == "本年度預算數"]
    assert total[0].amount.value_ntd == 3_164_804_347 * K
    (income_tax,) = [
        r for r in revenue.records if isinstance(r, NationalRevenueItem) and r.code == "0117010100"
    ]
    assert income_tax.name == "所得稅" and income_tax.amount.value_ntd == 1_753_052_000 * K
    old = read_national(corpus / "97" / "97c歲入來源別預算表.xls")
    assert next(c.amount.value_ntd for c in old.records if isinstance(c, CrossTabCell)) == 1_594_436_316 * K
    functions = read_national(corpus / "114" / "C歲出政事別預算表.xlsx")
    cell = function_total(functions)
    assert cell is not None and cell.amount.value_ntd == 2_924_966_563 * K


def test_each_year_reconciles_or_says_why(shared_dir: Path):
    corpus = shared_dir / "corpus" / "dgbas"
    for year, agency_file, function_file in (
        (97, "97/97c歲出機關別預算表.xls", "97/97c歲出政事別預算表.xls"),
        (114, "114/C歲出機關別預算表.xlsx", "114/C歲出政事別預算表.xlsx"),
    ):
        functions = read_national(corpus / function_file)
        report = reconcile_table(read_national(corpus / agency_file), function_total(functions))
        assert report.failures == [], [c.to_json() for c in report.failures[:3]]
        assert any(
            c.name == "合計 本年度預算數 = Σ 款" and c.status in {"pass", "rounding"} for c in report.checks
        )
        assert sum(c.status == "pass" for c in report.checks) > 5000
        assert not reconcile_table(functions).failures
        if year == 97:  # 比較 printed '-' where 本年度 is nil: explained, not hidden
            explained = [c for c in report.checks if c.status == "explained"]
            assert explained and all(c.note for c in explained)


def test_a_file_that_is_no_table_is_refused_with_a_reason(tmp_path: Path):
    bad = tmp_path / "notes.xls"
    bad.write_text("just some words\n", encoding="utf-8")
    with pytest.raises(TableFileError, match="not a spreadsheet"):
        read_national(bad)
