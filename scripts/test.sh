#!/usr/bin/env bash
# Sets up a fresh machine and runs every test (real loopback servers, real SQLite files, a private PostgreSQL
# cluster, real libcurl/libxml2).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests 2>&1 | grep -v "^\[" || true
# One private PostgreSQL cluster for the whole run (127.0.0.1 only, in a temporary folder), stopped by its PID
# at the end; the tests make a database each in it. Without TRAWL_TEST_POSTGRES the tests start their own.
cluster=$(mktemp -d /tmp/trawl-test-pg-XXXXXX)
trap 'bash scripts/postgres-cluster.sh stop "$cluster"' EXIT
TRAWL_TEST_POSTGRES=$(bash scripts/postgres-cluster.sh start "$cluster")
export TRAWL_TEST_POSTGRES
swift test "$@"
