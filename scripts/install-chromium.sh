#!/usr/bin/env bash
# Debian's Chromium, for the `rlr preview` screenshot test (test/preview), which drives
# it through playwright-core: `npx playwright install` cannot download browsers here.
# Idempotent: does nothing when /usr/bin/chromium is present; otherwise updates the
# package lists once and installs the one package.
set -euo pipefail

chromium=/usr/bin/chromium
if [ -x "$chromium" ]; then
  echo "chromium present: $("$chromium" --version 2>/dev/null || echo "$chromium")"
  exit 0
fi

sudo=''
if [ "$(id -u)" -ne 0 ]; then sudo='sudo'; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends chromium

if [ ! -x "$chromium" ]; then
  echo "chromium installed but $chromium is missing" >&2
  exit 1
fi
echo "installed: $("$chromium" --version 2>/dev/null || echo "$chromium")"
