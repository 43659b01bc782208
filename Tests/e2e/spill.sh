#!/usr/bin/env bash
# Spilling in place (Sources/HeapGraph/Spill.swift, issue 13): on every HPROF and V8 sample, forced to spill
# (HDX_FORCE_SPILL=1, with glibc's mmap threshold at one page so the samples' small arrays are their own malloc
# mappings as the big ones are) `summary`, `histogram` and `dominators` give byte-identical answers to the unspilled
# run (summary: all keys but timings and peak memory); the spill really happened (the memory trace reports spilled
# bytes); an index written after a spilled load reopens with the same answers; nothing is left in TMPDIR.
set -uo pipefail
# run.sh sets HDX_NO_INDEX=1 for every script: this one writes and reopens an index on purpose.
unset HDX_NO_INDEX
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "spill.sh: $*"; exit 1; }
mkdir "$tmp/tmpdir"
spilled() { TMPDIR=$tmp/tmpdir HDX_FORCE_SPILL=1 MALLOC_MMAP_THRESHOLD_=4096 "$@"; }

count=0
for dump in "$root"/SampleDumps/java/leakdemo.hprof "$root"/SampleDumps/v8/*.heapsnapshot; do
  name=$(basename "$dump")
  HDX_NO_INDEX=1 HDX_NO_SPILL=1 "$hdx" summary "$dump" --json > "$tmp/plain.json" || fail "$name: summary exit"
  HDX_NO_INDEX=1 HDX_TRACE_MEMORY=1 spilled "$hdx" summary "$dump" --json > "$tmp/spill.json" 2> "$tmp/trace" \
    || fail "$name: spilled summary exit"
  bytes=$(sed -n 's/.*spilled \([0-9]*\) bytes of the graph.*/\1/p' "$tmp/trace")
  [ -n "$bytes" ] && [ "$bytes" -gt 0 ] || fail "$name: nothing was spilled: $(grep spilled "$tmp/trace")"
  python3 - "$tmp/plain.json" "$tmp/spill.json" <<'PY' || fail "$name: summary differs"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    del d["timings"], d["peakResidentMiB"]
assert a == b, [(k, a.get(k), b.get(k)) for k in a if a.get(k) != b.get(k)]
PY
  for args in "histogram --json" "dominators --json --top 50"; do
    HDX_NO_INDEX=1 HDX_NO_SPILL=1 "$hdx" $args "$dump" > "$tmp/plain.out" || fail "$name $args: exit"
    HDX_NO_INDEX=1 spilled "$hdx" $args "$dump" > "$tmp/spill.out" || fail "$name $args: spilled exit"
    cmp -s "$tmp/plain.out" "$tmp/spill.out" || fail "$name $args: differs when spilled"
  done
  # The index written after a spilled load (default path) reopens with the same answers.
  cp "$dump" "$tmp/copy-$name"
  spilled "$hdx" histogram "$tmp/copy-$name" --json > "$tmp/built.out" || fail "$name: index build exit"
  ls "$tmp/copy-$name".hdxindex* > /dev/null 2>&1 || fail "$name: no index written"
  mode=$(stat -c %a "$(ls "$tmp/copy-$name".hdxindex* | head -1)")
  [ "$mode" = 600 ] || fail "$name: index mode $mode"
  "$hdx" histogram "$tmp/copy-$name" --json > "$tmp/reopened.out" || fail "$name: reopen exit"
  HDX_NO_INDEX=1 HDX_NO_SPILL=1 "$hdx" histogram "$tmp/copy-$name" --json > "$tmp/plain.out"
  cmp -s "$tmp/plain.out" "$tmp/built.out" || fail "$name: histogram of the spilled index build differs"
  cmp -s "$tmp/plain.out" "$tmp/reopened.out" || fail "$name: reopened histogram differs"
  rm -f "$tmp/copy-$name"*
  [ -z "$(ls -A "$tmp/tmpdir")" ] || fail "$name: files left in TMPDIR: $(ls -A "$tmp/tmpdir")"
  count=$((count + 1))
done
[ "$count" -ge 3 ] || fail "only $count samples"
echo "spill.sh: ok ($count dumps identical with and without spill)"
