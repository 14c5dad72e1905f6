"""What the running service holds: its settings, the one open store, and a lock for ingests."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from api.settings import Settings
from graph.store import Store, open_store


@dataclass
class ServiceState:
    settings: Settings
    store: Store
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)
    searches: ThreadPoolExecutor | None = None  # the search pool (settings.search_threads threads)

    @classmethod
    def open(cls, settings: Settings) -> ServiceState:
        """Open the store and, before serving, mend what a crash left (api/recovery.py): an upload killed
        between the graph commit and the search index is finished here."""
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
        state = cls(
            settings=settings,
            store=open_store(Path(settings.data_dir)),
            searches=ThreadPoolExecutor(max(1, settings.search_threads), thread_name_prefix="search"),
        )
        from api.recovery import repair

        log = logging.getLogger("budgetkg.recovery")
        try:
            result = repair(Path(settings.data_dir), state.store, log.info)
        except Exception:  # a damaged index must not keep the graph from being served
            log.exception("could not check the search index against the graph; run `budgetkg repair`")
            return state
        for line in result.mended:
            log.warning("repaired at start: %s", line)
        for line in result.left:
            log.warning("not repaired: %s", line)
        return state

    def close(self) -> None:
        if self.searches is not None:
            self.searches.shutdown(wait=True, cancel_futures=True)
        self.store.close()
