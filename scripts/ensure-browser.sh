#!/usr/bin/env bash
# Make sure Chromium is installed for the browser tests (tests/browser drive it with
# Playwright through /usr/bin/chromium: Playwright's own browser downloads are not used).
# Installs Debian's `chromium` package when it is missing and apt is usable; silent when
# present. Never fails by itself: without Chromium the browser tests skip, or fail with CI=true.
set -uo pipefail

if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium (for the browser tests) ..." >&2
  apt-get update -qq >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium \
    >/dev/null 2>&1 || echo "chromium could not be installed; the browser tests will skip" >&2
else
  echo "chromium not found; install it (Debian: apt-get install chromium) for the browser" \
    "tests" >&2
fi
exit 0
