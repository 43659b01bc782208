#!/usr/bin/env bash
# `:"text"` (the explorer's search of string values) timed through `hdx strings DUMP --contains TEXT --json`, which
# runs the same scan over every string object and reports `seconds` for the scan alone (the index is read from the
# persisted index, built first if missing). Per dump and needle: three runs, the scan's seconds, the command's wall,
# user and sys time, and the load average.
#   Benchmarks/string_search.sh [DUMP...]   default: dumps/leakdemo-1700000.hprof dumps/big-2200k.heapsnapshot
#   NEEDLES="a b"                           default: a text no string holds (a whole scan) and a common one
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dumps=("$@")
[ ${#dumps[@]} -gt 0 ] || dumps=("$here/dumps/leakdemo-1700000.hprof" "$here/dumps/big-2200k.heapsnapshot")
read -r -a needles <<< "${NEEDLES:-zzz-no-such-text session-1}"
hdx=${HDX:-$root/.build/release/hdx}
[ -n "${HDX:-}" ] || (cd "$root" && swift build -c release --product hdx 2>&1 | tail -1)
export LANG=C.UTF-8
for dump in "${dumps[@]}"; do
  [ -f "$dump" ] || { echo "missing $dump (see hprof_summary.sh / v8_summary.sh)"; continue; }
  [ -f "$dump.hdxindex" ] || "$hdx" index "$dump" > /dev/null
  cat "$dump" > /dev/null   # warm the page cache: we measure hdx, not the disk
  echo "$(basename "$dump") ($(( $(stat -c %s "$dump") / 1048576 )) MiB)"
  for needle in "${needles[@]}"; do
    for run in 1 2 3; do
      out=$( { /usr/bin/time -f '%e %U %S' "$hdx" strings "$dump" --contains "$needle" --json --top 3 > /tmp/strsearch-$$.json; } 2>&1 )
      read -r wall user sys <<< "$(tail -1 <<< "$out")"
      python3 - /tmp/strsearch-$$.json "$needle" "$run" "$wall" "$user" "$sys" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
needle, run, wall, user, sys_, load = sys.argv[2:]
print(f"  {needle!r:22} run {run}: scan {d['seconds']:.2f} s, {d['matches']:,} matches; "
      f"command wall {wall} s, user {user} s, sys {sys_} s; load {load}")
PY
    done
  done
done
rm -f /tmp/strsearch-$$.json
