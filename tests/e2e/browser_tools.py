"""Whether this machine can drive a browser: Debian's chromium + chromedriver and selenium."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def missing_browser_tools() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    for tool in (CHROMIUM, CHROMEDRIVER):
        if not tool.exists():
            return f"{tool} is missing: install Debian's chromium and chromium-driver (scripts/setup.sh does)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is missing: install the dev extras (pip install -e '.[dev]')"
    return None
