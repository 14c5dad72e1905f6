"""`budgetkg serve --workers 2` serves search and SPARQL from two processes on read-only views of the
embedded store (issue 16), and refuses uploads, which would need a writer."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.oxigraph_server import _free_port

REPO = Path(__file__).resolve().parents[2]
WORK_PLANS = (REPO / "ontology" / "queries" / "work-plan-totals.rq").read_text(encoding="utf-8")


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


@pytest.mark.skipif(os.environ.get("BUDGETKG_TEST_STORE") == "remote", reason="runs on the embedded store")
def test_two_workers_answer_search_and_sparql_and_refuse_uploads(data_dir: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "BUDGETKG_UPLOAD_TOKEN": "t0ken"}
    command = [sys.executable, "-m", "api.cli", "--data", str(data_dir), "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            assert time.monotonic() < deadline, "the service did not answer within 90 s"
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        assert len(_children(server.pid)) >= 2  # uvicorn's two worker processes
        rows = httpx.post(
            f"{base}/sparql",
            data={"query": WORK_PLANS},
            headers={"Accept": "application/sparql-results+json"},
            timeout=60,
        ).json()["results"]["bindings"]
        assert len(rows) == 5  # the sample's five work plans
        hits = httpx.get(f"{base}/search", params={"q": "補助地方政府", "k": "5"}, timeout=120).json()["hits"]
        assert hits and all(hit["page"] for hit in hits)
        upload = httpx.post(
            f"{base}/documents",
            files={"file": ("book.md", b"# x\\n", "text/markdown")},
            headers={"Authorization": "Bearer t0ken"},
            timeout=30,
        )
        assert upload.status_code == 403 and "read-only" in upload.text
    finally:
        server.terminate()
        server.wait(timeout=30)
