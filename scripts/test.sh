#!/usr/bin/env bash
# The one test command: type checks, production build, then every test layer.
# Ends with the plain line `N passed, N failed` (printed by
# test/summary-reporter.ts, or here when an earlier step fails).
set -uo pipefail
cd "$(dirname "$0")/.."

step() {
  local name=$1
  shift
  echo "== $name: $*"
  if ! "$@"; then
    echo "npm test: step '$name' failed" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
}

step "typecheck (extension, tests, lab)" npx tsc --noEmit -p tsconfig.json
step "typecheck (src/core, standalone and pure)" npx tsc -p tsconfig.core.json
step "typecheck (src/cli: Node only, no DOM or chrome)" npx tsc -p tsconfig.cli.json
step "build (Chromium: dist/)" npx vite build --logLevel warn
step "build (Firefox: dist-firefox/)" npx vite build --mode firefox --logLevel warn
step "web-ext lint (Firefox build, 0 errors)" npx web-ext lint --source-dir dist-firefox --no-config-discovery
echo "== vitest: core, background, panel, build, e2e (Chromium and Firefox)"
npx vitest run "$@"
