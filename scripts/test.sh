#!/usr/bin/env bash
# The project's test command: lint, format check, type check, then the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
# issue 16: the graph and API tests once more with every data directory's store on an Oxigraph server
# (the remote store, graph/remote.py); only on a whole run, not when given test paths.
if [ $# -eq 0 ]; then
  BUDGETKG_TEST_STORE=remote .venv/bin/python -m pytest -q tests/graph tests/api
fi
