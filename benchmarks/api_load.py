"""HTTP load on the running service: requests/s and latency of /search and /sparql under concurrent clients.

    .venv/bin/python benchmarks/api_load.py [--data DIR] [--clients 16] [--seconds 30] [--workers 1 2]

Starts `budgetkg serve` on a free 127.0.0.1 port over DIR (without --data, the sample book is first
ingested into a temporary directory, which takes minutes), warms it up, then runs two phases one after
the other: /search (rotating a few questions) and /sparql (the work-plan totals query). Each phase keeps
`--clients` requests in flight for `--seconds`; a request counts as an error when it fails, answers
other than 200, or its body lacks what the page would show (hits; the five work plans). The client runs
on the same machine as the server, so both share its cores.

`--mixed` adds a third phase (issue 15): the clients rotate over /search, /sparql, entity pages
(/id/… as HTML) and /authority, and each kind's latency is reported separately, so a route that holds
the event loop or the process shows as the others' latency. `--phases mixed` runs only that one.
`--workers N` passes `--workers N` to `budgetkg serve` when the service offers it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample" / "moea-ida-114-unit-budget.md"
SEARCHES = ["補助地方政府", "立法院凍結了哪些預算", "半導體先進製程", "智慧機械產業", "委辦費", "國際合作"]
WORK_PLAN_TOTALS = (REPO / "ontology" / "queries" / "work-plan-totals.rq").read_text(encoding="utf-8")
SAMPLE_WORK_PLANS = 5


@dataclass
class Phase:
    name: str
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def line(self) -> str:
        done = len(self.latencies_ms)
        if not done:
            return f"{self.name}: no successful request; errors {dict(self.errors)}"
        ordered = sorted(self.latencies_ms)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        errors = sum(self.errors.values())
        detail = f" {dict(self.errors)}" if errors else ""
        return (
            f"{self.name}: {done} ok in {self.seconds:.1f} s = {done / self.seconds:.1f} req/s; "
            f"p50 {statistics.median(ordered):.0f} ms, p99 {p99:.0f} ms; errors {errors}{detail}"
        )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def budgetkg() -> list[str]:
    script = Path(sys.executable).with_name("budgetkg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "api.cli"]


def ingest_sample(data_dir: Path) -> None:
    print(f"ingesting the sample into {data_dir} (a few minutes) …", file=sys.stderr)
    subprocess.run([*budgetkg(), "--data", str(data_dir), "ingest", str(SAMPLE)], check=True)


def start_server(data_dir: Path, port: int, log: Path, workers: int = 1) -> subprocess.Popen[bytes]:
    serve = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*budgetkg(), "--data", str(data_dir), *serve],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"budgetkg serve exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"budgetkg serve did not answer within 60 s:\n{log.read_text()[-2000:]}")


def search_checker(expected: dict[str, list[str]]) -> Callable[[httpx.Response], str | None]:
    """Under load, each question must rank the same hits as when asked alone: a model or index shared
    unsafely between request threads would show here first."""

    def check(response: httpx.Response) -> str | None:
        body = response.json()
        ranked = [hit["iri"] for hit in body.get("hits", [])]
        if not ranked:
            return "no hits"
        return None if ranked == expected[body["query"]] else "hits differ from a lone request"

    return check


def sparql_ok(response: httpx.Response) -> str | None:
    rows = response.json()["results"]["bindings"]
    return None if len(rows) == SAMPLE_WORK_PLANS else f"{len(rows)} rows"


async def run_phase(
    client: httpx.AsyncClient,
    phase: Phase,
    requests: list[tuple[str, dict[str, str]]],
    check: Callable[[httpx.Response], str | None],
    clients: int,
    seconds: float,
) -> None:
    started = time.perf_counter()
    stop = started + seconds

    async def worker(offset: int) -> None:
        turn = offset
        while time.perf_counter() < stop:
            path, params = requests[turn % len(requests)]
            turn += 1
            sent = time.perf_counter()
            try:
                response = await client.get(path, params=params)
            except httpx.HTTPError as exc:
                phase.errors[type(exc).__name__] += 1
                continue
            elapsed = (time.perf_counter() - sent) * 1000
            if response.status_code != 200:
                phase.errors[f"HTTP {response.status_code}"] += 1
                continue
            problem = check(response)
            if problem:
                phase.errors[problem] += 1
                continue
            phase.latencies_ms.append(elapsed)

    await asyncio.gather(*(worker(i) for i in range(clients)))
    phase.seconds = time.perf_counter() - started


AUTHORITY_SUBJECTS = ["驅動國內IC設計業者先進發展補助計畫", "工業技術升級輔導"]
WORK_PLAN_IRIS = "SELECT ?p WHERE { ?p a bud:WorkPlan } ORDER BY ?p"


def kind_of(path: str) -> str:
    return {"/search": "search", "/sparql": "sparql", "/authority": "authority"}.get(path, "entity page")


async def run_mixed(
    client: httpx.AsyncClient,
    phases: dict[str, Phase],
    requests: list[tuple[str, dict[str, str]]],
    checks: dict[str, Callable[[httpx.Response], str | None]],
    clients: int,
    seconds: float,
) -> None:
    started = time.perf_counter()
    stop = started + seconds

    async def worker(offset: int) -> None:
        turn = offset
        while time.perf_counter() < stop:
            path, params = requests[turn % len(requests)]
            turn += 1
            phase = phases[kind_of(path)]
            sent = time.perf_counter()
            try:
                response = await client.get(path, params=params)
            except httpx.HTTPError as exc:
                phase.errors[type(exc).__name__] += 1
                continue
            elapsed = (time.perf_counter() - sent) * 1000
            problem = (
                f"HTTP {response.status_code}"
                if response.status_code != 200
                else checks[kind_of(path)](response)
            )
            if problem:
                phase.errors[problem] += 1
                continue
            phase.latencies_ms.append(elapsed)

    await asyncio.gather(*(worker(i) for i in range(clients)))
    for phase in phases.values():
        phase.seconds = time.perf_counter() - started


async def mixed_load(
    client: httpx.AsyncClient, expected: dict[str, list[str]], clients: int, seconds: float
) -> list[Phase]:
    rows = (
        await client.get(
            "/sparql", params={"query": WORK_PLAN_IRIS}, headers={"Accept": "application/sparql-results+json"}
        )
    ).json()
    plans = [b["p"]["value"] for b in rows["results"]["bindings"]]
    pages = [("/id/" + iri.split("/id/", 1)[1], {}) for iri in plans if "/id/" in iri]
    searches = [("/search", {"q": q, "k": "10"}) for q in SEARCHES]
    sparql = [("/sparql", {"query": WORK_PLAN_TOTALS})]
    authority = [("/authority", {"subject": s}) for s in AUTHORITY_SUBJECTS]
    # One of each kind in turn, so every client keeps all four kinds in flight.
    requests: list[tuple[str, dict[str, str]]] = []
    for i in range(max(len(searches), len(pages), len(authority))):
        requests += [
            searches[i % len(searches)],
            sparql[0],
            pages[i % len(pages)],
            authority[i % len(authority)],
        ]

    def page_ok(response: httpx.Response) -> str | None:
        return None if "<html" in response.text.lower() else "not a page"

    def authority_ok(response: httpx.Response) -> str | None:
        return None if response.json() else "empty answer"

    phases = {name: Phase(f"mixed {name}") for name in ("search", "sparql", "entity page", "authority")}
    checks = {
        "search": search_checker(expected),
        "sparql": sparql_ok,
        "entity page": page_ok,
        "authority": authority_ok,
    }
    await run_mixed(client, phases, requests, checks, clients, seconds)
    return list(phases.values())


async def load(base: str, clients: int, seconds: float, which: set[str] | None = None) -> list[Phase]:
    which = which or {"search", "sparql"}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        searches = [("/search", {"q": q, "k": "10"}) for q in SEARCHES]
        sparql = [("/sparql", {"query": WORK_PLAN_TOTALS})]
        expected: dict[str, list[str]] = {}
        for path, params in searches + sparql:  # alone first: the reference answers, and the model loads
            response = await client.get(path, params=params)
            response.raise_for_status()
            if path == "/search":
                expected[params["q"]] = [hit["iri"] for hit in response.json()["hits"]]
        phases: list[Phase] = []
        if "search" in which:
            phases.append(Phase("/search"))
            await run_phase(client, phases[-1], searches, search_checker(expected), clients, seconds)
        if "sparql" in which:
            phases.append(Phase("/sparql work-plan totals"))
            await run_phase(client, phases[-1], sparql, sparql_ok, clients, seconds)
        if "mixed" in which:
            phases += await mixed_load(client, expected, clients, seconds)
        return phases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, help="data directory holding the ingested sample (default: ingest anew)"
    )
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--mixed", action="store_true", help="add the mixed phase (search, SPARQL, pages, authority)"
    )
    parser.add_argument("--phases", help="comma-separated phases to run: search, sparql, mixed")
    parser.add_argument("--workers", type=int, nargs="+", default=[1], help="server processes, one run each")
    args = parser.parse_args()
    which = (
        set(args.phases.split(","))
        if args.phases
        else {"search", "sparql"} | ({"mixed"} if args.mixed else set())
    )
    failed = False
    with tempfile.TemporaryDirectory(prefix="budgetkg-load-") as scratch:
        data_dir = args.data or Path(scratch) / "data"
        if args.data is None:
            ingest_sample(data_dir)
        for workers in args.workers:
            port = free_port()
            server = start_server(data_dir, port, Path(scratch) / "serve.log", workers)
            try:
                phases = asyncio.run(load(f"http://127.0.0.1:{port}", args.clients, args.seconds, which))
            finally:
                server.terminate()
                server.wait(timeout=30)
            print(
                f"{workers} worker(s), {args.clients} concurrent clients, {args.seconds:g} s per phase, "
                f"server and client on {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}"
            )
            for phase in phases:
                print(phase.line(), flush=True)
            failed = failed or any(phase.errors for phase in phases)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
