"""Latency of /sparql on the running service: the competency queries, one client and a few in parallel.

    .venv/bin/python benchmarks/sparql_latency.py [--data DIR] [--rounds 20] [--clients 4]

Starts `budgetkg serve` on a free 127.0.0.1 port over DIR (without --data, the sample book is ingested
first into a temporary directory, without the search index), then sends every query of
ontology/queries/*.rq `--rounds` times from one client, and again from `--clients` clients at once;
prints p50/p90/p99 per phase. Run it with PYTHONPATH pointing at another checkout to compare versions.
Issue 18 used it for the cost of running public queries in worker processes.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
QUERIES = sorted((REPO / "ontology" / "queries").glob("*.rq"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    script = Path(sys.executable).with_name("budgetkg")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "api.cli"]
    process = subprocess.Popen(
        [*command, "--data", str(data_dir), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the service did not start")


_SERIAL = iter(range(10**9))
COLD = False


def timed(client: httpx.Client, query: str) -> float:
    if COLD:
        query = f"{query}\n# {next(_SERIAL)}"
    started = time.perf_counter()
    response = client.get("/sparql", params={"query": query})
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"HTTP {response.status_code}: {response.text[:200]}")
    return elapsed


def line(name: str, values: list[float]) -> str:
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))]

    return f"{name}: {len(values)} queries; p50 {statistics.median(ordered):.1f} ms, p90 {pick(0.9):.1f} ms, p99 {pick(0.99):.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--cold",
        action="store_true",
        help="make every query text unique (a numbered comment): no verdict cache",
    )
    args = parser.parse_args()
    global COLD
    COLD = args.cold
    with tempfile.TemporaryDirectory(prefix="budgetkg-latency-") as scratch:
        data_dir = args.data
        if data_dir is None:
            sys.path.insert(0, str(REPO))
            from api.pipeline import ingest_books
            from ingest.resources import SAMPLE_BOOK

            data_dir = Path(scratch)
            [result] = ingest_books([SAMPLE_BOOK], data_dir, index_search=False)
            assert result.ok, result.error
        port = free_port()
        process = serve(data_dir, port)
        try:
            texts = [q.read_text(encoding="utf-8") for q in QUERIES]
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
                for text in texts:  # warm up
                    timed(client, text)
                single = [timed(client, text) for _ in range(args.rounds) for text in texts]

                def one_round(_: int) -> list[float]:
                    return [timed(client, text) for text in texts]

                with ThreadPoolExecutor(args.clients) as pool:
                    parallel = [v for chunk in pool.map(one_round, range(args.rounds)) for v in chunk]
        finally:
            process.terminate()
            process.wait(15)
    cold = ", every text unique" if args.cold else ""
    print(f"{len(QUERIES)} competency queries × {args.rounds} rounds{cold}, {os.cpu_count()} cores")
    print(line("1 client", single))
    print(line(f"{args.clients} clients", parallel))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
