#!/usr/bin/env bash
# report --json: leak suspects about class objects name the static fields holding the memory (staticFields).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "report-statics.sh: $*"; exit 1; }
"$hdx" report "$root/SampleDumps/java/leakdemo.hprof" --json > "$tmp/r.json" || fail "report exit"
python3 - "$tmp/r.json" <<'PY' || fail "staticFields"
import json, sys
s = json.load(open(sys.argv[1]))['suspects']
holders = [x for x in s if x.get('staticFields')]
assert holders, s
for x in holders:
    for f in x['staticFields']:
        assert set(f) >= {'declaringClass', 'field', 'classId', 'id', 'class', 'retained', 'percent'}, f
    r = [f['retained'] for f in x['staticFields']]
    assert r == sorted(r, reverse=True) and all(v <= x['retained'] for v in r), x
top = holders[0]['staticFields'][0]
assert (top['declaringClass'], top['field'], top['class']) == ('LeakDemo$SessionCache', 'CACHE', 'java.util.HashMap'), top
PY
echo "report-statics.sh: ok"
