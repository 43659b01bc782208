#!/usr/bin/env bash
# The out-of-core V8 index and streaming HANA (issue 13): on every V8 sample, forced out of core (by --max-memory 1M
# and by HDX_FORCE_OUT_OF_CORE=1), `summary`, `histogram`, `dominators` (top and under an object) and `paths` give
# exactly the in-memory answers (summary: all keys but timings and peak memory, and the one out-of-core warning); the
# temporary files leave nothing behind. On every HANA sample and a generated 2 MB trace, a tiny --max-memory reads
# it (exit 0, never "more than --max-memory") with the same answers and one warning saying it was read streaming.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "out-of-core-v8-hana.sh: $*"; exit 1; }
export HDX_NO_INDEX=1
mkdir "$tmp/tmpdir"

# same NAME ARGS...: the command's stdout in memory and with --max-memory 1M (and, with FORCED=1, with
# HDX_FORCE_OUT_OF_CORE=1) must be byte-identical.
same() {
  local name=$1; shift
  "$hdx" "$@" > "$tmp/mem.out" || fail "$name: in memory: exit $?"
  TMPDIR=$tmp/tmpdir "$hdx" "$@" --max-memory 1M > "$tmp/ooc.out" 2> "$tmp/err" \
    || fail "$name: --max-memory 1M: exit $?: $(cat "$tmp/err")"
  cmp -s "$tmp/mem.out" "$tmp/ooc.out" || fail "$name: --max-memory 1M differs: $(diff "$tmp/mem.out" "$tmp/ooc.out" | head -5)"
  [ "${FORCED:-}" = 1 ] || return 0
  TMPDIR=$tmp/tmpdir HDX_FORCE_OUT_OF_CORE=1 "$hdx" "$@" > "$tmp/ooc.out" || fail "$name: forced: exit $?"
  cmp -s "$tmp/mem.out" "$tmp/ooc.out" || fail "$name: HDX_FORCE_OUT_OF_CORE differs"
}

# summary NAME FILE PREFIX EXPECT BUDGET: summaries in memory and with --max-memory BUDGET equal but for timings, peak
# memory and one warning starting with PREFIX that contains EXPECT.
summary() {
  "$hdx" summary "$2" --json > "$tmp/s-mem.json" || fail "$1 summary exit"
  TMPDIR=$tmp/tmpdir "$hdx" summary "$2" --json --max-memory "$5" > "$tmp/s-ooc.json" || fail "$1 summary $5 exit"
  python3 - "$tmp/s-mem.json" "$tmp/s-ooc.json" "$3" "$4" <<'PY' || fail "$1: summary differs"
import json, sys
mem, ooc = (json.load(open(p)) for p in sys.argv[1:3])
notes = [w for w in ooc["warnings"] if w.startswith(sys.argv[3])]
assert len(notes) == 1, ooc["warnings"]
assert sys.argv[4] in notes[0], notes[0]
assert not any(w.startswith(sys.argv[3]) for w in mem["warnings"]), mem["warnings"]
ooc["warnings"].remove(notes[0])
for d in (mem, ooc):
    del d["timings"], d["peakResidentMiB"]
assert mem == ooc, [(k, mem.get(k), ooc.get(k)) for k in mem if mem.get(k) != ooc.get(k)]
PY
}

count=0
for dump in "$root"/SampleDumps/v8/*.heapsnapshot; do
  name=$(basename "$dump")
  FORCED=1 same "$name histogram" histogram "$dump" --json
  same "$name dominators" dominators "$dump" --json --top 50
  top=$("$hdx" dominators "$dump" --json --top 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"][0]["id"])')
  same "$name dominators --of $top" dominators "$dump" --of "$top" --json --top 20
  ids=$("$hdx" dominators "$dump" --of "$top" --json --top 1 | python3 -c 'import json,sys; print(" ".join(r["id"] for r in json.load(sys.stdin)["rows"]))')
  [ -n "$ids" ] || fail "$name: no dominator children"
  for id in $top $ids; do
    FORCED=1 same "$name paths $id" paths "$dump" "$id" --json
  done
  summary "$name" "$dump" "index built out of core" "more than --max-memory allows (1 MiB)" 1M
  grep -q "mapped temporary files in $tmp/tmpdir" "$tmp/s-ooc.json" || fail "$name: the note does not name TMPDIR"
  count=$((count + 1))
done
[ "$count" -ge 1 ] || fail "no V8 sample dumps"
[ -z "$(ls -A "$tmp/tmpdir")" ] || fail "temporary files left behind: $(ls -A "$tmp/tmpdir")"
# A budget above the estimate stays in memory.
v8=$root/SampleDumps/v8/leak-1.heapsnapshot
"$hdx" summary "$v8" --json --max-memory 64G | grep -q "out of core" && fail "V8: 64G budget went out of core"

# HANA: never refused for its size; the same answers with a tiny budget, and a note that it was read streaming.
python3 "$root/SampleDumps/generators/hana_big.py" \
  "$root/SampleDumps/hana/indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc" \
  "$tmp/big.rtedump.trc" 2 > /dev/null || fail "hana_big.py failed"
hana=0
for dump in "$root"/SampleDumps/hana/*.trc "$tmp/big.rtedump.trc"; do
  name=$(basename "$dump")
  for args in "histogram F --json" "dominators F --json --top 30" "histogram F --csv"; do
    # shellcheck disable=SC2086
    set -- ${args/F/$dump}
    "$hdx" "$@" > "$tmp/mem.out" || fail "$name $args: exit $?"
    "$hdx" "$@" --max-memory 1K > "$tmp/small.out" 2> "$tmp/err" \
      || fail "$name $args --max-memory 1K: exit $?: $(cat "$tmp/err")"
    cmp -s "$tmp/mem.out" "$tmp/small.out" || fail "$name $args: --max-memory 1K differs"
  done
  summary "$name" "$dump" "the trace read streaming" "larger than --max-memory allows (1 KiB)" 1K
  # report: the same but for the note among its warnings.
  "$hdx" report "$dump" --json > "$tmp/mem.out" || fail "$name report: exit $?"
  "$hdx" report "$dump" --json --max-memory 1K > "$tmp/small.out" || fail "$name report 1K: exit $?"
  python3 - "$tmp/mem.out" "$tmp/small.out" <<'PY' || fail "$name: report differs"
import json, sys
mem, small = (json.load(open(p)) for p in sys.argv[1:3])
def strip(d):
    if isinstance(d, dict):
        return {k: strip(v) for k, v in d.items() if k not in ("timings", "peakResidentMiB")}
    if isinstance(d, list):
        return [strip(v) for v in d if not (isinstance(v, str) and v.startswith("the trace read streaming"))]
    return d
assert "the trace read streaming" in json.dumps(small) and "the trace read streaming" not in json.dumps(mem)
assert strip(mem) == strip(small)
PY
  hana=$((hana + 1))
done
echo "out-of-core-v8-hana.sh: $count V8 dumps identical in and out of core; $hana HANA traces identical streaming"
