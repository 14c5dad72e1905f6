"""Named points where a crash test kills the process: `BUDGETKG_CRASH_AT=<point>` sends SIGKILL there.

The recovery design (docs/ARCHITECTURE.md, "Crash-safe ingest") is tested by killing `budgetkg ingest`
at each point and checking that graph and search index agree after `budgetkg repair`. A named point is
deterministic where a timer would race. Unset (always, outside tests), `crash_point` is one dict lookup.
Lives in the lowest stage so that every stage may mark its points.
"""

from __future__ import annotations

import os
import signal

ENV = "BUDGETKG_CRASH_AT"

# In the order an ingest passes them.
POINTS = (
    "read",  # the book is read and parsed; nothing written yet
    "journal-written",  # the redo journal is on disk; the graph not yet committed
    "graph-committed",  # the book's graph is committed; the search index not yet touched
    "index-encoded",  # the chunks are encoded (cached); the index not yet written
    "index-files",  # the index's new generation is written; its meta.json (the switch) not yet
    "index-saved",  # the index is switched; the journal not yet removed (the commit point)
)


def crash_point(name: str) -> None:
    """Die here, as `kill -9` would, when BUDGETKG_CRASH_AT names this point."""
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
