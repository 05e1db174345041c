#!/bin/sh
# Installs Debian's Chromium for the dashboard's browser test (apps/cli/src/dashboard.e2e.test.ts).
# Idempotent: does nothing when /usr/bin/chromium is already there. Never downloads a browser of its own:
# playwright-core drives this system Chromium through executablePath.
set -eu

if [ -x /usr/bin/chromium ]; then
  echo "install-chromium: /usr/bin/chromium already present ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-chromium: not root and no sudo; cannot install chromium" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium
echo "install-chromium: installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
