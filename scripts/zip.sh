#!/usr/bin/env bash
# `npm run zip`: the two store packages, built fresh, in artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(node -p "require('./package.json').version")
npx vite build --logLevel warn
npx vite build --mode firefox --logLevel warn
npx web-ext lint --source-dir dist-firefox --no-config-discovery
npx web-ext build --source-dir dist --artifacts-dir artifacts --overwrite-dest --no-config-discovery --filename "cors-doctor-chrome-${version}.zip"
npx web-ext build --source-dir dist-firefox --artifacts-dir artifacts --overwrite-dest --no-config-discovery --filename "cors-doctor-firefox-${version}.zip"
ls -l artifacts
