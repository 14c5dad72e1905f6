"""Public SPARQL queries run in a small pool of worker processes that can really be stopped.

pyoxigraph has no cancellation: a thread that times out keeps its core busy until the engine returns.
A worker process is killed (SIGKILL) at the deadline and replaced, so a cartesian COUNT costs at most
its time limit; the pool's size caps how many expensive queries run at once, and a query that finds
every worker busy waits at most `wait_s` before a 503.

Each worker, before it opens anything, leaves the network: it unshares into a new user and network
namespace where no interface is up, so nothing a query says (SERVICE, a parser bug) can make the
process connect anywhere. The checks still refuse SERVICE first, with a clear message (`run_query`);
where the kernel refuses namespaces the workers say so (`QueryPool.netless` is False).

Workers open the store read-only (RocksDB allows readers beside the one writer) and reopen it when the
service tells the pool the store changed (`refresh()`, after an ingest).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from graph.sparql import QueryError, QueryResult, QueryTimeout

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_START_TIMEOUT_S = 60.0
_WORKER_STACK = 512 * 1024 * 1024  # the parsers recurse per nesting level


class QueryBusy(QueryError):
    """Every query worker stayed busy for the whole wait: try again shortly."""


@dataclass(frozen=True)
class Dataset:
    """A request's own dataset (SPARQL Protocol default-graph-uri / named-graph-uri); replaces FROM."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


