"""What the running service holds: its settings, the one open store, and a lock for ingests."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from api.settings import Settings
from graph.store import Store, open_store


@dataclass
class ServiceState:
    settings: Settings
    store: Store
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, settings: Settings) -> ServiceState:
        if settings.read_only:  # one of several worker processes: many readers, no writer
            return cls(settings=settings, store=open_store(Path(settings.data_dir), read_only=True))
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
        return cls(settings=settings, store=open_store(Path(settings.data_dir)))

    def close(self) -> None:
        self.store.close()
