#!/usr/bin/env bash
# Installs the Debian packages Aftale uses beside Python: Tesseract with its Danish model (scanned PDFs),
# DejaVu Sans (the unseen document's PDF and the tests' PDFs in an embedded font) and, with "browser", Chromium for the browser tests. Needs root or sudo; without either it says what
# is missing and carries on (scans are then reported as unreadable, with that reason).
# Usage: bash scripts/system-packages.sh [browser]
set -euo pipefail
want=(tesseract-ocr tesseract-ocr-dan fonts-dejavu-core)
[ "${1:-}" = browser ] && want+=(chromium)
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "Mangler systempakker (kræver root): ${missing[*]}" >&2; exit 0
fi
echo "Installerer systempakker: ${missing[*]} ..."
$SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
