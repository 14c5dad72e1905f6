"""What the running service holds: its settings, the one open store, and a lock for ingests."""

from __future__ import annotations

import threading
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
    queries: QueryPool | None = None  # public SPARQL runs here: killable, netless worker processes

    @classmethod
    def open(cls, settings: Settings) -> ServiceState:
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
        store = open_store(Path(settings.data_dir))
        state = cls(settings=settings, store=store)
        if settings.query_workers > 0 and isinstance(store, OxigraphStore) and store.path is not None:
            store.flush()
            pool = QueryPool(
                store_path(Path(settings.data_dir)), size=settings.query_workers, wait_s=settings.query_wait_s
            )
            state.queries = pool.start()
        return state

    def store_changed(self) -> None:
        """After an ingest: the query workers reopen the store before their next query."""
        if self.queries is not None:
            if isinstance(self.store, OxigraphStore):
                self.store.flush()
            self.queries.refresh()

    def close(self) -> None:
        if self.queries is not None:
            self.queries.close()
        self.store.close()
