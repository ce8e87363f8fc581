#!/usr/bin/env bash
# Sets up a fresh machine and runs every test (real loopback servers, real SQLite files, real libcurl/libxml2).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# A first debug build from an empty .build can stop with a clang module error ("'__fds_bits' from module
# 'SwiftGlibc' is not present in definition of 'fd_set' in module 'CCurl'"); the build after it completes.
# `swift test` below builds again, so this first build's failure is not the run's.
swift build --build-tests 2>&1 | grep -v "^\[" || true
swift test "$@"
