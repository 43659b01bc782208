#!/usr/bin/env bash
# End-to-end test of the object-level comparison (DevTools' Comparison view) in tmux, on the committed Node pair
# (objects matched by node id) and Java pair (matched by address: the heap did not move): Enter on a class lists only
# its new objects, Enter on one opens it in NEW with its retainers, Enter on a retainer follows it; back and quit.
# Then `hdx diff --json`: on every row the object delta is newObjects − deletedObjects, and the text output names the
# counting rule.
# Usage: Tests/e2e/diff-objects.sh [path/to/hdx]   (default: $HDX_BIN or .build/debug/hdx)
# Prints one "N passed, N failed" line; exit status 0 when all passed (or when skipped), 1 otherwise.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
V8A="$ROOT/SampleDumps/v8/leak-1.heapsnapshot"
V8B="$ROOT/SampleDumps/v8/leak-2.heapsnapshot"
JA="$ROOT/SampleDumps/java/leakdemo-before.hprof.gz"
JB="$ROOT/SampleDumps/java/leakdemo-after.hprof.gz"

if [[ ! -f "$V8A" || ! -f "$V8B" || ! -f "$JA" || ! -f "$JB" ]]; then echo "diff-objects e2e: skipped (sample pairs absent)"; exit 0; fi
if ! command -v tmux >/dev/null; then echo "diff-objects e2e: skipped (tmux is not installed)"; exit 0; fi
if [[ ! -x "$HDX" ]]; then echo "diff-objects e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi

SOCK_PREFIX="hdx-diff-objects-e2e"; WAIT_TICKS=600
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"

start() { # start OLD NEW: hdx diff in a fresh 120x40 pane (own tmux server)
    cleanup
    RUN=$((RUN + 1)); SOCK="$SOCK_PREFIX-$$-$RUN"
    tm -f /dev/null new-session -d -s "$S" -x 120 -y 40 \
        "env TERM=xterm-256color LANG=C.UTF-8 '$HDX' diff '$1' '$2'; echo EXIT=\$?; sleep 60"
}
keys() { for c in "$@"; do tm send-keys -t "$S" "$c"; sleep 0.05; done; }

# V8: LeakyEntry, 3,000 new objects (v8_leak.js adds them to the cache between the snapshots).
start "$V8A" "$V8B"
if wait_for 'matched by node id' "v8: objects matched by node id"; then
    wait_for '# New +# Deleted' "v8: # New and # Deleted columns"
    keys / '^' L e a k y E n t r y '$' Enter
    wait_for '\+3,000 +\+3,000 +0 .*LeakyEntry' "v8: LeakyEntry row: Δ +3,000 = 3,000 new − 0 deleted"
    keys Enter
    wait_for '3,000 new objects \(in NEW\)' "v8: Enter lists only the 3,000 new objects" &&
    wait_for '\+3,000 new · 0 deleted · objects 2,000 → 5,000' "v8: new/deleted counts above the list"
    keys Enter
    wait_for 'Retainers: referenced by \(1\)' "v8: Enter on a new object shows its retainers in NEW" &&
    wait_for '← \(array\) @[0-9]+' "v8: its retainer (the cache's backing array)"
    keys G
    wait_for '^ \(array\) @[0-9]+ · shallow' "v8: the retainer selected"
    keys q p
    wait_for 'Paths' "v8: p on a new object: its paths from NEW's GC roots" &&
    wait_for 'LeakyApp' "v8: through the leaking app"
    keys q q
    wait_for 'sorted by retained' "v8: q goes back to the Compare tab"
    keys q
    wait_for '^EXIT=0' "v8: q quits with status 0"
fi

# Java: LeakDemo$Session, 267 new objects matched by address.
start "$JA" "$JB"
if wait_for 'matched by address' "java: the heap did not move, objects matched by address"; then
    keys / S e s s i o n '$' Enter Enter
    wait_for '267 new objects \(in NEW\)' "java: Enter lists the 267 new sessions" &&
    wait_for 'LeakDemo\$Session 0x[0-9a-f]+' "java: listed by address"
    keys Enter
    wait_for 'Retainers: referenced by' "java: Enter on a new session shows its retainers" &&
    wait_for '← java\.util\.HashMap\$Node 0x' "java: held by a HashMap node"
    keys G Enter
    wait_for 'Object 0x[0-9a-f]+ › Object 0x[0-9a-f]+' "java: Enter on the retainer opens it" &&
    wait_for '^ java\.util\.HashMap\$Node 0x' "java: the retainer's Object screen"
    keys q q q q q
    wait_for '^EXIT=0' "java: back and quit with status 0"
fi

# JSON and text: the delta is new − deleted on every row; the counting rule is named.
json=$("$HDX" diff "$V8A" "$V8B" --json --all 2>/dev/null)
if echo "$json" | python3 -c '
import json, sys
d = json.load(sys.stdin)
rows = d["rows"]
bad = [r["class"] for r in rows if r["countDelta"] != r["newObjects"] - r["deletedObjects"] or r["newObjects"] != r["added"]]
assert not bad, bad[:5]
assert "DevTools" in d["counted"], d["counted"]
assert any(r["class"] == "LeakyEntry" and r["newObjects"] == 3000 for r in rows)
'; then ok "json: countDelta = newObjects − deletedObjects on every row (DevTools' rule named)"; else bad "json: counts agree"; fi
text=$("$HDX" diff "$JA" "$JB" --top 3 2>/dev/null)
if [[ "$text" == *"objects matched by address"* && "$text" == *"# New"* ]]; then ok "text: matched by address, # New column"
else FAIL=$((FAIL + 1)); echo "FAIL text output"; echo "$text" | head -5; fi

echo "$PASS passed, $FAIL failed"
(( FAIL == 0 ))
