"""Drive `budgetkg mcp` over stdio with the official SDK's own client (mcp.client.stdio), as an assistant does."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import anyio

REPO = Path(__file__).resolve().parents[2]


def call_tools(data_dir: Path, calls: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """Spawn the server on `data_dir`, list its tools, run `calls` in order; returns tool names and answers
    (each answer: {"error": bool, "data": the JSON the tool returned, "text": its text content})."""
    from mcp import ClientSession, StdioServerParameters, stdio_client

    env = {
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        "BUDGETKG_EMBED_CACHE": os.environ.get("BUDGETKG_EMBED_CACHE", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
    }
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "api.cli", "--data", str(data_dir), "mcp"], env=env, cwd=str(REPO)
    )
    out: dict[str, Any] = {"answers": []}

    async def session() -> None:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as client:
            await client.initialize()
            out["tools"] = sorted(tool.name for tool in (await client.list_tools()).tools)
            for name, arguments in calls:
                result = await client.call_tool(name, arguments)
                text = "".join(getattr(part, "text", "") for part in result.content)
                data = result.structured_content
                if data is None and not result.is_error:
                    data = json.loads(text)
                out["answers"].append({"error": bool(result.is_error), "data": data, "text": text})

    anyio.run(session)
    return out
