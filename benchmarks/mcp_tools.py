"""Time the MCP tools over stdio (the SDK's client, as an assistant calls them) on a data directory.

    python benchmarks/mcp_tools.py DATA_DIR [AGENCY]

Prints the server's start-up (spawn + initialize) and each tool call's wall time.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    from mcp import ClientSession, StdioServerParameters, stdio_client

    data_dir, agency = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "內政部")
    env = {k: v for k, v in os.environ.items() if k in {"PYTHONPATH", "BUDGETKG_EMBED_CACHE", "HOME", "PATH"}}
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "api.cli", "--data", data_dir, "mcp"], env=env
    )
    calls = [
        ("grants", {"agency": agency, "kind": "補助"}),
        ("grants", {"agency": agency, "kind": "補助", "recipient": "政府"}),
        ("search", {"query": "補助地方政府", "k": 10}),  # the first search loads the embedding model
        ("search", {"query": "替代役役男", "k": 10}),
        ("sparql", {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}),
        ("cited_by", {"statute": "替代役實施條例"}),
    ]

    async def session() -> None:
        started = time.perf_counter()
        async with stdio_client(params) as (read, write), ClientSession(read, write) as client:
            await client.initialize()
            print(f"start-up (spawn + initialize): {time.perf_counter() - started:6.2f} s")
            for name, arguments in calls:
                began = time.perf_counter()
                result = await client.call_tool(name, arguments)
                status = "error" if result.is_error else "ok"
                print(f"{name:10} {arguments!s:60.60} {time.perf_counter() - began:6.2f} s  {status}")

    anyio.run(session)


if __name__ == "__main__":
    main()
