#!/usr/bin/env bash
# Installs what trawl needs on a fresh Debian/Ubuntu machine: the C libraries it links (with their
# headers and pkg-config, which Swift's system-library targets use to find them) and the sqlite3 CLI.
set -euo pipefail
packages=(pkgconf libsqlite3-dev libcurl4-openssl-dev libxml2-dev libidn2-dev libpsl-dev publicsuffix sqlite3
          libpq-dev postgresql postgresql-client)
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
