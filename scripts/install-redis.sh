#!/usr/bin/env bash
# Debian's redis-server, which `rlr run --queue` and `rlr worker` coordinate
# through (BullMQ) and the scale-out tests start on a free port of their own.
# Idempotent: installs only when missing, and updates the package lists once.
set -euo pipefail

package=redis-server
if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' && command -v redis-server >/dev/null; then
  echo "redis-server present: $(redis-server --version | head -n 1)"
  exit 0
fi

sudo=''
if [ "$(id -u)" -ne 0 ]; then sudo='sudo'; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "$package"
# The tests and workers start their own servers; the packaged service is not needed.
echo "installed: $(redis-server --version | head -n 1)"
