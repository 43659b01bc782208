#!/usr/bin/env bash
# Usage: Tests/fuzz/run.sh SECONDS [TARGET...]
#
# Builds the libFuzzer targets (Tests/fuzz/build.sh) and runs each TARGET (default: all of them, one after the other)
# for SECONDS. The working corpus grows in .build-fuzz/corpus/TARGET, seeded from Tests/fuzz/seeds/TARGET; any input
# that crashes, hangs (> 10 s) or exceeds 2 GB is written to Tests/fuzz/regressions/TARGET/ and makes this exit 1.
# Environment: FUZZ_LOG_DIR=DIR writes each target's output to DIR/TARGET.log; FUZZ_KEEP_GOING=1 runs libFuzzer in
# fork mode and keeps fuzzing after a failure (to collect several); FUZZ_ARGS adds libFuzzer flags.
# Exit status: 0 nothing found, 1 a target failed, 2 usage, 3 the toolchain cannot build fuzzers.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${OUT:-$ROOT/.build-fuzz}
ALL=(hprof v8-header v8-body hana gzip)
if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
    echo "usage: $0 SECONDS [TARGET...]   (targets: ${ALL[*]})" >&2
    exit 2
fi
SECONDS_PER=$1
shift
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL[@]}")
for t in "${TARGETS[@]}"; do
    [ -f "$ROOT/Tests/fuzz/targets/$t.swift" ] || { echo "fuzz: unknown target $t (targets: ${ALL[*]})" >&2; exit 2; }
done

OUT="$OUT" "$ROOT/Tests/fuzz/build.sh"
rc=$?
[ $rc -ne 0 ] && exit $rc

status=0
for t in "${TARGETS[@]}"; do
    corpus="$OUT/corpus/$t"
    regress="$ROOT/Tests/fuzz/regressions/$t"
    mkdir -p "$corpus" "$regress"
    args=(-max_total_time="$SECONDS_PER" -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10
          -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$regress/")
    if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then
        args+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    fi
    # shellcheck disable=SC2206
    args+=(${FUZZ_ARGS:-})
    before=$(find "$regress" -type f | wc -l)
    log=/dev/stdout
    if [ -n "${FUZZ_LOG_DIR:-}" ]; then mkdir -p "$FUZZ_LOG_DIR"; log="$FUZZ_LOG_DIR/$t.log"; fi
    echo "fuzz: $t for ${SECONDS_PER}s (corpus $corpus)" >&2
    # The scratch files the harness maps live in /dev/shm (or TMPDIR); gzip inflation uses TMPDIR.
    (cd "$OUT" && SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:handle_abort=1} \
        "$OUT/bin/$t" "${args[@]}" "$corpus" "$ROOT/Tests/fuzz/seeds/$t") >"$log" 2>&1
    frc=$?
    after=$(find "$regress" -type f | wc -l)
    files=$(find "$corpus" -type f | wc -l)
    bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')
    last=$(grep -E '^#[0-9]+' "$log" 2>/dev/null | tail -1)
    echo "fuzz: $t exit $frc; corpus $files files, $bytes bytes; last: $last" >&2
    grep '^stat::' "$log" 2>/dev/null | sed "s/^/fuzz: $t /" >&2
    if [ $frc -ne 0 ] || [ "$after" -gt "$before" ]; then
        echo "fuzz: $t FAILED: $((after - before)) new input(s) in Tests/fuzz/regressions/$t/ (see ${FUZZ_LOG_DIR:-the output above})" >&2
        [ -n "${FUZZ_LOG_DIR:-}" ] && grep -E 'ERROR|Fatal error|SUMMARY|panic' "$log" | head -5 >&2
        status=1
    fi
done
exit $status
