#!/bin/sh
# The browser tests drive Debian's Chromium with Playwright (no browser download). This is a visible step of
# `make test`: it says what it does, installs the Debian package when Chromium is missing and we may (root or
# passwordless sudo), and shows apt's output when the install fails.
#   CI=true: a Chromium that cannot be had is an error (exit 1), and the browser tests fail too.
#   locally: the browser tests skip, saying why.   QUELLENLAGE_NO_INSTALL=1: never install, only check.
CHROMIUM="${QUELLENLAGE_CHROMIUM:-/usr/bin/chromium}"  # the tests point it elsewhere to check the failure paths
if [ -x "$CHROMIUM" ]; then
  echo "ensure-chromium: $CHROMIUM found ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

fail() {
  echo "ensure-chromium: $1" >&2
  if [ "${CI:-}" = "true" ]; then
    echo "ensure-chromium: CI=true, so this is an error: the browser tests cannot run" >&2
    exit 1
  fi
  echo "ensure-chromium: the browser tests will be skipped (tests/test_browser.py says so)" >&2
  exit 0
}

if [ "${QUELLENLAGE_NO_INSTALL:-}" = "1" ]; then
  fail "Chromium is missing at $CHROMIUM and QUELLENLAGE_NO_INSTALL=1 forbids installing it"
fi
if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
  fail "Chromium is missing at $CHROMIUM and cannot be installed without root (apt-get install -y chromium)"
fi

LOG=$(mktemp "${TMPDIR:-/tmp}/ensure-chromium.XXXXXX")
echo "ensure-chromium: Chromium is missing; installing the Debian package: ${SUDO:+$SUDO }apt-get install -y chromium"
if ! $SUDO apt-get update >"$LOG" 2>&1; then
  echo "ensure-chromium: apt-get update failed; its output:" >&2
  cat "$LOG" >&2
  rm -f "$LOG"
  fail "apt-get update failed"
fi
if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium >>"$LOG" 2>&1; then
  echo "ensure-chromium: apt-get install chromium failed; its output:" >&2
  cat "$LOG" >&2
  rm -f "$LOG"
  fail "Chromium could not be installed"
fi
rm -f "$LOG"
if [ ! -x "$CHROMIUM" ]; then
  fail "the chromium package installed, but $CHROMIUM is not there"
fi
echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
exit 0
