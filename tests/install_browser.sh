#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the browser test, when they are missing.
# Fails (exit 1) when they cannot be installed: the browser test is part of the suite, not optional.
set -u
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ] && ! command -v sudo >/dev/null 2>&1; then
  echo "browser: Chromium is missing and this user can neither install it (not root) nor use sudo." >&2
  echo "browser: install Debian's chromium (apt-get install chromium) and run make test again." >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" != "0" ] && SUDO="sudo -n"
echo "browser: installing Debian chromium and chromium-driver (once per machine)…" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq >/dev/null 2>&1 && $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1; }; then
  echo "browser: could not install chromium with apt-get; the browser test cannot run" >&2
  exit 1
fi
