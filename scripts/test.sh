#!/usr/bin/env bash
# Sets up Aftale with its test tools (Tesseract's Danish model, Chromium) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
# the sign-in browser test's OpenID provider (oidc-provider-mock) and the browser driver come with the test extras
.venv/bin/python -c "import oidc_provider_mock, playwright" || { echo "Testværktøjerne mangler i .venv" >&2; exit 1; }
bash scripts/system-packages.sh browser
exec .venv/bin/python -m pytest "$@"
