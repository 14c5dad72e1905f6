"""The real service in a subprocess (uvicorn on a free 127.0.0.1 port), a loopback listener that must
never be called, and the process-tree CPU clock the security tests use."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

START_TIMEOUT_S = 60
UPLOAD_TOKEN = "security-token-51c2"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Listener:
    """A TCP listener on loopback counting every connection made to it (SSRF canary)."""

    port: int = 0
    connections: list[str] = field(default_factory=list)
    _sock: socket.socket | None = None

    def start(self) -> Listener:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self.port = self._sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def _accept(self) -> None:
        assert self._sock is not None
        while True:
            try:
                conn, peer = self._sock.accept()
            except OSError:
                return
            self.connections.append(f"{peer[0]}:{peer[1]}")
            try:
                conn.settimeout(1)
                data = conn.recv(4096)
                body = b'{"head":{"vars":["leak"]},"results":{"bindings":[{"leak":{"type":"literal","value":"SSRF"}}]}}'
                if data:
                    conn.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                        b"Content-Length: %d\r\n\r\n" % len(body) + body
                    )
            except OSError:
                pass
            finally:
                conn.close()

    def url(self, path: str = "/sparql") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()


@dataclass
class LiveService:
    process: subprocess.Popen[bytes]
    base: str
    data_dir: Path
    tmp_dir: Path
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def client(self, timeout: float = 30.0) -> httpx.Client:
        return httpx.Client(base_url=self.base, timeout=timeout)

    def health(self) -> dict[str, object]:
        """/healthz, asserting the process is alive and answering."""
        assert self.process.poll() is None, f"the service died:\n{self.log.read_text()[-3000:]}"
        with self.client(timeout=20) as client:
            response = client.get("/healthz")
        assert response.status_code == 200, response.text
        body: dict[str, object] = response.json()
        return body

    def triples(self) -> int:
        return int(str(self.health()["triples"]))


def start_service(data_dir: Path, run_dir: Path, env: dict[str, str]) -> LiveService:
    port = free_port()
    tmp_dir = run_dir / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    log = run_dir / "serve.log"
    script = Path(sys.executable).with_name("budgetkg")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "api.cli"]
    environment = {**os.environ, "TMPDIR": str(tmp_dir), **env}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*command, "--data", str(data_dir), "serve", "--host", "127.0.0.1", "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=environment,
        )
    live = LiveService(process, f"http://127.0.0.1:{port}", data_dir, tmp_dir, log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"budgetkg serve exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            live.health()
            return live
        except (httpx.HTTPError, AssertionError):
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(
        f"budgetkg serve did not answer within {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}"
    )


def stop_service(live: LiveService) -> None:
    live.process.terminate()
    try:
        live.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        live.process.kill()
        live.process.wait(timeout=15)


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds used) of a live process, from /proc."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def tree_cpu(root: int) -> dict[int, float]:
    """CPU seconds of `root` and each of its live descendants, by pid."""
    stats: dict[int, tuple[int, float]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat is not None:
                stats[int(entry)] = stat
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, (parent, _cpu) in stats.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return {pid: stats[pid][1] for pid in tree if pid in stats}


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds the tree used between two readings (processes born in between count in full)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())
