#!/usr/bin/env bash
# First open vs reopen through the persisted index (DUMP.hdxindex) of a LeakDemo HPROF dump.
#   Benchmarks/index_reopen.sh [SIZE_KB]      default 700000 (≈ 0.76 GB dump); 1700000 gives the ≈ 1.8 GB one
# Per run: wall time, peak RSS (rusage: anonymous plus mapped file pages), and the peaks of anonymous and file-backed
# resident memory polled from /proc (file pages are the page cache the kernel can drop). Rows, three runs each:
#   build      hdx summary --no-index          (the first-open cost, index neither read nor written)
#   write      hdx index                       (first open plus writing the index)
#   summary / histogram / dominators           (reopen through the index)
#   diff       hdx diff DUMP DUMP --json       (two indexed dumps; the same file twice, loaded in parallel)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
kb=${1:-700000}
dumps=$here/dumps
mkdir -p "$dumps"
(cd "$root" && nice swift build -c release --product hdx 2>&1 | tail -1)
hdx=$root/.build/release/hdx
dump=$dumps/leakdemo-$kb.hprof
if [ ! -f "$dump" ]; then
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  javac -d "$work" "$root/SampleDumps/generators/java/LeakDemo.java"
  nice java -Xmx$(( kb / 1024 * 2 + 256 ))m -XX:+UseParallelGC -cp "$work" LeakDemo "$kb" "$dump" | tail -1
fi
cat "$dump" > /dev/null
run() { # LABEL COMMAND...
  python3 - "$@" <<'PY'
import os, resource, subprocess, sys, time
label, cmd = sys.argv[1], sys.argv[2:]
start = time.monotonic()
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
anon = filep = 0
while p.poll() is None:
    try:
        for line in open(f"/proc/{p.pid}/status"):
            if line.startswith("RssAnon:"): anon = max(anon, int(line.split()[1]))
            if line.startswith("RssFile:"): filep = max(filep, int(line.split()[1]))
    except OSError:
        pass
    time.sleep(0.002)
wall = time.monotonic() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{label:11s} wall={wall:.2f}s  peakRSS={rss / 1024:.0f} MiB  anon={anon / 1024:.0f} MiB  "
      f"file={filep / 1024:.0f} MiB  exit={p.returncode}", flush=True)
PY
}
echo "dump: $dump ($(( $(stat -c %s "$dump") / 1048576 )) MiB)"
"$hdx" index --clean "$dump" > /dev/null
for i in 1 2 3; do run build "$hdx" summary "$dump" --json --no-index; done
for i in 1 2 3; do "$hdx" index --clean "$dump" > /dev/null; run write "$hdx" index "$dump"; done
echo "index: $(( $(stat -c %s "$dump.hdxindex") / 1048576 )) MiB"
cat "$dump.hdxindex" > /dev/null
for c in summary histogram dominators; do
  for i in 1 2 3; do run "$c" "$hdx" "$c" "$dump" --json; done
done
for i in 1 2 3; do run diff "$hdx" diff "$dump" "$dump" --json; done
