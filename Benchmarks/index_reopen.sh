#!/usr/bin/env bash
# First open vs reopen through the persisted index (DUMP.hdxindex), for a LeakDemo HPROF dump and a V8 snapshot.
#   Benchmarks/index_reopen.sh [hprof SIZE_KB] [v8 N_RECORDS] [gz]
#   default: hprof 1700000 v8 2200000 (the ≈ 1.8 GB HPROF of hprof_summary.sh, the ≈ 1 GB snapshot of
#   v8_summary.sh); `gz` also measures the gzip of the HPROF dump (its index keeps a private inflated copy).
# Per run: wall time, peak RSS (rusage: anonymous plus mapped file pages), the peaks of anonymous and file-backed
# resident memory polled from /proc (file pages are the page cache the kernel can drop), and the 1-minute load
# average when the run started (the box is shared), and the CPU time (user + system), which a busy box inflates
# far less than the wall time. Rows, three runs each:
#   build      hdx summary --no-index          (the first-open cost, index neither read nor written)
#   write      hdx index                       (first open plus writing the index)
#   summary / histogram / dominators           (reopen through the index)
#   paths      hdx paths DUMP ID               (reopen; the biggest dominator's paths from the roots)
#   diff       hdx diff DUMP DUMP --json       (two indexed dumps; the same file twice, loaded in parallel)
# REOPEN_ONLY=1 skips the build and write rows when the index exists (it is rebuilt only when stale); RUNS=N runs
# each row N times (default 3). After each dump, one line per row gives the ranges over its runs (min-max): wall,
# user, system, peak RSS (rusage) and peak anonymous memory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dumps=$here/dumps
mkdir -p "$dumps"
todo=("$@")
[ ${#todo[@]} -gt 0 ] || todo=(hprof 1700000 v8 2200000)
(cd "$root" && nice swift build -c release --product hdx 2>&1 | tail -1)
hdx=$root/.build/release/hdx
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
hprof_dump() { # SIZE_KB -> path
  local kb=$1 dump=$dumps/leakdemo-$1.hprof
  if [ ! -f "$dump" ]; then
    javac -d "$work" "$root/SampleDumps/generators/java/LeakDemo.java"
    nice java -Xmx$(( kb / 1024 * 2 + 256 ))m -XX:+UseParallelGC -cp "$work" LeakDemo "$kb" "$dump" | tail -1 >&2
  fi
  echo "$dump"
}
v8_dump() { # N_RECORDS -> path
  local n=$1 dump=$dumps/big-${1%000}k.heapsnapshot
  [ -s "$dump" ] || nice node --max-old-space-size=8192 "$root/SampleDumps/generators/v8_big.js" "$n" "$dump" >&2
  echo "$dump"
}
run() { # LABEL COMMAND...
  python3 - "$@" <<'PY'
import os, resource, subprocess, sys, time
label, cmd = sys.argv[1], sys.argv[2:]
load = os.getloadavg()[0]
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
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
rss, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
print(f"{label:11s} wall={wall:.2f}s  cpu={cpu:.2f}s  user={usage.ru_utime:.2f}s  sys={usage.ru_stime:.2f}s  "
      f"peakRSS={rss / 1024:.0f} MiB  anon={anon / 1024:.0f} MiB  file={filep / 1024:.0f} MiB  load={load:.1f}  "
      f"exit={p.returncode}", flush=True)
PY
}
runs=${RUNS:-3}
# ranges LOG: per row label, min-max of wall, user, sys, peak RSS and anonymous memory over its runs.
ranges() {
  python3 - "$1" <<'PY'
import re, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"(\S+)\s+wall=([\d.]+)s\s+cpu=[\d.]+s\s+user=([\d.]+)s\s+sys=([\d.]+)s\s+peakRSS=(\d+) MiB\s+anon=(\d+) MiB.*load=([\d.]+)", line)
    if m: rows.setdefault(m.group(1), []).append([float(x) for x in m.groups()[1:]])
print("ranges over the runs (min-max):")
for label, v in rows.items():
    col = lambda i, f: f"{f(min(r[i] for r in v))}-{f(max(r[i] for r in v))}"
    s2 = lambda x: f"{x:.2f}"; s0 = lambda x: f"{x:.0f}"; s1 = lambda x: f"{x:.1f}"
    print(f"  {label:11s} runs={len(v)}  wall {col(0, s2)} s  user {col(1, s2)} s  sys {col(2, s2)} s  "
          f"peak RSS {col(3, s0)} MiB  anon {col(4, s0)} MiB  load {col(5, s1)}")
PY
}
measure() { # DUMP
  local dump=$1 log
  log=$(mktemp -p "$work")
  echo "dump: $dump ($(( $(stat -c %s "$dump") / 1048576 )) MiB)"
  cat "$dump" > /dev/null
  if [ "${REOPEN_ONLY:-0}" = 1 ] && [ -f "$dump.hdxindex" ]; then
    "$hdx" index "$dump"
  else
    "$hdx" index --clean "$dump" > /dev/null
    for i in $(seq "$runs"); do run build "$hdx" summary "$dump" --json --no-index; done | tee -a "$log"
    for i in $(seq "$runs"); do "$hdx" index --clean "$dump" > /dev/null; run write "$hdx" index "$dump"; done | tee -a "$log"
  fi
  echo "index: $(( $(stat -c %s "$dump.hdxindex") / 1048576 )) MiB"
  [ -f "$dump.hdxinflated" ] && echo "inflated copy: $(( $(stat -c %s "$dump.hdxinflated") / 1048576 )) MiB"
  cat "$dump".hdx* > /dev/null
  for c in summary histogram dominators; do
    for i in $(seq "$runs"); do run "$c" "$hdx" "$c" "$dump" --json; done | tee -a "$log"
  done
  local id
  id=$("$hdx" dominators "$dump" --json --top 1 | python3 -c "import json,sys; print(json.load(sys.stdin)['rows'][0]['id'])")
  for i in $(seq "$runs"); do run paths "$hdx" paths "$dump" "$id" --json; done | tee -a "$log"
  for i in $(seq "$runs"); do run diff "$hdx" diff "$dump" "$dump" --json; done | tee -a "$log"
  ranges "$log"
}
set -- "${todo[@]}"
while [ $# -gt 0 ]; do
  case $1 in
    hprof) measure "$(hprof_dump "$2")"; last=$(hprof_dump "$2"); shift 2;;
    v8) measure "$(v8_dump "$2")"; shift 2;;
    gz) [ -f "$last.gz" ] || gzip -1 -c "$last" > "$last.gz"; measure "$last.gz"; shift;;
    *) echo "usage: $0 [hprof SIZE_KB] [v8 N_RECORDS] [gz]" >&2; exit 2;;
  esac
done
