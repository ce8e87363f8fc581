#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests: `start DIR [PORT]` makes one in DIR (initdb as the `postgres`
# user when run as root, since initdb refuses root), listening on 127.0.0.1:PORT only, its unix socket in DIR,
# trust authentication (loopback and socket only); prints the URL to use (postgres://postgres@127.0.0.1:PORT/postgres).
# TRAWL_PG_DURABLE=1: durable settings for measurements (tests turn fsync off).
# `stop DIR` stops it by its PID (pg_ctl stop -m fast) and removes DIR.
set -euo pipefail
command=${1:-}
dir=${2:-}
[ -n "$command" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2; }
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "postgres-cluster: no PostgreSQL server (bash scripts/setup.sh installs it)" >&2; exit 1; }
as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u postgres --); fi
case "$command" in
start)
    # The server must not inherit the caller's open files (a test process's pipes would never reach their end).
    for fd in $(ls /proc/$$/fd); do
        if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    port=${3:-$((20000 + RANDOM % 20000))}
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; chmod 700 "$dir"; fi
    "${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
CONF
    if [ -n "${TRAWL_PG_DURABLE:-}" ]; then
        # For measurements: durable commits as in production (fsync, synchronous_commit on), more cache.
        echo "shared_buffers = 512MB" >>"$dir/data/postgresql.conf"
    else
        # For tests: nothing needs to survive a power cut, and the tests' commits should not wait on the disk.
        printf '%s\n' "fsync = off" "synchronous_commit = off" "full_page_writes = off" "shared_buffers = 64MB" \
            >>"$dir/data/postgresql.conf"
    fi
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
