#!/usr/bin/env bash
# Builds trawl's libFuzzer targets (the package in Fuzz/, with AddressSanitizer) and runs each for a given
# time, then prints executions and crashes per target.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      (default: 60 s, every target)
#   FUZZ_PARALLEL=2 nice -n 19 scripts/fuzz.sh 1800        (two targets at a time, politely)
#
# Targets: FuzzURLs (link resolution, normalization), FuzzRobots (robots.txt parser and matcher),
# FuzzHTMLParse (bytes + Content-Type to title and links), FuzzEnqueueLines (the enqueue line reader).
# The corpus grows across runs in $FUZZ_DIR (default ${TMPDIR:-/tmp}/trawl-fuzz), seeded from
# Fuzz/seeds/<target>; a crashing input is saved under $FUZZ_DIR/crashes/<target>/ (replay it with
# `Fuzz/.build/release/<target> FILE`) and should become a regression test in Tests/TrawlTests.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
all_targets=(FuzzURLs FuzzRobots FuzzHTMLParse FuzzEnqueueLines)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
    [[ " ${all_targets[*]} " == *" $target "* ]] || { echo "unknown target '$target' (one of: ${all_targets[*]})" >&2; exit 64; }
done
fuzz_dir="${FUZZ_DIR:-${TMPDIR:-/tmp}/trawl-fuzz}"
parallel="${FUZZ_PARALLEL:-1}"
# libFuzzer's per-input timeout is wall-clock time: at nice 19 on a busy machine a 0.5 s input was once
# reported as a 10 s "timeout". 60 s still catches a real hang (inputs are at most 16 KB).

# -parse-as-library: the targets have no main; libFuzzer's main calls LLVMFuzzerTestOneInput.
# `--sanitize` instruments the Fuzz package only; -Xswiftc -sanitize=... instruments trawl's modules too,
# which is where coverage must come from (without it libFuzzer reports "no interesting inputs").
echo "building fuzz targets (release, -sanitize=fuzzer,address) ..."
# ld.gold warns that it cannot export ASan's __asan_extra_spill_area from each object: harmless, filtered.
swift build -c release --package-path Fuzz --sanitize fuzzer --sanitize address \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
    2>&1 | grep -v "^\[\|Cannot export local symbol .__asan_extra_spill_area." || true
for target in "${targets[@]}"; do
    [ -x "Fuzz/.build/release/$target" ] || { echo "build failed: Fuzz/.build/release/$target missing" >&2; exit 1; }
done

run_target() {
    local target="$1"
    local corpus="$fuzz_dir/corpus/$target" crashes="$fuzz_dir/crashes/$target" log="$fuzz_dir/logs/$target.log"
    mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
    # Exit status is non-zero on a crash; the summary below reports it, so it does not stop the script.
    "Fuzz/.build/release/$target" "$corpus" "Fuzz/seeds/$target" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-60}" \
        -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 -artifact_prefix="$crashes/" >"$log" 2>&1 || true
}

echo "running ${targets[*]} for $seconds s each, $parallel at a time; logs in $fuzz_dir/logs"
running=0
for target in "${targets[@]}"; do
    run_target "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$parallel" ]; then wait -n; running=$((running - 1)); fi
done
wait

printf '\n%-18s %8s %14s %8s %8s\n' target seconds executions corpus crashes
status=0
for target in "${targets[@]}"; do
    log="$fuzz_dir/logs/$target.log"
    executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    time_used=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' || echo "?")
    corpus=$(find "$fuzz_dir/corpus/$target" -type f | wc -l)
    crashes=$(find "$fuzz_dir/crashes/$target" -type f | wc -l)
    [ -n "$time_used" ] || time_used="$seconds"
    printf '%-18s %8s %14s %8s %8s\n' "$target" "$time_used" "${executions:-?}" "$corpus" "$crashes"
    if [ "$crashes" -gt 0 ]; then
        status=1
        find "$fuzz_dir/crashes/$target" -type f | sed 's/^/    /'
    fi
done
exit $status
