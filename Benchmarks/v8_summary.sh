#!/bin/sh
# Speed and memory of reading a ~1 GB V8 heap snapshot: `hdx summary FILE --json` computes the whole index
# (parse, DevTools rules, graph, dominators, retained sizes, histogram).
#
#   Benchmarks/v8_summary.sh [N_RECORDS]      (default 2200000 → about 1 GB, 13.8 million nodes)
#
# Writes the snapshot once into Benchmarks/dumps/ (git-ignored) with SampleDumps/generators/v8_big.js (needs node
# and several GB of memory for about a minute), builds hdx in release mode, then runs it under /usr/bin/time -v.
# Target on the 2-core reference machine: <= 5 s wall and <= 1.2 GB peak resident memory for 1 GB.
export HDX_NO_INDEX=1  # the first-open cost: never read or write the persisted index
set -eu
cd "$(dirname "$0")/.."
n="${1:-2200000}"
dir=Benchmarks/dumps
file="$dir/big-${n%000}k.heapsnapshot"
mkdir -p "$dir"
if [ ! -s "$file" ]; then
    echo "writing $file ($n records)..." >&2
    node --max-old-space-size=8192 SampleDumps/generators/v8_big.js "$n" "$file" >&2
fi
swift build -c release --product hdx >&2
bin="$(swift build -c release --show-bin-path)/hdx"
# Warm the page cache so the run measures hdx, not the disk.
cat "$file" > /dev/null
out="$dir/v8_summary.out.json"
/usr/bin/time -v "$bin" summary "$file" --json > "$out" 2> "$dir/v8_summary.time.txt"
grep -E "Elapsed|Maximum resident|User time|System time|Percent of CPU" "$dir/v8_summary.time.txt"
echo "summary JSON (with per-phase timings) in $out:"
cat "$out"
