"""`budgetkg check` reports each check in its own unit: money in 千元 as the books print it, head counts in
人, areas in 平方公尺, and checks that compare no values (項次 runs, letter dates) by their note alone."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from api.cli import main
from api.commands.check import describe
from ingest.reconcile import Check, compare


def _line(out: str, *words: str) -> str:
    (found,) = [line for line in out.splitlines() if all(word in line for word in words)]
    return found


def test_the_report_prints_each_check_in_its_unit(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["check", str(sample_path)])
    out = capsys.readouterr().out

    assert status == 0
    # 預算員額明細表 pp.72–73: 合計 283 人 (本年度) for 5726100100 一般行政
    staffing = _line(out, "預算員額 合計 = its categories (本年度)")
    assert staffing.endswith("printed 283 vs 283 人")
    assert "千元" not in staffing
    # 各項費用彙計表 p.64: 合計 13,539,071 千元
    money = _line(out, "合計 row = sum of first-level object classes", "合計 / 合計")
    assert money.endswith("printed 13,539,071 vs 13,539,071 千元")
    # 現有辦公房舍明細表 p.76: 合計 自有 8,630.51 平方公尺
    area = _line(out, "辦公房舍 面積 合計 = its categories", "合計 自有")
    assert area.endswith("printed 8,630.51 vs 8,630.51 平方公尺")
    # 28 resolutions in the 辦理情形報告表 pp.143–153: a count, stated by its note
    sequence = _line(out, "sequence 1..N")
    assert sequence.endswith("p.143: 28 resolutions")
    assert "printed" not in sequence and "?" not in sequence
    assert ", fail 0 " in out.splitlines()[-1]


def test_the_json_report_names_the_unit(sample_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--json", str(sample_path)]) == 0
    checks = json.loads(capsys.readouterr().out)

    units = {c["name"]: c["unit"] for c in checks}
    assert units["預算員額 合計 = its categories (本年度)"] == "人"
    assert units["辦公房舍 面積 合計 = its categories"] == "平方公尺"
    assert units["合計 row = sum of first-level object classes"] == "元"
    assert units["sequence 1..N"] == "項"
    assert units["函 date parses"] == "件"


def test_a_failing_count_keeps_its_unit_and_a_missing_value_shows_as_unknown() -> None:
    failed = compare("預算員額 合計", "預算員額明細表", Decimal(283), Decimal(246), page=72, unit="人")
    assert failed.status == "fail" and failed.unit == "人"
    assert describe(failed).endswith("printed 283 vs 246 人")

    missing = compare("人事費 合計", "人事費彙計表", Decimal(312_982_000), None, page=71)
    assert describe(missing).endswith("printed 312,982 vs ? 千元 — value missing")

    bare = Check("項次 readable", "決議辦理情形報告表", None, None, "pass", None)
    assert describe(bare) == "PASS      [] 項次 readable @ 決議辦理情形報告表"
