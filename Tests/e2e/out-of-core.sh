#!/usr/bin/env bash
# The out-of-core index (issue 13): forced on every HPROF sample dump (by --max-memory 1M and by
# HDX_FORCE_OUT_OF_CORE=1), `summary`, `histogram`, `histogram --all`, `dominators` and `paths` give exactly the
# in-memory answers (summary: all keys but timings, peak memory and the one out-of-core warning); the temporary files
# leave nothing behind; `--max-memory` parsing (units, bad values → exit 2) on every kind of command.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "out-of-core.sh: $*"; exit 1; }
export HDX_NO_INDEX=1
mkdir "$tmp/tmpdir"

# same NAME FILE ARGS...: the command's stdout in memory and out of core (two ways) must be byte-identical.
same() {
  local name=$1; shift
  "$hdx" "$@" > "$tmp/mem.out" || fail "$name: in memory: exit $?"
  TMPDIR=$tmp/tmpdir "$hdx" "$@" --max-memory 1M > "$tmp/ooc.out" || fail "$name: --max-memory 1M: exit $?"
  cmp -s "$tmp/mem.out" "$tmp/ooc.out" || fail "$name: --max-memory 1M differs: $(diff "$tmp/mem.out" "$tmp/ooc.out" | head -5)"
  [ "${FORCED:-}" = 1 ] || return 0
  TMPDIR=$tmp/tmpdir HDX_FORCE_OUT_OF_CORE=1 "$hdx" "$@" > "$tmp/ooc.out" || fail "$name: forced: exit $?"
  cmp -s "$tmp/mem.out" "$tmp/ooc.out" || fail "$name: HDX_FORCE_OUT_OF_CORE differs"
}

dumps=$(find "$root/SampleDumps" -name '*.hprof' -o -name '*.hprof.gz' | sort)
[ -n "$dumps" ] || fail "no HPROF sample dumps"
count=0
for dump in $dumps; do
  name=$(basename "$dump")
  FORCED=1 same "$name histogram" histogram "$dump" --json
  same "$name histogram --all" histogram "$dump" --json --all
  same "$name dominators" dominators "$dump" --json --top 50
  top=1; [ "$name" = leakdemo.hprof ] && top=3
  ids=$("$hdx" dominators "$dump" --json --top $top | python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(sys.stdin)["rows"]))')
  [ -n "$ids" ] || fail "$name: no dominators"
  for id in $ids; do
    same "$name paths $id" paths "$dump" "$id" --json
  done
  # summary: everything but timings and peak memory equal; warnings equal once the out-of-core note is removed.
  "$hdx" summary "$dump" --json > "$tmp/s-mem.json" || fail "$name summary exit"
  TMPDIR=$tmp/tmpdir "$hdx" summary "$dump" --json --max-memory 1M > "$tmp/s-ooc.json" || fail "$name summary ooc exit"
  python3 - "$tmp/s-mem.json" "$tmp/s-ooc.json" "$tmp/tmpdir" <<'PY' || fail "$name: summary differs"
import json, sys
mem, ooc = (json.load(open(p)) for p in sys.argv[1:3])
notes = [w for w in ooc["warnings"] if w.startswith("index built out of core")]
assert len(notes) == 1, ooc["warnings"]
assert "more than --max-memory allows (1 MiB)" in notes[0] and sys.argv[3] in notes[0], notes[0]
assert not any("out of core" in w for w in mem["warnings"]), mem["warnings"]
ooc["warnings"].remove(notes[0])
for d in (mem, ooc):
    del d["timings"], d["peakResidentMiB"]
assert mem == ooc, (mem, ooc)
PY
  count=$((count + 1))
done
[ -z "$(ls -A "$tmp/tmpdir")" ] || fail "temporary files left behind: $(ls -A "$tmp/tmpdir")"

# An explicit budget above the estimate keeps the index in memory; the text summary names the out-of-core path.
sample=$root/SampleDumps/java/leakdemo.hprof
"$hdx" summary "$sample" --json --max-memory 64G | grep -q "out of core" && fail "64G budget went out of core"
"$hdx" summary "$sample" --max-memory=1M | grep -q "warning: index built out of core" || fail "text summary lacks the note"
# A temporary folder that cannot be written: the arrays fall back to memory, the answers stay the same.
TMPDIR=$tmp/missing "$hdx" histogram "$sample" --json --max-memory 1M > "$tmp/h.json" || fail "missing TMPDIR exit"
"$hdx" histogram "$sample" --json | cmp -s - "$tmp/h.json" || fail "missing TMPDIR differs"
TMPDIR=$tmp/missing "$hdx" summary "$sample" --json --max-memory 1M | grep -q "no temporary file could be created" \
  || fail "missing TMPDIR: no note"

# --max-memory parsing: units accepted, anything else is a usage error (exit 2) with one line naming the flag.
# (A good size on a missing file gets past the parser: exit 1, not 2.)
for good in 400M 4G 1.5G 512k 2GiB 300MB 123456789 64g 1t 10b; do
  "$hdx" summary "$tmp/missing.hprof" --json --max-memory "$good" > /dev/null 2>&1
  code=$?
  [ "$code" -eq 1 ] || fail "--max-memory $good: exit $code, expected 1 (a missing file)"
done
for bad in 12X 0 -1 M "" 1.2.3G .5G 4GG 1e9 " 4G"; do
  "$hdx" summary "$sample" --json --max-memory "$bad" > /dev/null 2> "$tmp/err"
  code=$?
  [ "$code" -eq 2 ] || fail "--max-memory '$bad': exit $code, expected 2"
  grep -q -- "--max-memory" "$tmp/err" || fail "--max-memory '$bad': stderr lacks the flag: $(cat "$tmp/err")"
done
for cmd in "histogram" "dominators" "report --json" "paths $sample 0x1"; do
  # shellcheck disable=SC2086
  set -- $cmd
  sub=$1; shift
  if [ "$sub" = paths ]; then args=("$@"); else args=("$sample" "$@"); fi
  "$hdx" "$sub" "${args[@]}" --max-memory 12X > /dev/null 2>&1
  [ $? -eq 2 ] || fail "$sub --max-memory 12X: not a usage error"
done
"$hdx" diff "$sample" "$sample" --json --max-memory 1M > /dev/null || fail "diff --max-memory 1M"
"$hdx" diff "$sample" "$sample" --json --max-memory nope > /dev/null 2>&1; [ $? -eq 2 ] || fail "diff bad size"
# V8 is built out of core too (out-of-core-v8-hana.sh compares its answers): a budget below its estimate is no error.
v8=$root/SampleDumps/v8/leak-1.heapsnapshot
TMPDIR=$tmp/tmpdir "$hdx" summary "$v8" --json --max-memory 1M > "$tmp/v8.json" || fail "V8 under --max-memory 1M: exit $?"
grep -q "index built out of core" "$tmp/v8.json" || fail "V8 under --max-memory 1M: no out-of-core note"
echo "out-of-core.sh: $count HPROF dumps identical in and out of core; --max-memory parsing checked"
