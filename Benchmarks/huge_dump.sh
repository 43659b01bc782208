#!/usr/bin/env bash
# A dump bigger than the memory left: generates a synthetic HPROF of GIB GiB (default 20) with
# SampleDumps/generators/synthetic_hprof.c and opens it with `hdx summary --json --max-memory 4G` (the out-of-core
# build), once: wall, user, system, peak RssAnon / RssFile / VmHWM (rss_sample.py), hdx's phase timings, the load
# average before and after (the box is shared). COMPARE=1 also opens it in memory (no --max-memory; needs the RAM).
# Deletes the dump afterwards unless KEEP=1.
#   Benchmarks/huge_dump.sh [GIB] [MAX_MEMORY]      default: 20 4G; the dump goes to $HUGE_DIR (default Benchmarks/dumps)
export HDX_NO_INDEX=1
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
gib=${1:-20}
budget=${2:-4G}
dir=${HUGE_DIR:-$here/dumps}
mkdir -p "$dir" "$here/out"
(cd "$root" && swift build -c release --product hdx 2>&1 | tail -1)
hdx=$root/.build/release/hdx
gen=$here/out/synthetic_hprof
cc -O2 -o "$gen" "$root/SampleDumps/generators/synthetic_hprof.c"
dump=$dir/synthetic-${gib}g.hprof
[ "${KEEP:-0}" = 1 ] || trap 'rm -f "$dump"' EXIT
echo "free disk: $(df -h "$dir" | awk 'NR==2{print $4}'); MemAvailable: $(awk '/MemAvailable/{print int($2/1024) " MiB"}' /proc/meminfo)"
if [ ! -f "$dump" ]; then
  start=$(date +%s.%N)
  "$gen" "$gib" "$dump"
  echo "generated $(( $(stat -c %s "$dump") >> 20 )) MiB in $(echo "$(date +%s.%N) - $start" | bc) s"
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$here/rss_sample.py" "huge-${gib}g-$budget" -- "$hdx" summary "$dump" --json --max-memory "$budget"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
outs=("$here/out/huge-${gib}g-$budget.out")
if [ "${COMPARE:-0}" = 1 ]; then
  python3 "$here/rss_sample.py" "huge-${gib}g-inmemory" -- "$hdx" summary "$dump" --json
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  outs+=("$here/out/huge-${gib}g-inmemory.out")
fi
python3 - "$(stat -c %s "$dump")" "${outs[@]}" <<'PY'
import json, sys
gib = int(sys.argv[1]) / 2**30
for path in sys.argv[2:]:
    d = json.load(open(path))
    t = d["timings"]
    print(f"  {path.rsplit('/', 1)[-1]}: {gib:.1f} GiB, {d['objects']:,} objects, {d['edges']:,} references, "
          f"reachable {d['reachableBytes']:,} bytes")
    print("  phases: " + ", ".join(f"{k} {v:.1f}s" for k, v in t.items()) + f"; total {sum(t.values()):.1f}s = "
          f"{sum(t.values()) / gib:.2f} s per GiB")
    for w in d["warnings"]:
        print("  warning:", w)
PY
