#!/usr/bin/env bash
# End-to-end test of DevTools' views on the committed V8 sample in tmux: the Distance column on the Summary
# (Histogram), the instances and the Object screen's retainers; the Duplicate strings screen of the Reports tab and
# Enter on a text (its copies); `c` on a WeakMap (entries through its table) and on an Array (capacity from its
# elements store); `O`, DevTools' Containment view, and Enter into the global object; then quit.
# Usage: Tests/e2e/v8-devtools-views.sh [path/to/hdx]   (default: $HDX_BIN or .build/debug/hdx)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
SAMPLE="$ROOT/SampleDumps/v8/leak-1.heapsnapshot"

if [[ ! -f "$SAMPLE" ]]; then echo "v8-devtools-views e2e: skipped ($SAMPLE is absent)"; exit 0; fi
if ! command -v tmux >/dev/null; then echo "v8-devtools-views e2e: skipped (tmux is not installed)"; exit 0; fi
if [[ ! -x "$HDX" ]]; then echo "v8-devtools-views e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi

SOCK_PREFIX="hdx-e2e-v8views"; WAIT_TICKS=300
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"
key() { tm send-keys -t "$S" "$@"; sleep 0.15; }

RUN=1; SOCK="$SOCK_PREFIX-$$-$RUN"
tm -f /dev/null new-session -d -s "$S" -x 80 -y 24 \
    "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color '$HDX' '$SAMPLE'; echo EXIT=\$?; sleep 60"
wait_for '2 Histogram' "opens"
key 2
# 80 columns: the bar is dropped first, Distance stays (global is a user root: distance 1).
wait_for 'Objects +Distance +Shallow' "Summary: a Distance column at 80 columns"
wait_for '^ +2 +1 +[0-9.]+ KiB +[0-9.]+ MiB +[0-9.]+% +global' "Summary: global at distance 1"
wait_for '^ +2,000 +5 .*LeakyEntry' "Summary: LeakyEntry at distance 5"
key Enter
wait_for 'Distance +2 instances' "instances: a Distance column"
key Enter
wait_for '^ distance +1 \(from the global object' "Object screen: the object's distance"
key q; key q; key 4
wait_for 'Duplicate strings +[0-9,]+ texts held by several strings waste' "Reports: duplicate strings (computed off the UI thread)"
key j; key j; key Enter
wait_for '204 texts held by several strings waste 93.8 KiB' "Duplicate strings: the totals"
wait_for '46.9 KiB +2,000 +46.9 KiB +"xxxxxxxx"' "Duplicate strings: most wasted first"
key Enter
wait_for 'Distance +2,000 copies' "Enter lists the copies"
wait_for '\(string\) @[0-9]+ xxxxxxxx' "copies: string objects"
key q; key q; key 2
key /; key W e a k M a p; key Enter; key Enter; key c
wait_for '40 entries found · capacity 64 \(table 1.0 KiB\) · 62.5% full' "c on a WeakMap: entries via its table, capacity"
wait_for 'Widget @[0-9]+ = ' "WeakMap: key = value"
key q; key q; key q; key 2
key /; key C-u; key '^Array$'; key Enter; key Enter; key c
wait_for '100 elements found · capacity 140 \(elements 1.1 KiB\) · 71.4% full' "c on an Array: capacity from its elements store"
key O
wait_for "DevTools' Containment: the snapshot's root · 5 references" "O: the Containment view from the root"
wait_for '1 +2 → ◆ global @6049' "Containment: the global object at distance 1"
key j; key Enter
wait_for 'global @6049 · 179 references · 50 hidden data not listed' "Enter goes into the global object's references (hidden data left out)"
key /; key leakyApp; key Enter
wait_for 'leakyApp → LeakyApp @65969' "Containment: / finds the global's property leakyApp"
key q
wait_for "DevTools' Containment: the snapshot's root" "q goes up"
key Q
wait_for 'EXIT=0' "quits with status 0"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
