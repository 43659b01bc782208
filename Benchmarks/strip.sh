#!/usr/bin/env bash
# `hdx strip` benchmark: wall time and peak RSS of stripping each committed sample and a ~200 MB HPROF made by the
# sample generator (never committed), with a release build and a warm page cache; then checks that the stripped
# big dump gives the same `hdx summary` numbers.
#   Benchmarks/strip.sh [SIZE_KB]      default: 170000 (≈ 0.2 GB dump)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
kb=${1:-170000}
dumps=$here/dumps
mkdir -p "$dumps"
(cd "$root" && swift build -c release --product hdx 2>&1 | tail -1)
hdx=$root/.build/release/hdx
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
dump=$dumps/leakdemo-$kb.hprof
if [ ! -f "$dump" ]; then
  javac -d "$work" "$root/SampleDumps/generators/java/LeakDemo.java"
  java -Xmx$(( kb / 1024 * 2 + 256 ))m -XX:+UseParallelGC -cp "$work" LeakDemo "$kb" "$dump" | tail -1
fi
s=$root/SampleDumps
for f in "$s"/java/leakdemo.hprof "$s"/java/leakdemo-before.hprof.gz "$s"/v8/*.heapsnapshot "$s"/hana/*.trc "$dump"; do
  cat "$f" > /dev/null
  out=$work/$(basename "$f").stripped
  python3 "$here/measure.py" "strip $(basename "$f") ($(stat -c %s "$f") B)" -- "$hdx" strip "$f" "$out" --force
  rm -f "$out"
done
"$hdx" strip "$dump" "$work/big.hprof" --names --mapping "$work/map.json" > /dev/null
python3 "$here/measure.py" "strip --names $(basename "$dump")" -- "$hdx" strip "$dump" "$work/big.hprof" --names --force
"$hdx" strip "$dump" "$work/big.hprof" --force > /dev/null
for f in "$dump" "$work/big.hprof"; do
  "$hdx" summary "$f" --json | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['objects'], d['classes'], d['edges'], d['shallowBytes'], d['reachableBytes'])"
done
