#!/usr/bin/env bash
# Runs the whole test suite under a sanitizer, in its own build folder so the normal build is kept.
#
#   scripts/sanitize.sh address      # AddressSanitizer: out-of-bounds, use-after-free, leaks of C memory
#   scripts/sanitize.sh thread       # ThreadSanitizer: data races between the crawl's threads
#   scripts/sanitize.sh thread --filter Fetch     (extra arguments go to `swift test`)
#
# Builds into .build-asan / .build-tsan (gitignored). ThreadSanitizer reads scripts/tsan.supp, whose every
# line says why it is there. Exits non-zero when a test fails or the sanitizer reports anything.
# The tests recognize a sanitized build themselves (Tests/TrawlTests/Support/Sanitizer.swift) and stretch
# their time bounds by its slowdown.
set -euo pipefail
cd "$(dirname "$0")/.."

sanitizer="${1:-}"
shift || true
case "$sanitizer" in
    address) scratch=.build-asan ;;
    thread) scratch=.build-tsan ;;
    *) echo "usage: scripts/sanitize.sh address|thread [swift test arguments...]" >&2; exit 64 ;;
esac

# Synchronization.Mutex hands a contended lock over in the kernel, where TSan cannot see it, and so reports
# false races: the project's one lock is ThreadLock (Sources/TrawlSync). Refuse a Mutex coming back.
if grep -rnE '\bMutex(<|\()' Sources Tests --include='*.swift'; then
    echo "sanitize.sh: use ThreadLock (TrawlSync), not Synchronization.Mutex (see scripts/tsan.supp)" >&2
    exit 1
fi

# halt_on_error: the first report fails the run, so a report can never scroll by unnoticed.
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=0}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/scripts/tsan.supp}"

# A failed build stops here (it once went on to "posix_spawn ... No such file" for the missing test bundle).
swift build --build-tests --sanitize "$sanitizer" --scratch-path "$scratch" 2>&1 | { grep -v '^\[' || true; }
log="$scratch/sanitize-test.log"
set +e
swift test --skip-build --sanitize "$sanitizer" --scratch-path "$scratch" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
if grep -q "ERROR: AddressSanitizer\|WARNING: ThreadSanitizer\|ERROR: ThreadSanitizer" "$log"; then
    echo "sanitize.sh: $sanitizer sanitizer reported problems (see $log)" >&2
    exit 1
fi
exit "$status"
