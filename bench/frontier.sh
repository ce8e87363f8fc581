#!/usr/bin/env bash
# trawl with a 5-million-job queue (issue 5): enqueue rate, database size, `trawl status` time, and a crawl
# of a slice with the whole queue waiting, its peak RSS set beside a crawl of the same site from an empty queue.
#
#   bench/frontier.sh [--jobs 5000000] [--pages 20000] [--slice 20000] [--port 8080] [--no-install]
#
# The URL file holds the generated site's pages first (bench/gen_site.py, --pages, reused from bench/run.sh),
# then synthetic URLs on the same 8 hosts (http://127.0.0.K:PORT/item/N.html, which nginx answers 404) up to
# --jobs. Each step runs under /usr/bin/time -v (wall, user + sys CPU, peak RSS). The crawl slice
# (--max-pages) takes the jobs with the lowest ids host by host: mostly the real pages. Prints a report, writes
# bench/work/frontier.json, and deletes the 5 M database at the end (it is about a gigabyte).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
WORK=$BENCH/work
VENV=$BENCH/.venv

jobs=5000000 pages=20000 slice=20000 port=8080 seed=trawl-bench-1 install=1
usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }
while (($#)); do
    case $1 in
        --jobs) jobs=$2; shift 2 ;;
        --pages) pages=$2; shift 2 ;;
        --slice) slice=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        --no-install) install=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "frontier: unknown argument '$1'" >&2; usage >&2; exit 64 ;;
    esac
done
for value in "$jobs" "$pages" "$slice"; do
    [[ $value =~ ^[0-9]+$ ]] || { echo "frontier: '$value' is not a number" >&2; exit 64; }
done
((jobs >= pages)) || { echo "frontier: --jobs must be at least --pages" >&2; exit 64; }

log() { echo "frontier: $*" >&2; }
started=$SECONDS
# shellcheck source=lib/prepare.sh
source "$BENCH/lib/prepare.sh"
# shellcheck source=lib/nginx.sh
source "$BENCH/lib/nginx.sh"
nginx_check_port "$port"
((install)) && prepare_packages
prepare_builds
prepare_site "$pages" "$seed" "$port"
trawl=$BIN/trawl
dir=$WORK/frontier
rm -rf "$dir"
mkdir -p "$dir"
trap 'nginx_stop; rm -f "$dir"/*.db "$dir"/*.db-wal "$dir"/*.db-shm' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# measure NAME COMMAND...: runs COMMAND under /usr/bin/time -v, output in $dir/NAME.log, and prints
# "wall user sys rss_mb" (seconds, seconds, seconds, MB).
measure() {
    local name=$1
    shift
    /usr/bin/time -v -o "$dir/$name.time" "$@" >"$dir/$name.log" 2>&1 || {
        log "$name failed (exit $?): $(tail -3 "$dir/$name.log")"
        return 1
    }
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + p[i] }
        /User time/ { user = $2 } /System time/ { sys = $2 } /Maximum resident set size/ { rss = $2 / 1024 }
        END { printf "%.2f %.2f %.2f %.1f\n", wall, user, sys, rss }' "$dir/$name.time"
}
size_mb() { du -cm "$@" 2>/dev/null | tail -1 | cut -f1; }
crawl_flags=(--workers 100 --limit 100 --limit-per-host 8 --max-depth unlimited --follow host)
"$trawl" crawl --help 2>/dev/null | grep -q -- --ignore-robots && crawl_flags+=(--ignore-robots)

log "writing $jobs URLs ($pages site pages, then synthetic ones) to $dir/urls.txt"
{
    tail -n +2 "$WORK/manifest.tsv" | cut -f1
    awk -v n=$((jobs - pages)) -v port="$port" \
        'BEGIN { for (i = 0; i < n; i++) printf "http://127.0.0.%d:%d/item/%d.html\n", 2 + i % 8, port, i }'
} >"$dir/urls.txt"

