"""scripts/setup.sh's Debian-package checks (issue 20), run with `--check` on a fake PATH.

`fc-list | grep -q` under `set -o pipefail` failed whenever grep stopped at its first match and fc-list
died of SIGPIPE, so fonts that were there read as missing and apt ran on every set-up. The fake fc-list
prints its match first and then far more than a pipe buffer holds, which made that happen every time.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SETUP = REPO / "scripts" / "setup.sh"
FONTS = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc: Noto Sans CJK TC:style=Regular\n"
UMING = "/usr/share/fonts/truetype/arphic/uming.ttc: AR PL UMing TW:style=Light\n"
TOOLS = ("chromium", "chromedriver", "pdftoppm")


def _script(path: Path, body: str) -> None:
    path.write_text("#!/bin/bash\n" + body, encoding="utf-8")
    path.chmod(0o755)


def _fake_bin(tmp_path: Path, *, uid: int, fonts: str, tools: tuple[str, ...], sudo: bool = False) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for real in ("bash", "grep", "dirname", "cat"):
        found = shutil.which(real)
        assert found, real
        (bin_dir / real).symlink_to(found)
    listing = tmp_path / "fonts.txt"
    listing.write_text(fonts, encoding="utf-8")
    # The match first, then ~3 MB: grep -q exits at once and fc-list is killed by SIGPIPE mid-write.
    _script(
        bin_dir / "fc-list",
        f'cat "{listing}"\nfor ((i = 0; i < 60000; i++)); do echo "/f/$i.ttf: Filler"; done\n',
    )
    _script(bin_dir / "id", f'[ "$1" = -u ] && echo {uid}\n')
    _script(bin_dir / "apt-get", 'echo "apt-get $*" >> "$APT_LOG"\n')
    _script(
        bin_dir / "sudo", '[ "$1" = -n ] && shift; [ "$1" = true ] && exit 0; "$@"\n' if sudo else "exit 1\n"
    )
    for tool in tools:
        _script(bin_dir / tool, "exit 0\n")
    return bin_dir


def _check(bin_dir: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": str(bin_dir), "APT_LOG": str(tmp_path / "apt.log"), "HOME": str(tmp_path)}
    return subprocess.run(
        [str(bin_dir / "bash"), str(SETUP), "--check"], env=env, capture_output=True, text=True, timeout=60
    )


def test_fonts_found_by_an_early_grep_exit_are_present(tmp_path: Path) -> None:
    bin_dir = _fake_bin(tmp_path, uid=0, fonts=FONTS + UMING, tools=TOOLS)
    for _ in range(3):  # the old check failed 3 times in 5; this listing failed it every time
        done = _check(bin_dir, tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "setup: Debian packages present; nothing to install"
    assert not (tmp_path / "apt.log").exists()


def test_root_is_told_what_would_be_installed(tmp_path: Path) -> None:
    bin_dir = _fake_bin(tmp_path, uid=0, fonts=FONTS, tools=("chromium", "chromedriver"))
    done = _check(bin_dir, tmp_path)
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout.strip()
        == "setup: would install Debian packages: fonts-arphic-uming poppler-utils (as root)"
    )
    assert not (tmp_path / "apt.log").exists()  # --check installs nothing


def test_a_user_missing_only_fonts_is_not_told_browser_tests_skip(tmp_path: Path) -> None:
    bin_dir = _fake_bin(tmp_path, uid=1000, fonts="", tools=TOOLS)
    done = _check(bin_dir, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "fonts-noto-cjk fonts-arphic-uming" in done.stderr
    assert "test_pdf_equivalence.py skips" in done.stderr
    assert "browser tests render Chinese without a CJK font (they still run)" in done.stderr
    assert "browser tests (tests/e2e/test_web_page_in_chromium.py) skip" not in done.stderr
    assert "sudo apt-get install -y --no-install-recommends fonts-noto-cjk fonts-arphic-uming" in done.stderr


def test_a_user_without_chromium_is_told_the_browser_tests_skip_once(tmp_path: Path) -> None:
    bin_dir = _fake_bin(tmp_path, uid=1000, fonts=FONTS + UMING, tools=("pdftoppm",))
    done = _check(bin_dir, tmp_path)
    assert done.stderr.count("the browser tests (tests/e2e/test_web_page_in_chromium.py) skip") == 1


def test_a_user_with_passwordless_sudo_installs_through_it(tmp_path: Path) -> None:
    bin_dir = _fake_bin(tmp_path, uid=1000, fonts=FONTS, tools=TOOLS, sudo=True)
    done = _check(bin_dir, tmp_path)
    assert done.stdout.strip() == "setup: would install Debian packages: fonts-arphic-uming (as sudo)"
    assert "not root" not in done.stderr


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig not installed")
def test_this_machine_check_runs(tmp_path: Path) -> None:
    done = subprocess.run(["bash", str(SETUP), "--check"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("setup: "), done.stderr
