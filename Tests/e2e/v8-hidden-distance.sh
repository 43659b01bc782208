#!/usr/bin/env bash
# End-to-end test in tmux of two DevTools behaviours on the committed V8 sample: `O` (Containment) leaves out the
# hidden data (references of type hidden and references to V8 internals) until `H` shows it, and the status line
# says which; `s` on the Summary (Histogram) reaches "sort by Distance" after the other columns (nearest first,
# marked in the heading), and `s` on a constructor's instances sorts them by distance.
# Usage: Tests/e2e/v8-hidden-distance.sh [path/to/hdx]   (default: $HDX_BIN or .build/debug/hdx)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
SAMPLE="$ROOT/SampleDumps/v8/leak-1.heapsnapshot"

if [[ ! -f "$SAMPLE" ]]; then echo "v8-hidden-distance e2e: skipped ($SAMPLE is absent)"; exit 0; fi
if ! command -v tmux >/dev/null; then echo "v8-hidden-distance e2e: skipped (tmux is not installed)"; exit 0; fi
if [[ ! -x "$HDX" ]]; then echo "v8-hidden-distance e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi

SOCK_PREFIX="hdx-e2e-v8hidden"; WAIT_TICKS=300
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"
key() { tm send-keys -t "$S" "$@"; sleep 0.15; }

RUN=1; SOCK="$SOCK_PREFIX-$$-$RUN"
tm -f /dev/null new-session -d -s "$S" -x 100 -y 30 \
    "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color '$HDX' '$SAMPLE'; echo EXIT=\$?; sleep 60"
wait_for '2 Histogram' "opens"
key O
wait_for "DevTools' Containment: the snapshot's root · 5 references" "O: the Containment view"
key j; key Enter
wait_for 'global @6049 · 179 references · 50 hidden data not listed \(H shows\)' "global: hidden data left out by default"
if cap | grep -q 'SubtleCrypto → (system)'; then bad "no reference to a hidden (system) node is listed"; else ok "no reference to a hidden (system) node is listed"; fi
key H
wait_for 'H: hidden data shown \(50 references of type hidden or to V8 internals' "H: the status line says the hidden data is shown"
wait_for 'global @6049 · 229 references · 50 of them hidden data \(H hides\)' "H: all 229 references"
wait_for 'SubtleCrypto → \(system\) @65933' "H: the reference to a V8 internal is listed"
key q
wait_for "DevTools' Containment: the snapshot's root" "q goes up"
key Enter
wait_for 'global @6049 · 229 references' "the choice holds for every Containment screen of this O"
key H
wait_for 'H: hidden data hidden as in DevTools' "H again: hidden as in DevTools"
wait_for 'global @6049 · 179 references' "H again: 179 references"
key q; key q; key 2
wait_for 'Objects +Distance +Shallow +▼Retained' "Summary: sorted by retained"
key s; key s; key s; key s
wait_for 'sorted by distance, nearest first \(S reverses\)' "s after name: sorted by distance"
wait_for 'Objects +▲Distance +Shallow +Retained' "the heading marks Distance"
wait_for '^ +2 +1 +[0-9.]+ KiB +[0-9.]+ MiB +[0-9.]+% .*global' "global (distance 1) first"
key S
wait_for 'Objects +▼Distance' "S: farthest first"
key S; key s
wait_for 'Objects +Distance +Shallow +▼Retained' "s again: back to retained"
key /; key '^Object$'; key Enter; key Enter
wait_for 'Distance +450 instances' "Object's instances"
key s
wait_for 'sorted by distance, nearest first \(s: by retained size\)' "s on instances: by distance"
wait_for '▲Distance +450 instances' "instances: the heading marks Distance"
key g
sleep 0.3
if cap | sed -n 5p | grep -Eq ' 2  Object @42345'; then ok "instances: the nearest (distance 2, as the Summary row) first"; else bad "instances: the nearest (distance 2, as the Summary row) first"; fi
key Q
wait_for 'EXIT=0' "quits with status 0"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
