#!/usr/bin/env bash
# Installs what trawl needs on a fresh Debian/Ubuntu machine: the C libraries it links (with their headers and
# pkg-config, which Swift's system-library targets use to find them) and the sqlite3 CLI, then the servers and
# tools the tests start themselves (each on loopback, with its own configuration in a temporary folder).
set -euo pipefail

# Linked by trawl (libpq for `--db postgres://…`, zlib for gzip sitemaps and WARC files), and the sqlite3 CLI of the README's queries.
packages=(pkgconf libsqlite3-dev libcurl4-openssl-dev libxml2-dev libidn2-dev libpsl-dev publicsuffix sqlite3
          libpq-dev postgresql-client zlib1g-dev)
# Test servers: nginx-light (/usr/sbin/nginx with ssl and http2: the HTTPS/HTTP/2 server), openssl (test
# certificates, and the TLS origin of the proxy tests), PostgreSQL (a private cluster per test run:
# scripts/postgres-cluster.sh).
packages+=(nginx-light openssl postgresql)
# Proxies: tinyproxy (HTTP proxy, CONNECT, BasicAuth), microsocks (SOCKS5) and stunnel4 (TLS in front of
# tinyproxy: an https:// proxy).
packages+=(tinyproxy microsocks stunnel4)
# The curl command-line tool: a test checks that curl reads back the cookie jar --save-cookies writes.
packages+=(curl)

sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"

# The servers above would be started as system services by their packages' install scripts (nginx on port 80,
# tinyproxy on 8888, a PostgreSQL cluster on 5432, Prometheus): the tests never use those, and a service that
# fails to start would fail the install. A policy-rc.d that denies service starts (as container images have) is
# put in place for the install only.
policy=/usr/sbin/policy-rc.d
added_policy=""
deny_service_starts() {
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
        $sudo chmod 755 "$policy"
        added_policy=1
    fi
}
allow_service_starts() { [ -z "$added_policy" ] || $sudo rm -f "$policy"; }
trap allow_service_starts EXIT

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    deny_service_starts
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# promtool, which the metrics tests run on trawl's /metrics output (`promtool check metrics`), ships only in
# Debian's prometheus package; its recommends (node exporter and its timers) are left out.
if ! command -v promtool >/dev/null; then
    echo "setup: installing prometheus (for promtool; its server is not started)" >&2
    deny_service_starts
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
command -v swift >/dev/null || { echo "setup: Swift 6 is required (swift not on PATH)" >&2; exit 1; }
