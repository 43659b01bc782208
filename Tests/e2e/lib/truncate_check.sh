#!/usr/bin/env bash
# Truncates each given dump at a few random offsets (and 1 byte short) and opens every copy with `hdx summary`:
# each must finish within 60 s with exit 0 (a warning about the missing tail is fine) or exit 1 and ONE line on
# stderr naming the file and a byte offset. Prints one line per copy; exits 1 when a copy broke the rule.
# Usage: Tests/e2e/lib/truncate_check.sh [-n CUTS] DUMP...   (HDX: the binary, default .build/debug/hdx)
set -uo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
cuts=4
[ "${1:-}" = -n ] && { cuts=$2; shift 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
bad=0
for dump in "$@"; do
  size=$(stat -c %s "$dump")
  offsets=$(python3 -c "import random,sys; r=random.Random('$dump'); s=$size; print(' '.join(str(x) for x in sorted({s-1, *[r.randrange(1, s) for _ in range($cuts)]})))")
  for off in $offsets; do
    copy=$tmp/$(basename "$dump").cut$off
    head -c "$off" "$dump" > "$copy"
    start=$(date +%s.%N)
    HDX_NO_INDEX=1 timeout 60 "$hdx" summary "$copy" > "$tmp/out" 2> "$tmp/err"
    rc=$?
    took=$(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')")
    lines=$(wc -l < "$tmp/err")
    verdict=ok
    if [ $rc -eq 124 ]; then verdict="HANG"
    elif [ $rc -eq 1 ]; then
      [ "$lines" -eq 1 ] && grep -q "$(basename "$copy")" "$tmp/err" && grep -qE '[0-9]' "$tmp/err" || verdict="BAD ERROR"
    elif [ $rc -ne 0 ]; then verdict="CRASH (exit $rc)"
    fi
    warn=$(grep -m1 'warning:' "$tmp/out" | cut -c1-160)
    echo "$(basename "$dump") cut at $off/$size: exit $rc in ${took}s, $verdict: $(head -c 200 "$tmp/err")${warn:+ ($warn)}"
    [ "$verdict" = ok ] || bad=1
    rm -f "$copy"
  done
done
exit $bad
