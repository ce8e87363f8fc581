#!/usr/bin/env bash
# trawl on PostgreSQL against trawl on SQLite (issue 12): the benchmark site (bench/gen_site.py, served by nginx
# on 127.0.0.2-9) crawled by 1 process on SQLite and by 1, 2 and 4 processes on one local PostgreSQL (a private
# cluster with durable commits), interleaved, ROUNDS times. Prints one line per run: pages, seconds, pages/s,
# the crawlers' CPU seconds (user+system, all processes), PostgreSQL's CPU seconds (every server process,
# ended backends included: the postmaster's cutime/cstime) and both per page.
#   bench/postgres.sh [--pages 10000] [--rounds 1] [--port 18093] [--procs "1 2 4"]
# Needs a release build (swift build -c release --product trawl) and nginx, curl, sqlite3 (bench/run.sh installs them).
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
WORK=$BENCH/work-postgres
pages=10000 rounds=1 port=18093 procs="1 2 4"
while (($#)); do
    case $1 in
        --pages) pages=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        --procs) procs=$2; shift 2 ;;
        *) echo "bench/postgres.sh: unknown argument '$1'" >&2; exit 64 ;;
    esac
done
log() { echo "bench: $*" >&2; }
TRAWL=$ROOT/.build/release/trawl
[ -x "$TRAWL" ] || { echo "bench/postgres.sh: build first: swift build -c release --product trawl" >&2; exit 1; }
source "$BENCH/lib/prepare.sh"
source "$BENCH/lib/nginx.sh"
prepare_site "$pages" trawl-bench-1 "$port"
cluster=$(mktemp -d /tmp/trawl-bench-pg-XXXXXX)
trap 'nginx_stop; bash "$ROOT/scripts/postgres-cluster.sh" stop "$cluster"' EXIT
nginx_start "$WORK" "$WORK/site" "$port"
admin=$(TRAWL_PG_DURABLE=1 bash "$ROOT/scripts/postgres-cluster.sh" start "$cluster")
base=${admin%/postgres}
postmaster=$(head -1 "$cluster/data/postmaster.pid")
tick=$(getconf CLK_TCK)
flags=(--workers 100 --limit 100 --limit-per-host 8 --max-depth unlimited --follow host --ignore-robots --quiet)

# CPU seconds of the cluster so far: every live server process, plus what ended backends used (cutime/cstime).
pg_cpu() {
    local total=0 pid fields
    fields=($(sed 's/.*) //' /proc/$postmaster/stat))
    total=$((fields[11] + fields[12] + fields[13] + fields[14]))
    for pid in $(pgrep -P "$postmaster"); do
        fields=($(sed 's/.*) //' /proc/$pid/stat 2>/dev/null)) || continue
        total=$((total + fields[11] + fields[12]))
    done
    echo "$total"
}
seconds() { awk -v t="$1" -v h="$tick" 'BEGIN { printf "%.2f", t / h }'; }

# crawl DB N: N crawl processes on DB, each timed by GNU time; prints "wall cpu" (cpu summed over processes).
crawl() {
    local db=$1 n=$2 i start end cpu=0 dir
    dir=$(mktemp -d)
    start=$(date +%s.%N)
    for i in $(seq "$n"); do
        /usr/bin/time -f "%U %S" -o "$dir/time.$i" "$TRAWL" crawl --db "$db" "${flags[@]}" 2>"$dir/err.$i" &
    done
    wait
    end=$(date +%s.%N)
    for i in $(seq "$n"); do cpu=$(awk -v c="$cpu" '{ print c + $1 + $2 }' "$dir/time.$i" | tail -1); done
    grep -h "trawl:" "$dir"/err.* >&2 || true
    rm -rf "$dir"
    echo "$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }') $cpu"
}

printf '%-10s %5s %6s %7s %8s %9s %8s %11s %11s\n' backend procs pages seconds pages/s crawl-cpu pg-cpu \
    "crawl-us/p" "pg-us/p"
for round in $(seq "$rounds"); do
    # SQLite, one process.
    db=$(mktemp -d)/crawl.db
    "$TRAWL" enqueue --db "$db" --file "$WORK/roots.txt" >/dev/null
    read -r wall cpu < <(crawl "$db" 1)
    done_pages=$(sqlite3 "$db" "SELECT count(*) FROM pages")
    rm -rf "$(dirname "$db")"
    awk -v p="$done_pages" -v w="$wall" -v c="$cpu" 'BEGIN { printf "%-10s %5d %6d %7.1f %8.0f %9.2f %8s %11.0f %11s\n",
        "sqlite", 1, p, w, p / w, c, "-", c / p * 1e6, "-" }'
    for n in $procs; do
        name=bench_${round}_$n
        psql -q "$admin" -c "CREATE DATABASE $name" >/dev/null
        db=$base/$name
        "$TRAWL" enqueue --db "$db" --file "$WORK/roots.txt" >/dev/null
        before=$(pg_cpu)
        read -r wall cpu < <(crawl "$db" "$n")
        sleep 0.5  # the backends' exits reaped
        after=$(pg_cpu)
        done_pages=$(psql -qtA "$db" -c "SELECT count(*) FROM pages")
        pg=$(seconds $((after - before)))
        awk -v n="$n" -v p="$done_pages" -v w="$wall" -v c="$cpu" -v g="$pg" 'BEGIN {
            printf "%-10s %5d %6d %7.1f %8.0f %9.2f %8.2f %11.0f %11.0f\n", "postgres", n, p, w, p / w, c, g,
                c / p * 1e6, g / p * 1e6 }'
        psql -q "$admin" -c "DROP DATABASE $name" >/dev/null
    done
done
