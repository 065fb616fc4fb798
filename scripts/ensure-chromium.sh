#!/bin/sh
# The browser tests drive Debian's Chromium with Playwright (no browser download). Install it when missing
# and we may (root or passwordless sudo); otherwise the browser tests skip with a message saying so.
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  echo "chromium is missing and cannot be installed without root: browser tests will be skipped"; exit 0
fi
echo "installing chromium (Debian package) for the browser tests..."
$SUDO apt-get update -qq >/dev/null 2>&1
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null 2>&1 \
  || echo "chromium could not be installed: browser tests will be skipped"
exit 0
