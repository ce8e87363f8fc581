#!/usr/bin/env bash
# The offline demo: builds trawl, serves a generated site on loopback (127.0.0.1:8731), enqueues the
# job file jobs/demo-site.txt, crawls it, and queries the results with sqlite3. Nothing leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product trawl
swift build -c release --product trawl-demo-site
bin="$(swift build -c release --show-bin-path)"
db="${DEMO_DB:-demo.db}"
rm -f "$db" "$db-wal" "$db-shm"

"$bin/trawl-demo-site" --address 127.0.0.1 --port 8731 --pages 300 &
site=$!
trap 'kill $site 2>/dev/null; wait $site 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
    (exec 3<>/dev/tcp/127.0.0.1/8731) 2>/dev/null && break
    sleep 0.1
done

"$bin/trawl" enqueue --db "$db" --file jobs/demo-site.txt
"$bin/trawl" crawl --db "$db" --workers 32 --limit 16 --limit-per-host 8 --max-depth unlimited --follow host
"$bin/trawl" status --db "$db"
echo
sqlite3 -header -column "$db" "
  SELECT p.status, count(*) AS pages, sum(p.error IS NOT NULL) AS errors FROM pages p GROUP BY p.status;
  SELECT p.status, p.title, p.url, p.error FROM pages p ORDER BY p.job_id LIMIT 20;"
