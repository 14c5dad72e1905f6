"""The real service in a subprocess (uvicorn on 127.0.0.1) over the ingested sample book, and headless
Chromium driving it.

Environment:
- BUDGETKG_E2E_DATA: a data directory that already holds the sample book; skips the ingest (a few
  minutes, most of it encoding passages for search) when iterating on the web page.
- BUDGETKG_SCREENSHOTS: where the tests save their screenshots (default: a temporary directory, so a
  test run never dirties the repository). `BUDGETKG_SCREENSHOTS=docs/screenshots` refreshes the
  documentation's pictures.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.pipeline import IngestResult, ingest_books
from ingest.resources import SAMPLE_BOOK
from tests.e2e.browser_tools import CHROMEDRIVER, CHROMIUM, missing_browser_tools

INGEST_TIMEOUT_S = 1200  # encoding ~700 passages on a busy 2-core machine
START_TIMEOUT_S = 60
WARM_UP_TIMEOUT_S = 180  # the first search loads the embedding model


def _command() -> list[str]:
    script = Path(sys.executable).with_name("budgetkg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "api.cli"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _get(url: str, timeout: float) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as exc:
        return exc.code


def _wait_until_up(process: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"budgetkg serve exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if _get(base + "/healthz", timeout=2) == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(
        f"budgetkg serve did not answer /healthz within {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}"
    )


@pytest.fixture(scope="session")
def sample_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reason = missing_browser_tools()
    if reason:
        pytest.skip(reason)  # before the costly ingest
    prepared = os.environ.get("BUDGETKG_E2E_DATA")
    if prepared:
        return Path(prepared)
    data_dir = tmp_path_factory.mktemp("budgetkg-e2e")
    done = subprocess.run(
        [*_command(), "--data", str(data_dir), "ingest", str(SAMPLE_BOOK)],
        capture_output=True,
        text=True,
        timeout=INGEST_TIMEOUT_S,
    )
    assert done.returncode == 0, f"ingesting the sample failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return data_dir


@pytest.fixture(scope="session")
def base_url(sample_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of `budgetkg serve` on a free loopback port, warmed up (search model loaded)."""
    port = _free_port()
    log = tmp_path_factory.mktemp("serve-log") / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                *_command(),
                "--data",
                str(sample_data_dir),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(process, base, log)
            assert _get(base + "/search?q=warm&k=1", timeout=WARM_UP_TIMEOUT_S) == 200, log.read_text()[
                -3000:
            ]
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("BUDGETKG_SCREENSHOTS")
    directory = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    reason = missing_browser_tools()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1000",
        "--lang=zh-TW",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def moi_ingested(moi_pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, IngestResult]:
    """The 392-page 內政部 book ingested once per session (~25 CPU-s of PDF reading): the end-to-end book
    test and the MCP test read the same data directory."""
    data_dir = tmp_path_factory.mktemp("moi")
    [result] = ingest_books([moi_pdf], data_dir)
    return data_dir, result
