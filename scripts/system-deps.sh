#!/usr/bin/env bash
# Installs the Debian packages Cylch needs, only those missing.
# Usage: scripts/system-deps.sh run|test
set -euo pipefail
need=()
command -v msgfmt >/dev/null || need+=(gettext)
command -v npm >/dev/null || need+=(nodejs npm)
# WeasyPrint renders PDFs with Pango; DejaVu covers every Welsh letter (ŵ, ŷ).
ldconfig -p 2>/dev/null | grep -q libpangoft2 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ "${1:-run}" = "test" ]; then
  command -v chromium >/dev/null || need+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
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
