#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium; no test tool downloads a browser of its own.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "Installing Debian's chromium for the end-to-end tests…"
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing and this is not root: run 'sudo apt-get install -y chromium' first." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
