#!/usr/bin/env bash
# What finding an object's record in the mapped HPROF costs (every object page, preview, field table, path and
# report pays it per object): `hdx bench lookups` (hidden) times N lookups of random objects through the record
# checkpoints and, with --baseline, by stepping from the start of the object's 256 KiB slice as before them; both
# must report the same offset sum. Then three commands that describe many objects, wall/user/sys: `dominators --top
# 10000 --json` (a preview per row), `report --json` (collection fill ratios: two lookups for each of up to 2,000
# collections per kind, duplicate strings, …) and `strings --contains session --top 20000 --json` (a preview per
# row; `seconds` is its scan alone). With HDX_BEFORE=path/to/old/hdx the two commands also run on that binary, on a second hard
# link of the dump (each binary keeps its own index beside its link: the index layouts differ).
#   Benchmarks/record_lookups.sh [DUMP]    default: dumps/leakdemo-1700000.hprof
#   COUNT=100000 RUNS=3
DEFAULT_COUNT=100000 source "$(dirname "$0")/lib/indexed_dump.sh" "$@"
timed() {  # timed LABEL CMD...: wall, user, sys of one run and the load average
    local label=$1; shift
    local t
    t=$( { /usr/bin/time -f '%e %U %S %M' "$@" > /tmp/reclookups-$$.out; } 2>&1 | tail -1)
    read -r wall user sys rss <<< "$t"
    printf '  %-44s wall %6s s  user %6s s  sys %5s s  peak RSS %5d MiB  load %s\n' "$label" "$wall" "$user" "$sys" \
        $(( rss / 1024 )) "$(cut -d' ' -f1-3 /proc/loadavg)"
}
for mode in "" --baseline; do
  for ((run = 1; run <= runs; run++)); do
    "$hdx" bench lookups "$dump" --count "$count" --json $mode > /tmp/reclookups-$$.json
    python3 - /tmp/reclookups-$$.json "$run" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"  lookups ({d['mode']:11}) run {sys.argv[2]}: {d['lookups']:,} in {d['seconds']:.3f} s = "
      f"{d['microsPerLookup']:.1f} µs each; found {d['found']:,}, offset sum {d['offsetSum']}; "
      f"{d['checkpoints']:,} checkpoints ({d['checkpointBytes']:,} B); load {sys.argv[3]}")
PY
  done
done
commands() {  # commands BINARY DUMP TAG
    local b=$1 d=$2 tag=$3
    [ -f "$d.hdxindex" ] || "$b" index "$d" > /dev/null
    for ((run = 1; run <= runs; run++)); do
      timed "$tag dominators --top 10000 --json (run $run)" "$b" dominators "$d" --top 10000 --json
    done
    for ((run = 1; run <= runs; run++)); do
      timed "$tag report --json (run $run)" "$b" report "$d" --json
    done
    for ((run = 1; run <= runs; run++)); do
      timed "$tag strings session --top 20000 (run $run)" "$b" strings "$d" --contains session --top 20000 --json
      python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(f'    scan {d[\"seconds\"]:.2f} s of it, {d[\"matches\"]:,} matches, {len(d[\"rows\"]):,} rows')" /tmp/reclookups-$$.out
    done
}
commands "$hdx" "$dump" "now:"
if [ -n "${HDX_BEFORE:-}" ]; then
  before="${dump%.hprof}.before.hprof"
  [ -f "$before" ] || ln "$dump" "$before"
  commands "$HDX_BEFORE" "$before" "before:"
fi
rm -f /tmp/reclookups-$$.json /tmp/reclookups-$$.out
