#!/usr/bin/env bash
# `hdx report` on the V8 samples: its duplicate strings (JSON rows and totals, the text and HTML sections) against
# SampleDumps/generators/v8_duplicate_strings.js, which groups the snapshot JSON's `string` nodes by value itself
# (no hdx code): the number of duplicated texts, the bytes they waste, and the 20 most wasteful texts with their
# copies and waste.
# Usage: Tests/e2e/v8-report-duplicates.sh [path/to/hdx]
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
if [[ ! -x "$HDX" ]]; then echo "v8-report-duplicates e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi
if ! command -v node >/dev/null || ! command -v python3 >/dev/null; then
  echo "v8-report-duplicates e2e: skipped (node or python3 is not installed)"; exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
for name in leak-1 leak-2; do
  sample="$ROOT/SampleDumps/v8/$name.heapsnapshot"
  HDX_NO_INDEX=1 "$HDX" report --json --top 20 "$sample" > "$tmp/$name.json" || { fail=$((fail + 1)); continue; }
  HDX_NO_INDEX=1 "$HDX" report --html "$tmp/$name.html" "$sample" > "$tmp/$name.txt" \
    || { fail=$((fail + 1)); continue; }
  node "$ROOT/SampleDumps/generators/v8_duplicate_strings.js" "$sample" > "$tmp/$name.ref.json" \
    || { fail=$((fail + 1)); continue; }
  if python3 - "$tmp/$name.json" "$tmp/$name.ref.json" "$tmp/$name.txt" "$tmp/$name.html" "$name" <<'PY'
import json, sys
hdx = json.load(open(sys.argv[1]))['overview']
ref = json.load(open(sys.argv[2]))
text = open(sys.argv[3]).read()
html = open(sys.argv[4]).read()
name = sys.argv[5]
fails = 0
def check(ok, what):
    global fails
    print(('ok   ' if ok else 'FAIL ') + name + ': ' + what)
    fails += not ok
tot = hdx.get('duplicateStringTotals') or {}
check(tot.get('texts') == ref['groups'], f"texts {tot.get('texts')} == {ref['groups']} (node)")
check(tot.get('wastedBytes') == ref['wasted'], f"wasted {tot.get('wastedBytes')} == {ref['wasted']} B (node)")
rows = hdx.get('duplicateStrings') or []
check(len(rows) == min(20, ref['groups']), f'{len(rows)} rows (--top 20)')
bad = [(i, r['value'][:40], t['value']) for i, (r, t) in enumerate(zip(rows, ref['top']))
       if r['value'][:40] != t['value'] or r['copies'] != t['copies'] or r['wastedBytes'] != t['wasted']]
check(not bad, f'the 20 most wasteful texts, copies and waste equal the node count {bad[:3]}')
line = f"{ref['groups']:,} texts held by more than one string waste"
check(line in text and f"({ref['wasted']:,} B)" in text, f'text report: "{line} … ({ref["wasted"]:,} B)"')
check(line in html, 'HTML report: the same totals')
sys.exit(1 if fails else 0)
PY
  then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
