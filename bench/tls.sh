#!/usr/bin/env bash
# The HTTPS benchmark of issue 11: the benchmark site (gen_site.py, links written https://) served over TLS by
# nginx with HTTP/2 offered in ALPN, crawled in interleaved rounds by trawl over HTTP/2 (its default) and over
# HTTP/1.1 (--http1.1), by wget2 likewise (its default HTTP/2, and --no-http2), and by the aiohttp peer
# (HTTP/1.1 only). Every crawler trusts a test CA made here with openssl (trawl --ca-cert, wget2
# --ca-certificate, aiohttp ssl context); nothing else changes from bench/run.sh (100 connections, 8 per host).
#
#   bench/tls.sh [--pages 5000] [--rounds 3] [--port 8443]
#                [--crawlers trawl,trawl-http1.1,aiohttp,wget2,wget2-http1.1] [--no-install] [--trawl-flags "..."]
#                [--keep-ssl-env]   (keep SSL_CERT_FILE / SSL_CERT_DIR for the crawlers; unset by default)
#
# Work files go to bench/work-tls/ (the site is reused while the generator, seed, port and page count are
# unchanged); the table is printed and written with every run's figures to bench/work-tls/results.json.
# Nothing leaves the machine: all traffic is on 127.0.0.2-9.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
WORK=$BENCH/work-tls
VENV=$BENCH/.venv

pages=5000 rounds=3 port=8443 seed=trawl-bench-1 install=1 trawl_flags="" keep_ssl_env=0
crawlers=trawl,trawl-http1.1,aiohttp,wget2,wget2-http1.1
usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }
while (($#)); do
    case $1 in
        --pages) pages=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        --crawlers) crawlers=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --no-install) install=0; shift ;;
        --keep-ssl-env) keep_ssl_env=1; shift ;;
        --trawl-flags) trawl_flags=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench: unknown argument '$1'" >&2; usage >&2; exit 64 ;;
    esac
done
[[ $pages =~ ^[0-9]+$ && $pages -ge 320 ]] || { echo "bench: --pages must be a number, at least 320" >&2; exit 64; }
[[ $rounds =~ ^[0-9]+$ && $rounds -ge 1 ]] || { echo "bench: --rounds must be at least 1" >&2; exit 64; }

log() { echo "bench: $*" >&2; }
started=$SECONDS

# shellcheck source=lib/prepare.sh
source "$BENCH/lib/prepare.sh"
# shellcheck source=lib/nginx.sh
source "$BENCH/lib/nginx.sh"
nginx_check_port "$port"
if ((install)); then
    prepare_packages
    [[ ,$crawlers, == *,aiohttp,* ]] && prepare_peers
fi
prepare_builds

# --- the site, with https:// links and roots -------------------------------------------------------------------
mkdir -p "$WORK"
stamp="pages=$pages seed=$seed port=$port scheme=https generator=$(sha256sum "$BENCH/gen_site.py" | cut -c1-16)"
if [ -f "$WORK/site.json" ] && [ "$(cat "$WORK/site.stamp" 2>/dev/null)" = "$stamp" ]; then
    log "reusing the site in $WORK/site ($stamp)"
else
    rm -f "$WORK/site.stamp"
    log "generating $pages pages into $WORK/site (https:// links)"
    python3 "$BENCH/gen_site.py" --pages "$pages" --seed "$seed" --port "$port" --scheme https --out "$WORK"
    echo "$stamp" >"$WORK/site.stamp"
fi

# --- a test CA and one server certificate for the 8 hosts (EC P-256, as most sites now) -------------------------
tls=$WORK/tls
if ! openssl x509 -in "$tls/server.pem" -noout -checkend 86400 >/dev/null 2>&1; then
    log "making a test CA and a certificate for 127.0.0.2-9 in $tls (openssl)"
    rm -rf "$tls" && mkdir -p "$tls"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$tls/ca.key" \
        -out "$tls/ca.pem" -subj "/CN=trawl bench CA" -days 30 \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$tls/server.key" \
        -out "$tls/server.csr" -subj "/CN=trawl bench" 2>/dev/null
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' \
        "$(printf 'IP:127.0.0.%s,' 2 3 4 5 6 7 8 9 | sed 's/,$//')" >"$tls/server.ext"
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial -days 30 \
        -extfile "$tls/server.ext" -out "$tls/server.pem" 2>/dev/null
fi
export NGINX_TLS_CERT=$tls/server.pem NGINX_TLS_KEY=$tls/server.key NGINX_TLS_CA=$tls/ca.pem
# The crawlers find the system's CA store as on a machine where nobody chose one: SSL_CERT_FILE makes trawl
# (and any OpenSSL program) load that whole file for every new TLS connection; keep them with --keep-ssl-env.
((keep_ssl_env)) || unset SSL_CERT_FILE SSL_CERT_DIR

# --- nginx over TLS, the crawls ----------------------------------------------------------------------------------
trap 'nginx_stop' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
nginx_start "$WORK" "$WORK/site" "$port"
log "nginx (pid $NGINX_PID) serves https://127.0.0.2-9:$port (HTTP/2 and HTTP/1.1 offered in ALPN)"

site_mb=$(python3 -c "import json; print(round(json.load(open('$WORK/site.json'))['bytes'] / 1e6))")
title="Crawl over HTTPS (TLS 1.3, nginx offering h2 and http/1.1) of $pages pages on 8 hosts ($site_mb MB), \
100 connections, 8 per host; medians of $rounds interleaved rounds"
status=0
python3 "$BENCH/lib/harness.py" --work "$WORK" --trawl "$BIN/trawl" --trawl-bench "$BIN/trawl-bench" \
    --venv "$VENV" --port "$port" --nginx-pid "$NGINX_PID" --rounds "$rounds" --crawlers "$crawlers" \
    --limits "" --trawl-flags "$trawl_flags" --ca-cert "$tls/ca.pem" --title "$title" || status=$?
nginx_stop
log "done in $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s"
exit "$status"
