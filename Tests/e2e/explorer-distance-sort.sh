#!/usr/bin/env bash
# End-to-end test in tmux of sort by Distance (`s`, V8) on the dominator tree and on an object's retainers, on the
# committed V8 sample: `s` on the Dominators tab lists the roots' children nearest to the global object first (the
# heading marks ▲Distance), Enter into global keeps that order one level down, `s` again goes back to biggest
# retained first; on LeakyApp's Object screen `s` sorts the retainers nearest first (global, distance 1, on top).
# Usage: Tests/e2e/explorer-distance-sort.sh [path/to/hdx]   (default: $HDX_BIN or .build/debug/hdx)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
SAMPLE="$ROOT/SampleDumps/v8/leak-1.heapsnapshot"

if [[ ! -f "$SAMPLE" ]]; then echo "explorer-distance-sort e2e: skipped ($SAMPLE is absent)"; exit 0; fi
if ! command -v tmux >/dev/null; then echo "explorer-distance-sort e2e: skipped (tmux is not installed)"; exit 0; fi
if [[ ! -x "$HDX" ]]; then echo "explorer-distance-sort e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi

SOCK_PREFIX="hdx-e2e-distsort"; WAIT_TICKS=300
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"
key() { tm send-keys -t "$S" "$@"; sleep 0.15; }

RUN=1; SOCK="$SOCK_PREFIX-$$-$RUN"
tm -f /dev/null new-session -d -s "$S" -x 120 -y 30 \
    "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color '$HDX' '$SAMPLE'; echo EXIT=\$?; sleep 60"
wait_for '3 Dominators' "opens"
key 3
wait_for ' Distance  Object' "Dominators: the Distance column, not sorted by it"
key s
wait_for 'children sorted by distance, nearest to the global object first' "s: sorted by distance"
wait_for '▲Distance  Object' "the heading marks Distance"
# The first row is global (distance 1); the system-only roots (−) after it.
if cap | sed -n 5p | grep -Eq ' 1  ◆ global @6049'; then ok "global (distance 1) first"; else bad "global (distance 1) first"; fi
if cap | sed -n 6p | grep -Eq ' −  ◆ \(synthetic\)'; then ok "then the system-only roots (−)"; else bad "then the system-only roots (−)"; fi
key Enter
wait_for 'Dominators › global @6049' "Enter: into global"
wait_for '▲Distance  Object' "the order holds one level down"
if cap | sed -n 5p | grep -Eq ' 2  LeakyApp @65969'; then ok "LeakyApp (distance 2, biggest) first"; else bad "LeakyApp (distance 2, biggest) first"; fi
key o
wait_for 'LeakyApp @65969' "o: LeakyApp's object screen"
key s
wait_for 'retainers sorted by distance, nearest to the global object first' "s on an object: retainers by distance"
wait_for 'Retainers: referenced by \(3, nearest first\)' "the retainers' heading says nearest first"
wait_for 'leakyApp +← ◆ global @6049 +1 ' "global (distance 1) is the first retainer"
key s
wait_for "retainers in the dump's order \(s: by distance\)" "s again: the dump's order"
key q
wait_for '▲Distance  Object' "back in the tree, still by distance"
key s
wait_for 'children sorted by retained size \(s: by distance\)' "s again: by retained size"
wait_for ' Distance  Object' "the heading no longer marks Distance"
key Q
wait_for 'EXIT=0' "quits with status 0"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
