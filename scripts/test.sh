#!/usr/bin/env bash
# Sets up Aftale with its test tools (Tesseract's Danish model, Chromium) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
bash scripts/system-packages.sh browser
exec .venv/bin/python -m pytest "$@"
