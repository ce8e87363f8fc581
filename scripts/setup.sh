#!/usr/bin/env bash
# Installs what trawl needs on a fresh Debian/Ubuntu machine: the C libraries it links (with their
# headers and pkg-config, which Swift's system-library targets use to find them) and the sqlite3 CLI; for the
# tests, nginx-light (/usr/sbin/nginx with ssl and http2: the HTTPS/HTTP/2 server) and openssl (test certificates).
set -euo pipefail
packages=(pkgconf libsqlite3-dev libcurl4-openssl-dev libxml2-dev libidn2-dev libpsl-dev publicsuffix sqlite3
          nginx-light openssl libpq-dev postgresql postgresql-client)
# For the proxy tests: tinyproxy (HTTP proxy, CONNECT, BasicAuth), microsocks (SOCKS5) and stunnel4 (TLS in front
# of tinyproxy: an https:// proxy), all run by the tests themselves on loopback ports with their own configuration
# (openssl above also makes their TLS origin).
packages+=(tinyproxy microsocks stunnel4)
# The curl command-line tool: a test checks that curl reads back the cookie jar --save-cookies writes.
packages+=(curl)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# promtool, which the metrics tests run on trawl's /metrics output (`promtool check metrics`), ships only in
# Debian's prometheus package. Its postinst would start a Prometheus server where services run: a
# policy-rc.d that denies service starts (as container images have) is put in place for this install only,
# and recommends (node exporter and its timers) are left out.
if ! command -v promtool >/dev/null; then
    echo "setup: installing prometheus (for promtool; its server is not started)" >&2
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    policy=/usr/sbin/policy-rc.d
    added_policy=""
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
        $sudo chmod 755 "$policy"
        added_policy=1
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null
    [ -z "$added_policy" ] || $sudo rm -f "$policy"
fi
command -v swift >/dev/null || { echo "setup: Swift 6 is required (swift not on PATH)" >&2; exit 1; }
