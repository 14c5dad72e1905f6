"""`budgetkg ingest` into the data directory a running `budgetkg serve` uses (issue 20).

The service holds the store open (Oxigraph allows one writer). The ingest must say so plainly — which
service (pid, address), that nothing changed, and the two ways out: upload through the service, or stop
it — and exit non-zero; the store keeps what it held, and the upload it suggests works.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.cli import main
from api.pipeline import ingest_books
from api.serving import MARKER
from ingest.resources import SAMPLE_BOOK
from tests.e2e.conftest import _command, _free_port, _wait_until_up

TOKEN = "e2e-token-20"
IN_USE = 3  # `budgetkg ingest`'s exit status for a store held by another process


def _count(base: str) -> int:
    query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    request = urllib.request.Request(
        f"{base}/sparql?query={query}", headers={"accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, subprocess.Popen[bytes]]]:
    data = tmp_path_factory.mktemp("served")
    [result] = ingest_books([SAMPLE_BOOK], data, index_search=False)
    assert result.ok, result.error
    port = _free_port()
    log = data.parent / f"{data.name}-serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*_command(), "--data", str(data), "serve", "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, "BUDGETKG_UPLOAD_TOKEN": TOKEN},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(process, base, log)
            yield data, base, process
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_ingest_names_the_service_and_what_to_do(
    served: tuple[Path, str, subprocess.Popen[bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    data, base, process = served
    before = _count(base)
    assert main(["--data", str(data), "ingest", "--no-search", str(SAMPLE_BOOK)]) == IN_USE
    err = capsys.readouterr().err
    assert f"in use by `budgetkg serve` (pid {process.pid}, {base}/)" in err
    assert "Nothing was changed" in err
    assert f"-F file=@{SAMPLE_BOOK} {base}/documents" in err and "BUDGETKG_UPLOAD_TOKEN" in err
    assert f"kill {process.pid}" in err
    assert "Traceback" not in err and "Resource temporarily unavailable" not in err
    assert _count(base) == before  # the store keeps what it held, and the service still answers


def test_a_second_serve_is_refused(
    served: tuple[Path, str, subprocess.Popen[bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    data, base, process = served
    assert main(["--data", str(data), "serve", "--port", str(_free_port())]) == 2
    assert f"already served by `budgetkg serve` (pid {process.pid}, {base}/)" in capsys.readouterr().err


def test_the_upload_it_suggests_works_and_stopping_frees_the_directory(
    served: tuple[Path, str, subprocess.Popen[bytes]], capsys: pytest.CaptureFixture[str]
) -> None:
    data, base, process = served
    boundary = "budgetkg20"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{SAMPLE_BOOK.name}"\r\n'
            "Content-Type: text/markdown\r\n\r\n"
        ).encode()
        + SAMPLE_BOOK.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"{base}/documents",
        data=body,
        method="POST",
        headers={
            "Authorization": f"Bearer {TOKEN}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        assert response.status == 201
        assert json.load(response)["graph"].endswith("/book/經濟部產業發展署/114")
    assert (data / MARKER).exists()
    process.terminate()
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while (data / MARKER).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not (data / MARKER).exists()  # a stopped service leaves no marker
    assert main(["--data", str(data), "ingest", "--no-search", str(SAMPLE_BOOK)]) == 0
    assert "ok      " in capsys.readouterr().out
