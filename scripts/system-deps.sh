#!/usr/bin/env bash
# Installs the Debian packages Cylch needs, only those missing.
# Usage: scripts/system-deps.sh run|test
set -euo pipefail
need=()
command -v msgfmt >/dev/null || need+=(gettext)
command -v npm >/dev/null || need+=(nodejs npm)
if [ "${1:-run}" = "test" ]; then
  command -v chromium >/dev/null || need+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  # Fonts so that headless Chromium renders text for screenshots.
  fc-list 2>/dev/null | grep -qi "dejavu\|liberation" || need+=(fonts-dejavu-core)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "Missing system packages: ${need[*]}. Install them with apt-get (needs root)." >&2
    exit 1
  fi
  echo "Installing system packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
