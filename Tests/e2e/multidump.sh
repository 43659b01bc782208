#!/usr/bin/env bash
# HPROF files holding several heap dumps (as the JDK 6/7 HPROF agent writes them): hdx reads one, says how many,
# and every dump-reading command takes --dump N. The two-dump file is the sample with its heap records written twice.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
sample=$root/SampleDumps/java/leakdemo.hprof
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "multidump.sh: $*"; exit 1; }
json_has() { python3 -c "import json,sys; d=json.load(open('$1')); $2" || fail "$1: $2"; }

# Copy the header and the top-level records, then append the heap-dump records (segments and END) once more.
python3 - "$sample" "$tmp/two.hprof" <<'PY' || fail "could not write the two-dump file"
import struct, sys
data = open(sys.argv[1], 'rb').read()
p = data.index(b'\0') + 1 + 12
heap = []
while p < len(data):
    tag, length = data[p], struct.unpack('>I', data[p + 5:p + 9])[0]
    if tag in (0x0C, 0x1C, 0x2C):
        heap.append(data[p:p + 9 + length])
    p += 9 + length
assert heap and heap[-1][0] == 0x2C
open(sys.argv[2], 'wb').write(data + b''.join(heap))
PY

"$hdx" summary "$sample" --json > "$tmp/one.json" || fail "summary of the sample exit"
json_has "$tmp/one.json" "assert d['dumps']==1 and d['dumpIndex']==1"
"$hdx" summary "$tmp/two.hprof" --json > "$tmp/s1.json" || fail "summary exit"
json_has "$tmp/s1.json" "o=json.load(open('$tmp/one.json')); assert d['dumps']==2 and d['dumpIndex']==1 and d['objects']==o['objects'] and d['shallowBytes']==o['shallowBytes']; assert d['warnings']==['this file holds 2 heap dumps; read dump 1 (use --dump N to read another)'], d['warnings']"
"$hdx" summary "$tmp/two.hprof" --json --dump 2 > "$tmp/s2.json" || fail "summary --dump 2 exit"
json_has "$tmp/s2.json" "o=json.load(open('$tmp/one.json')); assert d['dumpIndex']==2 and d['objects']==o['objects'] and d['roots']==o['roots'] and d['warnings']==['this file holds 2 heap dumps; read dump 2']"
for cmd in "histogram --top 3" "dominators --top 3" "report"; do
  "$hdx" $cmd "$tmp/two.hprof" --json --dump 2 > "$tmp/c.json" || fail "$cmd --dump 2 exit"
done
id=$(python3 -c "import json; print(json.load(open('$tmp/c.json'))['suspects'][0]['id'])")
"$hdx" paths "$tmp/two.hprof" "$id" --json --dump 2 > "$tmp/p.json" || fail "paths --dump 2 exit"
"$hdx" diff "$tmp/two.hprof" "$tmp/two.hprof" --old-dump 1 --new-dump 2 --json > "$tmp/d.json" || fail "diff exit"
json_has "$tmp/d.json" "assert all(r['countDelta']==0 for r in d['rows'])"

# A dump number the file does not have: exit 1, one line naming the file.
"$hdx" summary "$tmp/two.hprof" --json --dump 3 > /dev/null 2> "$tmp/err"; [ $? -eq 1 ] || fail "--dump 3 exit"
[ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "two.hprof: at byte .*expected --dump between 1 and 2" "$tmp/err" || fail "--dump 3 message: $(cat "$tmp/err")"
"$hdx" histogram "$sample" --json --dump 2 > /dev/null 2> "$tmp/err"; [ $? -eq 1 ] || fail "--dump 2 on one dump exit"
[ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "--dump 2 message: $(cat "$tmp/err")"
echo "multidump.sh: ok"
