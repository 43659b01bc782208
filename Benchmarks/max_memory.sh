#!/usr/bin/env bash
# --max-memory on the ~1.8 GB LeakDemo HPROF (the dump of Benchmarks/hprof_summary.sh): `hdx summary --json` in memory
# and with --max-memory 400M (the out-of-core build), RUNS times each (default 3), warm page cache, no persisted index.
# Reports wall, user and system time and the peak of RssAnon (hdx's own memory: what --max-memory bounds), RssFile
# (mapped file pages: the dump and, out of core, the index's temporary files, which the kernel can drop) and VmHWM,
# sampled from /proc/PID/status every 10 ms by rss_sample.py. Then the cost per GiB of dump in both modes.
#   Benchmarks/max_memory.sh [SIZE_KB] [RUNS]     default: 1700000 3
export HDX_NO_INDEX=1
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
kb=${1:-1700000}
runs=${2:-3}
dumps=$here/dumps
mkdir -p "$dumps"
(cd "$root" && swift build -c release --product hdx 2>&1 | tail -1)
hdx=$root/.build/release/hdx
dump=$dumps/leakdemo-$kb.hprof
if [ ! -f "$dump" ]; then
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  javac -d "$work" "$root/SampleDumps/generators/java/LeakDemo.java"
  java -Xmx$(( kb / 1024 * 2 + 256 ))m -XX:+UseParallelGC -cp "$work" LeakDemo "$kb" "$dump" | tail -1
fi
bytes=$(stat -c %s "$dump")
echo "dump: $dump ($(( bytes >> 20 )) MiB); load average: $(cut -d' ' -f1-3 /proc/loadavg); TMPDIR=${TMPDIR:-/var/tmp}"
cat "$dump" > /dev/null
for run in $(seq 1 "$runs"); do
  python3 "$here/rss_sample.py" "maxmem-inmemory-run$run" -- "$hdx" summary "$dump" --json
  python3 "$here/rss_sample.py" "maxmem-400M-run$run" -- "$hdx" summary "$dump" --json --max-memory 400M
done
python3 - "$here/out/maxmem-inmemory-run$runs.out" "$here/out/maxmem-400M-run$runs.out" "$bytes" <<'PY'
import json, sys
mem, ooc = (json.load(open(p)) for p in sys.argv[1:3])
gib = int(sys.argv[3]) / 2**30
for name, d in (("in memory", mem), ("--max-memory 400M", ooc)):
    t = d["timings"]
    total = sum(t.values())
    print(f"  {name}: {d['objects']:,} objects, {d['edges']:,} references; phases "
          + ", ".join(f"{k} {v:.2f}s" for k, v in t.items()) + f"; {total / gib:.2f} s per GiB of dump")
for w in ooc["warnings"]:
    print("  warning:", w)
same = {k: v for k, v in mem.items() if k not in ("timings", "peakResidentMiB", "warnings")} == \
       {k: v for k, v in ooc.items() if k not in ("timings", "peakResidentMiB", "warnings")}
print("  same summary in both modes:", same)
PY
