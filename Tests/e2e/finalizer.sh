#!/usr/bin/env bash
# Objects pending finalization on a freshly taken JDK dump (FinalizerDemo, default G1, plain jcmd): hdx counts them
# live as the JVM's own class histogram does, shows a Finalizer root on their paths, and reports the references
# HotSpot leaves dangling by design (undumped class mirrors) as a fact, not a warning. Skips without a JDK.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "finalizer.sh: $*"; exit 1; }
if ! command -v javac > /dev/null || ! command -v jcmd > /dev/null; then echo "finalizer.sh: skipped (no JDK)"; exit 0; fi
"$root/SampleDumps/generators/make_finalizer_sample.sh" "$tmp" > /dev/null || fail "generator failed"

"$hdx" histogram "$tmp/finalizer.hprof.gz" --json --filter '^FinalizerDemo\$' > "$tmp/h.json" || fail "histogram exit"
python3 - "$tmp/h.json" "$tmp/finalizer.histogram.txt" <<'PY' || fail "counts differ from the JVM's histogram"
import json, sys
rows = {r['class']: r['count'] for r in json.load(open(sys.argv[1]))['rows']}
jvm = {}
for line in open(sys.argv[2]):
    f = line.split()
    if len(f) >= 4 and f[0].endswith(':') and f[3].startswith('FinalizerDemo$'):
        jvm[f[3]] = int(f[1])
assert jvm.get('FinalizerDemo$Pending') == 200, jvm
assert rows == jvm, (rows, jvm)
PY
"$hdx" dominators "$tmp/finalizer.hprof.gz" --json --top 5000 > "$tmp/d.json" || fail "dominators exit"
id=$(python3 -c "import json; print(next(r['id'] for r in json.load(open('$tmp/d.json'))['rows'] if r['class']=='FinalizerDemo\$Pending'))") || fail "no Pending object at the top of the dominator tree"
"$hdx" paths "$tmp/finalizer.hprof.gz" "$id" --json > "$tmp/p.json" || fail "paths exit"
python3 -c "import json; p=json.load(open('$tmp/p.json'))['paths']; assert p and p[0][0]['id']=='$id' and p[0][0]['root']==['Finalizer'], p" || fail "no Finalizer root on the path"
"$hdx" summary "$tmp/finalizer.hprof.gz" --json > "$tmp/s.json" || fail "summary exit"
python3 -c "import json; d=json.load(open('$tmp/s.json')); assert not any('not in the dump' in w for w in d['warnings']), d['warnings']; assert d['facts']['pendingFinalization'].startswith('200 objects')" || fail "summary facts/warnings"
echo "finalizer.sh: ok"
