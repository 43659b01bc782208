#!/usr/bin/env bash
# Cost of `hdx hana stacks --folded` and `--dot` (and so of the explorer's Flame tab, which folds the same way)
# next to the cost of reading the trace (`summary --json`): generated traces of 300, 1000 and 2000 MB (hana_big.py
# into Benchmarks/dumps, git-ignored; delete them afterwards), RUNS runs each (default 3), in memory and with
# --max-memory 100M, warm page cache, no persisted index. Prints wall, CPU (user+sys) and peak RssAnon / VmHWM per
# run range and CPU-s per GiB of trace; the outputs of the last runs are in Benchmarks/out.
#   Benchmarks/hana_stacks_cost.sh [RUNS] [MB...]
#   HDX=path/to/hdx Benchmarks/hana_stacks_cost.sh ...     (another build, e.g. the one before a change)
#   COMMANDS="folded dot" BUDGETS="in 100M" ...           (a subset: summary folded dot; in = in memory)
export HDX_NO_INDEX=1 LANG=C.UTF-8
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
runs=${1:-3}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(300 1000 2000)
if [ -z "${HDX:-}" ]; then
  (cd "$root" && swift build -c release --product hdx 2>&1 | tail -1)
  HDX=$root/.build/release/hdx
fi
mkdir -p "$here/dumps"
for mb in "${sizes[@]}"; do
  dump=$here/dumps/hana-big-$mb.rtedump.trc
  [ -s "$dump" ] || python3 "$root/SampleDumps/generators/hana_big.py" \
    "$root/SampleDumps/hana/indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc" "$dump" "$mb"
  bytes=$(stat -c %s "$dump")
  cat "$dump" > /dev/null
  echo "dump: $dump ($(( bytes >> 20 )) MiB); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  for command in ${COMMANDS:-summary folded dot}; do
    case $command in
    summary) what="summary --json" ;;
    *) what="hana stacks --$command" ;;
    esac
    for mode in ${BUDGETS:-in 100M}; do
      budget=${mode#in}
      lines=$(mktemp)
      label="hanastacks-$mb-${what// /_}${budget:+-$budget}"
      for run in $(seq 1 "$runs"); do
        # shellcheck disable=SC2086
        python3 "$here/rss_sample.py" "$label-run$run" -- "$HDX" ${what%% *} ${what#* } "$dump" \
          ${budget:+--max-memory $budget} >> "$lines"
      done
      python3 - "$lines" "$bytes" "$what${budget:+ --max-memory $budget}" <<'PY'
import re, sys
gib = int(sys.argv[2]) / 2**30
r = []
for line in open(sys.argv[1]):
    f = dict(re.findall(r"(\w+)=([\d.]+)", line))
    r.append((float(f["wall"]), float(f["user"]) + float(f["sys"]), int(f["peakRssAnon"]), int(f["VmHWM"])))
span = lambda xs, fmt: (fmt % min(xs)) + ("" if min(xs) == max(xs) else "-" + (fmt % max(xs)))
print(f"  {sys.argv[3]}: wall {span([x[0] for x in r], '%.2f')} s, CPU {span([x[1] for x in r], '%.2f')} s "
      f"= {span([x[1] / gib for x in r], '%.2f')} CPU-s per GiB, peak RssAnon {span([x[2] for x in r], '%d')} MiB, "
      f"VmHWM {span([x[3] for x in r], '%d')} MiB")
PY
      rm -f "$lines"
    done
  done
done
