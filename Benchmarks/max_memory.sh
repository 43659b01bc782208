#!/usr/bin/env bash
# --max-memory (issue 13): `hdx summary --json` in memory and with a budget below the index's estimate (the
# out-of-core build), RUNS times each (default 3), warm page cache, no persisted index. Reports wall, user and system
# time and the peak of RssAnon (hdx's own memory: what --max-memory bounds), RssFile (mapped file pages: the dump and,
# out of core, the index's temporary files, which the kernel can drop) and VmHWM, sampled from /proc/PID/status every
# 10 ms by rss_sample.py. Then the cost per GiB of dump in both modes, and whether both summaries are equal.
#   Benchmarks/max_memory.sh [SIZE_KB] [RUNS]      HPROF: the ~1.8 GB LeakDemo dump, --max-memory 400M (1700000 3)
#   Benchmarks/max_memory.sh v8 [RUNS]             V8: big-2200k (1 GB) and big-1750k (815 MiB), --max-memory 400M
#   Benchmarks/max_memory.sh hana [MB] [RUNS] [BUDGET]
#                                                  HANA: a generated MB-megabyte trace (default 300), --max-memory
#                                                  BUDGET (default 100M): above it the thread tables are in
#                                                  temporary files (cost per GiB of trace: hana_cost.sh, all sizes)
export HDX_NO_INDEX=1
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dumps=$here/dumps
mkdir -p "$dumps"
(cd "$root" && swift build -c release --product hdx 2>&1 | tail -1)
hdx=$root/.build/release/hdx

# measure LABEL DUMP BUDGET RUNS: both modes RUNS times, then the summary line per mode.
measure() {
  local label=$1 dump=$2 budget=$3 runs=$4
  local bytes
  bytes=$(stat -c %s "$dump")
  echo "dump: $dump ($(( bytes >> 20 )) MiB); load average: $(cut -d' ' -f1-3 /proc/loadavg); TMPDIR=${TMPDIR:-/var/tmp}"
  cat "$dump" > /dev/null
  local lines
  lines=$(mktemp)
  for run in $(seq 1 "$runs"); do
    python3 "$here/rss_sample.py" "maxmem-$label-inmemory-run$run" -- "$hdx" summary "$dump" --json | tee -a "$lines"
    python3 "$here/rss_sample.py" "maxmem-$label-$budget-run$run" -- "$hdx" summary "$dump" --json \
      --max-memory "$budget" | tee -a "$lines"
  done
  python3 - "$here/out/maxmem-$label-inmemory-run$runs.out" "$here/out/maxmem-$label-$budget-run$runs.out" "$bytes" \
    "$budget" "$lines" <<'PY'
import json, re, sys
mem, ooc = (json.load(open(p)) for p in sys.argv[1:3])
gib = int(sys.argv[3]) / 2**30
runs = {"inmemory": [], sys.argv[4]: []}
for line in open(sys.argv[5]):
    f = dict(re.findall(r"(\w+)=([\d.]+)", line))
    mode = "inmemory" if "-inmemory-run" in line.split()[0] else sys.argv[4]
    runs[mode].append((float(f["wall"]), float(f["user"]) + float(f["sys"]), int(f["peakRssAnon"]), int(f["VmHWM"])))
for (name, d), mode in zip((("in memory", mem), (f"--max-memory {sys.argv[4]}", ooc)), runs):
    r = runs[mode]
    span = lambda xs, fmt: (fmt % min(xs)) + ("" if min(xs) == max(xs) else "–" + (fmt % max(xs)))
    print(f"  {name}: {d['objects']:,} objects; wall {span([x[0] for x in r], '%.2f')} s "
          f"= {span([x[0] / gib for x in r], '%.2f')} s per GiB, "
          f"CPU (user+sys) {span([x[1] for x in r], '%.2f')} s = {span([x[1] / gib for x in r], '%.2f')} CPU-s per "
          f"GiB of dump, peak RssAnon {span([x[2] for x in r], '%d')} MiB "
          f"= {span([x[2] / gib for x in r], '%.1f')} MiB per GiB, peak RSS (VmHWM) {span([x[3] for x in r], '%d')} MiB")
for w in ooc["warnings"]:
    print("  warning:", w)
keep = lambda d: {k: v for k, v in d.items() if k not in ("timings", "peakResidentMiB", "warnings")}
print("  same summary in both modes:", keep(mem) == keep(ooc))
PY
  rm -f "$lines"
}

case "${1:-}" in
v8)
  runs=${2:-3}
  for n in 2200000 1750000; do
    dump=$dumps/big-$((n / 1000))k.heapsnapshot
    [ -s "$dump" ] || node --max-old-space-size=8192 "$root/SampleDumps/generators/v8_big.js" "$n" "$dump" >&2
    measure "v8-$((n / 1000))k" "$dump" 400M "$runs"
  done
  ;;
hana)
  mb=${2:-300}
  runs=${3:-3}
  budget=${4:-100M}
  dump=$dumps/hana-big-$mb.rtedump.trc
  [ -s "$dump" ] || python3 "$root/SampleDumps/generators/hana_big.py" \
    "$root/SampleDumps/hana/indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc" "$dump" "$mb"
  measure "hana-$mb" "$dump" "$budget" "$runs"
  ;;
*)
  kb=${1:-1700000}
  runs=${2:-3}
  dump=$dumps/leakdemo-$kb.hprof
  if [ ! -f "$dump" ]; then
    work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
    javac -d "$work" "$root/SampleDumps/generators/java/LeakDemo.java"
    java -Xmx$(( kb / 1024 * 2 + 256 ))m -XX:+UseParallelGC -cp "$work" LeakDemo "$kb" "$dump" | tail -1
  fi
  measure "hprof" "$dump" 400M "$runs"
  ;;
esac
