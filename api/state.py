"""What the running service holds: its settings, the one open store, and a lock for ingests."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from api.settings import Settings
from graph.query_pool import QueryPool
from graph.store import OxigraphStore, Store, open_store, store_path


@dataclass
class ServiceState:
    settings: Settings
    store: Store
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)
    searches: ThreadPoolExecutor | None = None  # the search pool (settings.search_threads threads)
    queries: QueryPool | None = None  # public SPARQL runs here: killable, netless worker processes

    @classmethod
    def open(cls, settings: Settings) -> ServiceState:
        """Open the store and, before serving, mend what a crash left (api/recovery.py): an upload killed
        between the graph commit and the search index is finished here. One of several worker processes
        (`serve --workers N`, settings.read_only) only reads: it mends nothing."""
        data_dir = Path(settings.data_dir)
        if not settings.read_only:
            data_dir.mkdir(parents=True, exist_ok=True)
        store = open_store(data_dir, read_only=settings.read_only)
        state = cls(
            settings=settings,
            store=store,
            searches=ThreadPoolExecutor(max(1, settings.search_threads), thread_name_prefix="search"),
        )
        if not settings.read_only:
            state._repair_at_start()
        # The query workers open the store after the repair, so they see what it mended.
        if settings.query_workers > 0 and isinstance(store, OxigraphStore) and store.path is not None:
            store.flush()
            pool = QueryPool(store_path(data_dir), size=settings.query_workers, wait_s=settings.query_wait_s)
            state.queries = pool.start()
        return state

    def _repair_at_start(self) -> None:
        from api.recovery import repair

        log = logging.getLogger("budgetkg.recovery")
        try:
            result = repair(Path(self.settings.data_dir), self.store, log.info)
        except Exception:  # a damaged index must not keep the graph from being served
            log.exception("could not check the search index against the graph; run `budgetkg repair`")
            return
        for line in result.mended:
            log.warning("repaired at start: %s", line)
        for line in result.left:
            log.warning("not repaired: %s", line)

    def store_changed(self) -> None:
        """After an ingest: the query workers reopen the store before their next query."""
        if self.queries is not None:
            if isinstance(self.store, OxigraphStore):
                self.store.flush()
            self.queries.refresh()

    def close(self) -> None:
        if self.searches is not None:
            self.searches.shutdown(wait=True, cancel_futures=True)
        if self.queries is not None:
            self.queries.close()
        self.store.close()
