#!/usr/bin/env bash
# The HANA model out of core (issue 13): on every HANA sample and a generated 2 MB trace (stacks repeated under new
# thread ids: ties for the culprit, thousands of threads), the bounded path (per-thread tables in mapped temporary
# files), forced by HDX_FORCE_OUT_OF_CORE=1 and by --max-memory 1K, prints byte for byte what the in-memory path
# prints for `summary --json` (but timings, peak memory and the one streaming warning, which must name TMPDIR),
# `report` (text, but that warning's line), `report --json`, `histogram`, `dominators`, every `hana` command, and
# `hana views` files. The temporary files leave nothing behind. (The explorer's screens: HanaBoundedModelTests.)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "out-of-core-hana-model.sh: $*"; exit 1; }
export HDX_NO_INDEX=1 LANG=C.UTF-8
mkdir "$tmp/tmpdir"
note="the trace read streaming from its mapping (pages released as they are read; its thread tables in mapped \
temporary files in $tmp/tmpdir"

# bounded NAME ARGS...: stdout with the tables in temporary files, forced and by a 1 KiB budget, must equal the
# in-memory stdout once the streaming warning's line is taken out (and must contain it where warnings are printed).
bounded() {
  local name=$1; shift
  "$hdx" "$@" > "$tmp/mem.out" 2> "$tmp/err" || fail "$name: in memory: exit $?: $(cat "$tmp/err")"
  grep -qF "the trace read streaming" "$tmp/mem.out" && fail "$name: the in-memory output says streaming"
  for mode in forced budget; do
    if [ $mode = forced ]; then
      TMPDIR=$tmp/tmpdir HDX_FORCE_OUT_OF_CORE=1 "$hdx" "$@" > "$tmp/ooc.out" 2> "$tmp/err" \
        || fail "$name: forced: exit $?: $(cat "$tmp/err")"
    else
      TMPDIR=$tmp/tmpdir "$hdx" "$@" --max-memory 1K > "$tmp/ooc.out" 2> "$tmp/err" \
        || fail "$name: --max-memory 1K: exit $?: $(cat "$tmp/err")"
    fi
    python3 - "$tmp/mem.out" "$tmp/ooc.out" "$note" <<'PY' || fail "$name: $mode differs"
import json, sys
mem, ooc = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
note = sys.argv[3]
def strip(d):
    if isinstance(d, dict):
        return {k: strip(v) for k, v in d.items() if k not in ("timings", "peakResidentMiB")}
    if isinstance(d, list):
        return [strip(v) for v in d if not (isinstance(v, str) and v.startswith("the trace read streaming"))]
    return d
try:
    a, b = json.loads(mem), json.loads(ooc)
except ValueError:
    lines = [l for l in ooc.splitlines(True) if "the trace read streaming" not in l]
    notes = len(ooc.splitlines()) - len(lines)
    assert notes <= 1, notes
    assert notes == 0 or note in ooc, "the note does not name TMPDIR"
    assert mem == "".join(lines), "text differs"
else:
    if "warnings" in b:
        assert sum(w.startswith("the trace read streaming") for w in b["warnings"]) == 1, b["warnings"]
        assert any(w.startswith(note) for w in b["warnings"]), b["warnings"]
    assert strip(a) == strip(b), [k for k in strip(a) if strip(a).get(k) != strip(b).get(k)]
PY
  done
}

python3 "$root/SampleDumps/generators/hana_big.py" \
  "$root/SampleDumps/hana/indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc" \
  "$tmp/big.rtedump.trc" 2 > /dev/null || fail "hana_big.py failed"
count=0
for dump in "$root"/SampleDumps/hana/*.trc "$tmp/big.rtedump.trc"; do
  name=$(basename "$dump")
  bounded "$name summary" summary "$dump" --json
  bounded "$name report" report "$dump"
  bounded "$name report --json" report "$dump" --json
  bounded "$name histogram" histogram "$dump" --json
  bounded "$name histogram --csv" histogram "$dump" --csv
  bounded "$name dominators" dominators "$dump" --json --top 30
  bounded "$name stacks" hana stacks "$dump"
  bounded "$name stacks --folded" hana stacks "$dump" --folded --thread-names
  bounded "$name stacks --dot" hana stacks "$dump" --dot
  bounded "$name allocators" hana allocators "$dump"
  bounded "$name views --list" hana views "$dump" --list
  tid=$("$hdx" report "$dump" --json | python3 -c '
import json, sys
v = json.load(sys.stdin)
def find(d):
    if isinstance(d, dict):
        for k in ("culpritThread", "crashingThread"):
            if isinstance(d.get(k), dict) and "tid" in d[k]:
                return d[k]["tid"]
        for x in d.values():
            t = find(x)
            if t is not None:
                return t
    return None
print(find(v) or "")')
  if [ -n "$tid" ]; then
    bounded "$name stacks --thread $tid" hana stacks "$dump" --thread "$tid"
  fi
  "$hdx" hana views "$dump" --out "$tmp/views-mem" > /dev/null || fail "$name views: exit $?"
  TMPDIR=$tmp/tmpdir HDX_FORCE_OUT_OF_CORE=1 "$hdx" hana views "$dump" --out "$tmp/views-ooc" > /dev/null \
    || fail "$name views forced: exit $?"
  diff -r "$tmp/views-mem" "$tmp/views-ooc" > /dev/null || fail "$name: hana views files differ"
  rm -rf "$tmp/views-mem" "$tmp/views-ooc"
  count=$((count + 1))
done
[ "$count" -ge 6 ] || fail "expected 5 samples and the generated trace, found $count traces"
[ -z "$(ls -A "$tmp/tmpdir")" ] || fail "temporary files left behind: $(ls -A "$tmp/tmpdir")"
echo "out-of-core-hana-model.sh: $count HANA traces print the same with their thread tables in temporary files"
