"""`budgetkg … | head`: when the reader closes the pipe, the command stops quietly (no traceback), with
the status a shell shows for a tool ended by SIGPIPE (141)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from api.cli import SIGPIPE_STATUS
from ingest.resources import SAMPLE_BOOK

REPO = Path(__file__).resolve().parents[2]


def test_a_closed_pipe_ends_the_command_quietly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "parse", "--json", str(SAMPLE_BOOK)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100)  # the first records arrive, then the reader goes away (as head does)
    process.stdout.close()
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == SIGPIPE_STATUS
    assert "Traceback" not in errors and "BrokenPipe" not in errors and "Exception ignored" not in errors