log "trawl enqueue --file urls.txt ($jobs URLs)"
result=$(measure enqueue "$trawl" enqueue --db "$dir/frontier.db" --file "$dir/urls.txt")
read -r e_wall e_user e_sys e_rss <<<"$result"
db_mb=$(size_mb "$dir"/frontier.db*)
log "trawl status (on $jobs jobs), twice"
result=$(measure status1 "$trawl" status --db "$dir/frontier.db")
read -r s1_wall _ _ s1_rss <<<"$result"
result=$(measure status2 "$trawl" status --db "$dir/frontier.db")
read -r s2_wall _ _ _ <<<"$result"

nginx_start "$WORK" "$WORK/site" "$port"
log "trawl crawl --max-pages $slice with $jobs jobs queued"
result=$(measure crawl_slice "$trawl" crawl --db "$dir/frontier.db" --max-pages "$slice" "${crawl_flags[@]}")
read -r c_wall c_user c_sys c_rss <<<"$result"
c_pages=$(sqlite3 "$dir/frontier.db" "select count(*) from pages")
c_ok=$(sqlite3 "$dir/frontier.db" "select count(*) from pages where status = 200")
result=$(measure status3 "$trawl" status --db "$dir/frontier.db")
read -r s3_wall _ _ _ <<<"$result"

log "the same site from an empty queue (8 roots), for comparison"
"$trawl" enqueue --db "$dir/small.db" --file "$WORK/roots.txt" >/dev/null
result=$(measure crawl_small "$trawl" crawl --db "$dir/small.db" --max-pages "$slice" "${crawl_flags[@]}")
read -r b_wall b_user b_sys b_rss <<<"$result"
b_pages=$(sqlite3 "$dir/small.db" "select count(*) from pages")
nginx_stop

report=$(awk -v jobs="$jobs" -v ew="$e_wall" -v eu="$e_user" -v es="$e_sys" -v er="$e_rss" -v db="$db_mb" \
    -v s1="$s1_wall" -v s1r="$s1_rss" -v s2="$s2_wall" -v s3="$s3_wall" \
    -v cw="$c_wall" -v cu="$c_user" -v cs="$c_sys" -v cr="$c_rss" -v cp="$c_pages" -v cok="$c_ok" \
    -v bw="$b_wall" -v bu="$b_user" -v bs="$b_sys" -v br="$b_rss" -v bp="$b_pages" 'BEGIN {
    printf "trawl with %d jobs queued (8 hosts)\n", jobs
    printf "  enqueue        %8.1f s   %9.0f URLs/s   CPU %.1f s   peak RSS %6.1f MB   database %d MB (%.0f bytes/job)\n",
        ew, jobs / ew, eu + es, er, db, db * 1048576 / jobs
    printf "  status         %8.2f s (first)   %.2f s (again)   %.2f s (after the crawl)   peak RSS %.1f MB\n", s1, s2, s3, s1r
    printf "  crawl slice    %8.1f s   %9.0f pages/s  %.2f CPU-s/1k pages   peak RSS %6.1f MB   (%d pages, %d with status 200)\n",
        cw, cp / cw, (cu + cs) / cp * 1000, cr, cp, cok
    printf "  same crawl, empty queue  %.1f s   %.0f pages/s  %.2f CPU-s/1k pages   peak RSS %6.1f MB   (%d pages)\n",
        bw, bp / bw, (bu + bs) / bp * 1000, br, bp
    printf "  peak RSS with %d jobs queued / with an empty queue: %.2f\n", jobs, cr / br
}')
echo "$report"
cat >"$WORK/frontier.json" <<JSON
{"jobs": $jobs, "enqueue": {"wall_s": $e_wall, "user_s": $e_user, "sys_s": $e_sys, "peak_rss_mb": $e_rss},
 "database_mb": $db_mb,
 "status": {"first_s": $s1_wall, "again_s": $s2_wall, "after_crawl_s": $s3_wall, "peak_rss_mb": $s1_rss},
 "crawl_slice": {"pages": $c_pages, "status_200": $c_ok, "wall_s": $c_wall, "user_s": $c_user, "sys_s": $c_sys, "peak_rss_mb": $c_rss},
 "crawl_empty_queue": {"pages": $b_pages, "wall_s": $b_wall, "user_s": $b_user, "sys_s": $b_sys, "peak_rss_mb": $b_rss}}
JSON
log "done in $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s; $WORK/frontier.json"
