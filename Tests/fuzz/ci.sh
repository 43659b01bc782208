#!/usr/bin/env bash
# CI: runs every fuzz target for a short, bounded time (FUZZ_CI_SECONDS, default 20 s each).
# Skips with a notice (exit 0) when the toolchain cannot build with -sanitize=fuzzer; fails (exit 1) when a target
# finds a crash, a hang or an out-of-memory (the input is left in Tests/fuzz/regressions/TARGET/ and the log shown).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECS=${FUZZ_CI_SECONDS:-20}
LOGS=${FUZZ_LOG_DIR:-$ROOT/.build-fuzz/ci-logs}
FUZZ_LOG_DIR="$LOGS" "$ROOT/Tests/fuzz/run.sh" "$SECS"
rc=$?
case $rc in
    0) echo "fuzz: every target ran ${SECS}s and found nothing" ;;
    3) echo "fuzz: NOTICE: skipped, this toolchain cannot build libFuzzer targets (-sanitize=fuzzer)"; exit 0 ;;
    *) for l in "$LOGS"/*.log; do
           if grep -qE 'ERROR: (libFuzzer|AddressSanitizer)|Fatal error|SUMMARY' "$l"; then
               echo "---- $l"; grep -E -A30 'ERROR: (libFuzzer|AddressSanitizer)|Fatal error' "$l" | head -60
           fi
       done
       echo "fuzz: FAILED (exit $rc)" >&2
       exit 1 ;;
esac
