#!/usr/bin/env bash
# Sets up a fresh machine and runs every test (real loopback servers, real SQLite files, real libcurl/libxml2).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests 2>&1 | grep -v "^\[" || true
swift test "$@"
