#!/usr/bin/env bash
# The crawler benchmark of issue 5: trawl against an aiohttp + lxml crawler, Scrapy and wget2, on one generated
# site served by nginx on loopback, plus the machine's limits on that site (nginx, libxml2, SQLite).
#
#   bench/run.sh [--pages 20000] [--rounds 3] [--port 8080] [--crawlers trawl,aiohttp,scrapy,wget2]
#                [--limits nginx,parse,sqlite] [--seed S] [--wrk-seconds 10] [--no-install] [--keep-databases]
#                [--trawl-flags "--commit-delay 0.5"]
#
# Installs what it needs (Debian packages with apt-get, as root or through sudo; the Python peers into
# bench/.venv with pip), builds trawl and trawl-bench in release mode, generates the site into bench/work/
# (reused while the generator, seed, port and page count are unchanged), starts nginx on its own config,
# runs bench/lib/harness.py, and stops nginx on any exit. Prints the table; writes bench/work/results.json.
# Nothing leaves the machine: all traffic is on 127.0.0.2-9.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
WORK=$BENCH/work
VENV=$BENCH/.venv

pages=20000 rounds=3 port=8080 seed=trawl-bench-1 wrk_seconds=10 install=1
crawlers=trawl,aiohttp,scrapy,wget2 limits=nginx,parse,sqlite keep=() trawl_flags=""
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }
while (($#)); do
    case $1 in
        --pages) pages=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        --crawlers) crawlers=$2; shift 2 ;;
        --limits) limits=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --wrk-seconds) wrk_seconds=$2; shift 2 ;;
        --no-install) install=0; shift ;;
        --keep-databases) keep=(--keep-databases); shift ;;
        --trawl-flags) trawl_flags=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench: unknown argument '$1'" >&2; usage >&2; exit 64 ;;
    esac
done
[[ $pages =~ ^[0-9]+$ && $pages -ge 320 ]] || { echo "bench: --pages must be a number, at least 320" >&2; exit 64; }
[[ $rounds =~ ^[0-9]+$ && $rounds -ge 1 ]] || { echo "bench: --rounds must be at least 1" >&2; exit 64; }

log() { echo "bench: $*" >&2; }
started=$SECONDS

# --- 1. packages, Python peers, builds; 2. the site ---------------------------------------------------------------
# shellcheck source=lib/prepare.sh
source "$BENCH/lib/prepare.sh"
# shellcheck source=lib/nginx.sh
source "$BENCH/lib/nginx.sh"
nginx_check_port "$port"
if ((install)); then
    prepare_packages
    prepare_peers
fi
prepare_builds
prepare_site "$pages" "$seed" "$port"

# --- 3. nginx, the crawls, the limits ----------------------------------------------------------------------------
trap 'nginx_stop' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
nginx_start "$WORK" "$WORK/site" "$port"
log "nginx (pid $NGINX_PID) serves 127.0.0.2-9:$port"

status=0
python3 "$BENCH/lib/harness.py" --work "$WORK" --trawl "$BIN/trawl" --trawl-bench "$BIN/trawl-bench" \
    --venv "$VENV" --port "$port" --nginx-pid "$NGINX_PID" --rounds "$rounds" --crawlers "$crawlers" \
    --limits "$limits" --wrk-seconds "$wrk_seconds" --trawl-flags "$trawl_flags" "${keep[@]}" || status=$?
nginx_stop
log "done in $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s"
exit "$status"
