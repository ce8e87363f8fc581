#!/usr/bin/env bash
# Installs what trawl needs on a fresh Debian/Ubuntu machine: the C libraries it links (with their
# headers and pkg-config, which Swift's system-library targets use to find them) and the sqlite3 CLI; for the
# tests, nginx-light (/usr/sbin/nginx with ssl and http2: the HTTPS/HTTP/2 server) and openssl (test certificates).
set -euo pipefail
packages=(pkgconf libsqlite3-dev libcurl4-openssl-dev libxml2-dev libidn2-dev libpsl-dev publicsuffix sqlite3
          nginx-light openssl)
# For the proxy tests: tinyproxy (HTTP proxy, CONNECT, BasicAuth), microsocks (SOCKS5) and stunnel4 (TLS in front
# of tinyproxy: an https:// proxy), all run by the tests themselves on loopback ports with their own configuration
# (openssl above also makes their TLS origin).
packages+=(tinyproxy microsocks stunnel4)
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
command -v swift >/dev/null || { echo "setup: Swift 6 is required (swift not on PATH)" >&2; exit 1; }
