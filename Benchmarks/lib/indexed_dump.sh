# Shared by the benchmarks that time calls on an indexed dump (predecessors.sh, record_lookups.sh): sets `here`,
# `root`, `dump` (DUMP, default the ≈ 2 GB LeakDemo dump of hprof_summary.sh), `count` (COUNT, default
# DEFAULT_COUNT), `runs` (RUNS, default 3) and `hdx` (HDX, else the release build, built first); warms the page cache,
# builds the persisted index if missing and prints the dump's and the index's sizes.
#   DEFAULT_COUNT=N source "$(dirname "$0")/lib/indexed_dump.sh" [DUMP]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dump=${1:-$here/dumps/leakdemo-1700000.hprof}
count=${COUNT:-$DEFAULT_COUNT}
runs=${RUNS:-3}
hdx=${HDX:-$root/.build/release/hdx}
[ -n "${HDX:-}" ] || (cd "$root" && swift build -c release --product hdx 2>&1 | tail -1)
export LANG=C.UTF-8
[ -f "$dump" ] || { echo "missing $dump (see hprof_summary.sh)"; exit 1; }
cat "$dump" > /dev/null   # warm the page cache: we measure hdx, not the disk
[ -f "$dump.hdxindex" ] || "$hdx" index "$dump" > /dev/null
echo "$(basename "$dump") ($(( $(stat -c %s "$dump") / 1048576 )) MiB), index $(( $(stat -c %s "$dump.hdxindex") / 1048576 )) MiB"
