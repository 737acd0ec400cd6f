#!/usr/bin/env bash
# Sets up Aftale and starts the chat app on the bundled corpus (ingested on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/system-packages.sh
exec .venv/bin/aftale app "$@"