class _Worker:
    def __init__(self, process: Any, conn: Connection, netless: bool, generation: int) -> None:
        self.process = process
        self.conn = conn
        self.netless = netless
        self.generation = generation  # the store as of this generation is what it opened

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, OSError):
            if self.process.pid:
                os.kill(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        with contextlib.suppress(OSError):
            self.conn.close()


class QueryPool:
    """`size` worker processes over the store at `store_dir`; `query()` blocks until the answer or deadline."""

    def __init__(self, store_dir: Path, *, size: int = 2, wait_s: float = 10.0) -> None:
        self.store_dir = Path(store_dir)
        self.size = max(1, size)
        self.wait_s = wait_s
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._generation = 0
        self._closed = False
        self.netless: bool | None = None

    def start(self) -> QueryPool:
        """Start the workers; returns when the first one is ready (the others follow in the background)."""
        first = self._spawn()
        self._idle.put(first)
        for _ in range(self.size - 1):
            self._replace()
        return self

    def refresh(self) -> None:
        """The store changed (an ingest; the writer flushed it): workers that opened the old one are
        replaced by fresh ones, which open it outside any query's deadline."""
        with self._lock:
            self._generation += 1
        stale: list[_Worker] = []
        while True:
            try:
                stale.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in stale:
            self._discard(worker)  # busy ones are replaced when they come back

    def query(
        self, sparql: str, *, timeout_s: float, limit: int, dataset: Dataset | None = None
    ) -> QueryResult:
        if self._closed:
            raise QueryError("the service is shutting down")
        worker = self._fresh_worker()
        request = {
            "query": sparql,
            "limit": limit,
            "generation": self._generation,
            "default": list(dataset.default_graphs) if dataset else None,
            "named": list(dataset.named_graphs) if dataset else None,
        }
        try:
            worker.conn.send(request)
            ready = worker.conn.poll(timeout_s)
            answer = worker.conn.recv() if ready else None
        except (EOFError, OSError):
            self._discard(worker)
            raise QueryError(
                "the query engine failed on this query (its worker died); simplify the query"
            ) from None
        if answer is None:
            self._discard(worker)
            raise QueryTimeout(f"the query ran longer than {timeout_s:g} s; narrow it or raise the timeout")
        status, payload, retire = answer
        if retire or worker.generation != self._generation:
            self._discard(worker)  # it left a parse running: replace it rather than queue behind it
        else:
            self._idle.put(worker)
        if status == "ok":
            result: QueryResult = payload
            return result
        kind, message, line, column = payload
        error = QueryTimeout if kind == "timeout" else QueryError
        raise error(message, line=line, column=column)

    def _fresh_worker(self) -> _Worker:
        """An idle worker that opened the current store, waiting at most `wait_s` (QueryBusy)."""
        give_up = time.monotonic() + self.wait_s
        while True:
            try:
                worker = self._idle.get(timeout=max(give_up - time.monotonic(), 0.001))
            except queue.Empty:
                raise QueryBusy(
                    f"all {self.size} query workers stayed busy for {self.wait_s:g} s; try again shortly"
                ) from None
            if worker.generation == self._generation:
                return worker
            self._discard(worker)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()

    # ------------------------------------------------------------ workers

    def _spawn(self) -> _Worker:
        # A fresh interpreter (not fork: the service holds threads and the store's locks), started as
        # `python -c` so that nothing of the service's __main__ is re-run; a socket pair is its pipe.
        generation = self._generation
        ours, theirs = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        code = f"from graph.query_pool import main; main({theirs.fileno()}, {str(self.store_dir)!r}, {generation})"
        process = subprocess.Popen(
            [sys.executable, "-c", code], pass_fds=[theirs.fileno()], env=env, stdin=subprocess.DEVNULL
        )
        theirs.close()
        parent = Connection(ours.detach())
        try:
            if not parent.poll(_START_TIMEOUT_S):
                raise EOFError
            status, netless = parent.recv()
        except (EOFError, OSError):
            process.kill()
            process.wait()
            raise QueryError("a query worker did not start; see the service log") from None
        if status != "ready":
            process.kill()
            raise QueryError(f"a query worker could not open the store: {netless}")
        worker = _Worker(process, parent, bool(netless), generation)
        self.netless = bool(netless) if self.netless is None else (self.netless and bool(netless))
        with self._lock:
            if self._closed:
                worker.kill()
                return worker
            self._all.add(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        self._replace()

    def _replace(self) -> None:
        def start() -> None:
            for attempt in range(5):
                if self._closed:
                    return
                try:
                    worker = self._spawn()
                except QueryError:
                    time.sleep(1 + attempt)
                    continue
                if not self._closed:
                    self._idle.put(worker)
                return

        threading.Thread(target=start, name="query-worker-start", daemon=True).start()


# ---------------------------------------------------------------- inside a worker process


def leave_network() -> bool:
    """Move this (single-threaded) process into fresh user and network namespaces: no route anywhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET)) == 0
    except (OSError, AttributeError):
        return False


def main(fd: int, store_dir: str, generation: int = 0) -> None:
    """A worker's life: leave the network, open the store read-only, answer queries until the pipe closes."""
    netless = leave_network()  # first: unsharing a user namespace needs a single-threaded process
    sys.setrecursionlimit(200_000)
    threading.stack_size(_WORKER_STACK)
    conn = Connection(fd)
    thread = threading.Thread(target=_loop, args=(conn, store_dir, netless, generation), name="query")
    thread.start()
    thread.join()


def _open_read_only(store_dir: str, attempts: int = 4) -> Any:
    """The store read-only. The writer may be compacting as a reader opens it (a table file listed in the
    manifest is gone by the time it is opened): such an open is tried again after a short pause."""
    import pyoxigraph as ox

    for attempt in range(attempts):
        try:
            return ox.Store.read_only(store_dir)
        except Exception:
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def _loop(conn: Connection, store_dir: str, netless: bool, generation: int) -> None:
    try:
        store = _open_read_only(store_dir)
    except Exception as exc:  # say why, rather than leave the pool waiting on a dead pipe
        conn.send(("failed", str(exc)))
        return
    try:
        conn.send(("ready", netless))
    except OSError:
        return  # the pool closed while this worker started
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request["generation"] != generation:
            store = _open_read_only(store_dir)
            generation = request["generation"]
        try:
            answer: tuple[str, Any] = ("ok", run_query(store, request))
        except QueryError as exc:
            answer = ("error", ("query", str(exc), exc.line, exc.column))
        except Exception as exc:  # an engine error must not end the worker
            answer = ("error", ("query", f"the query failed: {exc}", None, None))
        conn.send((*answer, _abandoned_parses > 0))


_abandoned_parses = 0
_PARSE_BUDGET_S = 1.0


_VERDICTS: OrderedDict[str, tuple[Any, str | None]] = OrderedDict()
_VERDICTS_KEPT = 256  # queries repeat (the web page's examples, clients polling): ~45 ms of parsing saved


def _parse_tree(sparql: str) -> Any:
    """rdflib's parse-tree verdict within a time budget: its backtracking parser is slow on some valid
    queries (nested SERVICE). Past the budget the lexical verdict stands and this worker is retired.
    Verdicts are remembered per query text."""
    if sparql in _VERDICTS:
        _VERDICTS.move_to_end(sparql)
        shape, refusal = _VERDICTS[sparql]
        if refusal is not None:
            raise QueryError(refusal)
        return shape
    try:
        shape = _parse_tree_within_budget(sparql)
    except QueryError as exc:
        _remember(sparql, None, str(exc))
        raise
    _remember(sparql, shape, None)
    return shape


def _remember(sparql: str, shape: Any, refusal: str | None) -> None:
    _VERDICTS[sparql] = (shape, refusal)
    while len(_VERDICTS) > _VERDICTS_KEPT:
        _VERDICTS.popitem(last=False)


def _parse_tree_within_budget(sparql: str) -> Any:
    from graph.query_guard import Unparsed, inspect_query

    outcome: dict[str, Any] = {}

    def parse() -> None:
        try:
            outcome["shape"] = inspect_query(sparql)
        except Unparsed:
            outcome["shape"] = None
        except QueryError as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=parse, name="parse-tree", daemon=True)
    thread.start()
    thread.join(_PARSE_BUDGET_S)
    if thread.is_alive():
        global _abandoned_parses
        _abandoned_parses += 1
        return None
    if "error" in outcome:
        raise outcome["error"]
    return outcome["shape"]


def run_query(store: Any, request: dict[str, Any]) -> QueryResult:
    """Check a query's parse tree and dataset, then run it on `store` (a pyoxigraph Store)."""
    import pyoxigraph as ox

    from graph.namespaces import PREFIXES
    from graph.query_guard import QueryShape, check_dataset, check_syntax, lexical_shape
    from graph.sparql import check_query, syntax_error
    from graph.store import oxigraph_result

    sparql: str = request["query"]
    available = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    check_query(sparql, local_graphs=available)  # updates and LOAD: the clear read-only message
    check_syntax(sparql)  # Oxigraph's parser: is it SPARQL at all
    lexical = lexical_shape(sparql)  # SERVICE refused from the tokens, FROM read from them
    shape = _parse_tree(sparql) or lexical  # the parse tree decides when rdflib can parse it
    if request["default"] is not None or request["named"] is not None:
        shape = QueryShape(tuple(request["default"] or ()), tuple(request["named"] or ()))
    options: dict[str, Any] = {"prefixes": PREFIXES}
    if shape.has_dataset:
        check_dataset(shape, available)
        options["default_graph"] = [ox.NamedNode(g) for g in shape.default_graphs]
        options["named_graphs"] = [ox.NamedNode(g) for g in shape.named_graphs]
    else:
        options["use_default_graph_as_union"] = True
    try:
        answer = store.query(sparql, **options)
        return oxigraph_result(answer, int(request["limit"]))
    except SyntaxError as exc:
        raise syntax_error(sparql, str(exc)) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}") from None
