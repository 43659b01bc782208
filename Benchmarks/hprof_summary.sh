#!/usr/bin/env bash
# HPROF benchmark: `hdx summary --json` computes the whole index (read, resolve, dominators, retained, histogram).
# Generates dumps with the sample generator (never committed) at ~200 MB and ~2 GB, then times each run three
# times with a warm page cache and reports wall time, peak RSS and hdx's own phase breakdown.
#   Benchmarks/hprof_summary.sh [SIZES_KB...]      default: 170000 1700000  (≈ 0.2 GB and ≈ 2 GB dumps)
export HDX_NO_INDEX=1  # the first-open cost: never read or write the persisted index
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dumps=$here/dumps
mkdir -p "$dumps"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(170000 1700000)

(cd "$root" && swift build -c release --product hdx 2>&1 | tail -1)
hdx=$root/.build/release/hdx

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
javac -d "$work" "$root/SampleDumps/generators/java/LeakDemo.java"
for kb in "${sizes[@]}"; do
  dump=$dumps/leakdemo-$kb.hprof
  if [ ! -f "$dump" ]; then
    heap=$(( kb / 1024 * 2 + 256 ))
    java -Xmx${heap}m -XX:+UseParallelGC -cp "$work" LeakDemo "$kb" "$dump" | tail -1
  fi
  bytes=$(stat -c %s "$dump")
  cat "$dump" > /dev/null   # warm the page cache: we measure hdx, not the disk
  for run in 1 2 3; do
    python3 "$here/measure.py" "hprof-$kb-run$run" -- "$hdx" summary "$dump" --json
  done
  python3 - "$here/out/hprof-$kb-run3.out" "$bytes" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
t = d["timings"]
print(f"  file {int(sys.argv[2]) / 2**20:.0f} MiB, {d['objects']:,} objects, {d['edges']:,} references; phases: "
      + ", ".join(f"{k} {v:.2f}s" for k, v in t.items()))
PY
done
