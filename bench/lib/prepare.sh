# What run.sh and frontier.sh need before measuring: packages, the Python peers, release builds, the site.
# Sourced; expects BENCH, ROOT, WORK, VENV set and a log function.
#   prepare_packages       apt-get installs what is missing (once: apt-get update only then), and trawl's deps
#   prepare_peers          the venv with the pinned Python peers (reinstalled when requirements.txt changes)
#   prepare_builds         swift build -c release of trawl and trawl-bench; sets BIN to their directory
#   prepare_site P S PORT  generates the site into WORK unless the same one is there already

prepare_packages() {
    local -a missing=()
    command -v nginx >/dev/null || missing+=(nginx-light)
    command -v wget2 >/dev/null || missing+=(wget2)
    command -v wrk >/dev/null || missing+=(wrk)
    command -v sqlite3 >/dev/null || missing+=(sqlite3)
    command -v curl >/dev/null || missing+=(curl)
    command -v ss >/dev/null || missing+=(iproute2)
    command -v pkg-config >/dev/null || missing+=(pkgconf)
    [ -x /usr/bin/time ] || missing+=(time)
    python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
    if ((${#missing[@]})); then
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo=sudo
        log "installing ${missing[*]} (apt-get)"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    bash "$ROOT/scripts/setup.sh"  # trawl's own build dependencies (libcurl, libxml2, SQLite headers)
}

prepare_peers() {
    if [ ! -x "$VENV/bin/python" ]; then
        log "creating $VENV"
        python3 -m venv "$VENV"
    fi
    if ! cmp -s "$BENCH/peers/requirements.txt" "$VENV/.installed-requirements.txt"; then
        log "installing the Python peers (pip: aiohttp, lxml, uvloop, scrapy)"
        "$VENV/bin/pip" install -q --disable-pip-version-check -r "$BENCH/peers/requirements.txt"
        cp "$BENCH/peers/requirements.txt" "$VENV/.installed-requirements.txt"
    fi
}

prepare_builds() {
    log "building trawl and trawl-bench (swift build -c release)"
    (cd "$ROOT" && swift build -c release --product trawl && swift build -c release --product trawl-bench) >&2
    BIN=$(cd "$ROOT" && swift build -c release --show-bin-path)
}

prepare_site() {
    local pages=$1 seed=$2 port=$3 stamp
    mkdir -p "$WORK"
    stamp="pages=$pages seed=$seed port=$port generator=$(sha256sum "$BENCH/gen_site.py" | cut -c1-16)"
    if [ -f "$WORK/site.json" ] && [ "$(cat "$WORK/site.stamp" 2>/dev/null)" = "$stamp" ]; then
        log "reusing the site in $WORK/site ($stamp)"
        return
    fi
    rm -f "$WORK/site.stamp"
    log "generating $pages pages into $WORK/site"
    python3 "$BENCH/gen_site.py" --pages "$pages" --seed "$seed" --port "$port" --out "$WORK"
    echo "$stamp" >"$WORK/site.stamp"
}
