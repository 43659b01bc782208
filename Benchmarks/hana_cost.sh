#!/usr/bin/env bash
# Cost per GiB of SAP HANA trace (issue 13), in memory and with --max-memory (the thread tables in mapped temporary
# files): generated traces of 300, 1000 and 2000 MB (hana_big.py into Benchmarks/dumps, git-ignored; delete them
# afterwards), RUNS runs per mode (default 3), each size with --max-memory 100M and the largest also with 200M.
# Each block prints wall, CPU (user+sys), peak RssAnon and peak RSS (VmHWM), per run range and per GiB of trace.
#   Benchmarks/hana_cost.sh [RUNS] [MB...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-3}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(300 1000 2000)
for mb in "${sizes[@]}"; do
  "$here/max_memory.sh" hana "$mb" "$runs" 100M
done
"$here/max_memory.sh" hana "${sizes[-1]}" "$runs" 200M
