"""The Oxigraph SPARQL server (PyPI package `oxigraph`) started on a free loopback port, for the tests
of the remote store and for the test suite's second run on it (BUDGETKG_TEST_STORE=remote)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from graph.store import Store, StoreError, store_path


def oxigraph_command() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


class OxigraphServer:
    """`oxigraph serve` on 127.0.0.1 at a free port, in memory or over a directory."""

    def __init__(self, location: Path | None = None, *options: str) -> None:
        command = oxigraph_command()
        if command is None:
            raise RuntimeError("the Oxigraph server is not installed: pip install oxigraph")
        for _attempt in range(3):  # another process may take the port between choosing and binding
            self.port = _free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            args = [command, "serve", "--bind", f"127.0.0.1:{self.port}", *options]
            if location is not None:
                args += ["--location", str(location)]
            self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if self._answers():
                return
            self.stop()
        raise RuntimeError(f"the Oxigraph server did not start: {self._stderr()}")

    def _answers(self, within_s: float = 20.0) -> bool:
        deadline = time.monotonic() + within_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=2):
                    return True
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        return False

    def _stderr(self) -> str:
        if self.process.stderr is None or self.process.poll() is None:
            return ""
        return self.process.stderr.read().decode("utf-8", "replace")[-500:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerPerDataDirectory:
    """A store factory for `graph.store.use_remote_factory`: each data directory gets its own server
    over DATA/store, so tests that copy a data directory copy its graph too, as with the embedded store."""

    def __init__(self) -> None:
        self.servers: dict[Path, OxigraphServer] = {}

    def __call__(self, data_dir: Path, read_only: bool) -> Store:
        from graph.remote import RemoteStore

        location = store_path(data_dir).resolve()
        server = self.servers.get(location)
        if server is None and read_only and not location.exists():
            # as the embedded store: a data directory nothing was written to has no store to read
            raise StoreError(
                f"no store at {location}; ingest a book first (`budgetkg --data {data_dir} ingest BOOK`)"
            )
        if server is None or server.process.poll() is not None:
            location.mkdir(parents=True, exist_ok=True)
            server = self.servers[location] = OxigraphServer(location)
        return RemoteStore(server.url, read_only=read_only)

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()
        self.servers.clear()
