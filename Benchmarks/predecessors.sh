#!/usr/bin/env bash
# What `HeapGraph.predecessors` costs per call (root paths, merged and accumulation paths, retainers call it once per
# node they search): `hdx bench predecessors` (hidden) calls it on every node in order (the call's own cost) and on COUNT
# random nodes (with a search's cache misses), on the persisted index, and prints ns per call, wall and the calling
# thread's CPU (what counts on a busy box); then `hdx report --json` (accumulation and merged paths of each suspect:
# predecessors-heavy backward searches) wall/user/sys.
# With HDX_BEFORE=path/to/old/hdx the same runs on that binary too (it must have the `bench predecessors` command; both
# share one index, so their index layouts must match).
#   Benchmarks/predecessors.sh [DUMP]    default: dumps/leakdemo-1700000.hprof
#   COUNT=10000000 RUNS=3
DEFAULT_COUNT=10000000 source "$(dirname "$0")/lib/indexed_dump.sh" "$@"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for bin in ${HDX_BEFORE:+"$HDX_BEFORE"} "$hdx"; do
  echo "$bin:"
  for ((run = 1; run <= runs; run++)); do
    "$bin" bench predecessors "$dump" --count "$count" --json > "$out"
    python3 - "$out" "$run" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"  predecessors run {sys.argv[2]}: sweep {d['sweepCalls']:,} calls {d['sweepSeconds']:.3f} s = "
      f"{d['sweepNanosPerCall']:.1f} ns each (thread CPU {d['sweepCPUNanosPerCall']:.1f}); random "
      f"{d['randomCalls']:,} calls {d['randomSeconds']:.3f} s = {d['randomNanosPerCall']:.1f} ns each "
      f"(thread CPU {d['randomCPUNanosPerCall']:.1f}); edge sum {d['edgeSum']}; load {sys.argv[3]}")
PY
  done
  for ((run = 1; run <= runs; run++)); do
    t=$( { /usr/bin/time -f '%e %U %S %M' "$bin" report "$dump" --json > "$out"; } 2>&1 | tail -1)
    read -r wall user sys rss <<< "$t"
    printf '  report --json run %d: wall %6s s  user %6s s  sys %5s s  peak RSS %5d MiB  sha %s  load %s\n' "$run" \
        "$wall" "$user" "$sys" $(( rss / 1024 )) "$(sha256sum < "$out" | cut -c1-12)" "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
