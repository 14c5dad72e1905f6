"""Bad input to `budgetkg parse` / `budgetkg check`: one clear error line, non-zero exit, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.cli import main

NOT_A_BOOK = "# Meeting notes\n\nWe discussed the budget.\n\n| item | cost |\n|---|---|\n| coffee | 120 |\n"
TITLE_ONLY = "經濟部產業發展署單位預算\n\n中華民國114年度\n\n目次\n\nNothing else here.\n"


def _errors(stderr: str) -> list[str]:
    """Lines that are not progress messages (those start with …)."""
    return [line for line in stderr.splitlines() if line.strip() and not line.startswith("…")]


@pytest.fixture(
    params=["missing", "empty", "garbage", "not_a_book", "title_only", "directory"],
)
def bad_book(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    """A bad input file and a word its error message must contain."""
    kind = request.param
    if kind == "missing":
        return tmp_path / "nope.md", "no such file"
    if kind == "directory":
        return tmp_path, "directory"
    path = tmp_path / f"{kind}.md"
    if kind == "empty":
        path.write_bytes(b"")
        return path, "empty"
    if kind == "garbage":
        path = tmp_path / "garbage.bin"
        path.write_bytes(bytes(range(256)) * 8)
        return path, "not a PDF"
    if kind == "not_a_book":
        path.write_text(NOT_A_BOOK, encoding="utf-8")
        return path, "budget book"
    path.write_text(TITLE_ONLY, encoding="utf-8")
    return path, "budget"


@pytest.mark.parametrize("command", ["parse", "check"])
def test_bad_input_gives_one_clear_line(
    command: str, bad_book: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, word = bad_book
    status = main([command, str(path)])
    captured = capsys.readouterr()
    assert status != 0
    errors = _errors(captured.err)
    assert len(errors) == 1, captured.err
    assert errors[0].startswith("budgetkg: ")
    assert word in errors[0]
    assert "Traceback" not in captured.err + captured.out


def test_a_book_cut_short_reports_what_no_longer_adds_up(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sample cut after 0726100103 租金收入 (p.25): 其他收入 and 廢舊物資售價 (p.26) are gone."""
    lines = sample_path.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = next(i for i, line in enumerate(lines) if "0726100103 租金收入" in line) + 1
    book = tmp_path / "cut.md"
    book.write_text("".join(lines[:cut]), encoding="utf-8")
    status = main(["check", str(book), "--failures"])
    captured = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in captured.err
    failures = [line for line in captured.out.splitlines() if line.startswith("FAIL") and "[revenue]" in line]
    # 合計 110,636 against the 款 rows left: 2,870 + 7,000 + 4,727
    assert any("合計" in line and "printed 110,636 vs 14,597 千元" in line for line in failures), failures
    # 0726100000 產業發展署 4,727 against 財產孳息 4,516 alone (廢舊物資售價 211 was on p.26)
    assert any("0726100000" in line and "printed 4,727 vs 4,516 千元" in line for line in failures), failures
