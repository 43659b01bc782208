#!/usr/bin/env bash
# Duplicate strings (the Reports screen and `hdx report`) against an independent Python parse of the HPROF
# (Tests/e2e/lib/hprof_duplicate_strings.py): every text hdx reports is held by exactly as many distinct value
# arrays as Python counts, and the planted LeakDemo duplicates (10 texts) are all found. Python also counts
# Strings that are not reachable from a GC root, which hdx leaves out, so its list may be longer.
# Usage: Tests/e2e/duplicate-strings.sh [path/to/hdx]
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
SAMPLE="$ROOT/SampleDumps/java/leakdemo.hprof"
if [[ ! -x "$HDX" ]]; then echo "duplicate-strings e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi
if ! command -v python3 >/dev/null; then echo "duplicate-strings e2e: skipped (no python3)"; exit 0; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
HDX_NO_INDEX=1 "$HDX" report --json --top 1000 "$SAMPLE" > "$tmp/report.json" || { echo "0 passed, 1 failed"; exit 1; }
python3 "$ROOT/Tests/e2e/lib/hprof_duplicate_strings.py" "$SAMPLE" > "$tmp/python.json" || { echo "0 passed, 1 failed"; exit 1; }
python3 - "$tmp/report.json" "$tmp/python.json" <<'PY'
import json, sys
hdx = {r['value']: r['copies'] for r in json.load(open(sys.argv[1]))['overview']['duplicateStrings']}
ref = json.load(open(sys.argv[2]))['values']
fails = 0
def check(ok, what):
    global fails
    print(('ok   ' if ok else 'FAIL ') + what)
    fails += not ok
wrong = {t: (c, ref.get(t)) for t, c in hdx.items() if ref.get(t) != c}
check(not wrong, f'{len(hdx)} texts: copies equal the Python count {list(wrong.items())[:5]}')
planted = {f'duplicate-value-{i}' for i in range(10)}
check(planted <= hdx.keys() and len({hdx[t] for t in planted}) == 1, 'the 10 planted texts, the same number of copies each')
check(len(hdx) >= 0.8 * len(ref), f'hdx finds most of the texts Python finds ({len(hdx)} of {len(ref)}; the rest unreachable)')
print(f'{3 - fails} passed, {fails} failed')
sys.exit(1 if fails else 0)
PY
