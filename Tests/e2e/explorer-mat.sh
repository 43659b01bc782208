#!/usr/bin/env bash
# End-to-end test of the explorer's MAT views in tmux on the committed Java sample: `i` (immediate dominators) on a
# Histogram row, `i` again (JDK dominators shown), Enter (the dominators), `o` (an object), `i` on a Dominators row;
# `L` (the dominator tree by class loader), Enter on a loader group, `L` back to one row per object; `c` on a
# WeakHashMap and a CopyOnWriteArrayList; then quit.
# Usage: Tests/e2e/explorer-mat.sh [path/to/hdx]   (default: $HDX_BIN or .build/debug/hdx)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
SAMPLE="$ROOT/SampleDumps/java/leakdemo.hprof"

if [[ ! -f "$SAMPLE" ]]; then echo "explorer-mat e2e: skipped ($SAMPLE is absent)"; exit 0; fi
if ! command -v tmux >/dev/null; then echo "explorer-mat e2e: skipped (tmux is not installed)"; exit 0; fi
if [[ ! -x "$HDX" ]]; then echo "explorer-mat e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi

SOCK_PREFIX="hdx-e2e-mat"; WAIT_TICKS=300
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"
key() { tm send-keys -t "$S" "$@"; sleep 0.15; }

RUN=1; SOCK="$SOCK_PREFIX-$$-$RUN"
tm -f /dev/null new-session -d -s "$S" -x 120 -y 40 \
    "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color '$HDX' '$SAMPLE'; echo EXIT=\$?; sleep 60"
wait_for 'Biggest objects' "opens on the Overview"
key 2; key /; tm send-keys -t "$S" -l 'Session$'; key Enter
wait_for 'LeakDemo\$Session$' "Histogram filtered to LeakDemo\$Session"
key i
wait_for 'Who keeps LeakDemo\$Session alive directly: 537 reachable instances' "i: immediate dominators"
wait_for '1 +120 B +617.1 KiB +537 +566.8 KiB +class LeakDemo\$SessionCache' "the cache's statics hold all 537"
key i
wait_for '537 +16.8 KiB +612.9 KiB +537 +566.8 KiB +java.util.HashMap\$Node' "i again: the JDK's map nodes"
key i; key Enter
wait_for 'dominating LeakDemo\$Session' "Enter: the dominators"
wait_for '1 dominators' "one dominator object"
key o
wait_for 'class LeakDemo\$SessionCache 0x' "o opens the dominator"
key q; key q; key q; key q
key 3
wait_for 'Retained +% of parent' "Dominators tab"
key i
wait_for 'Who keeps .* alive directly' "i on a Dominators row"
key q
key L
wait_for 'Objects × class loader' "L: grouped by class loader"
wait_for '<bootstrap>' "the bootstrap loader's group"
wait_for 'ClassLoaders\$AppClassLoader 0x' "the application loader's group"
key Enter
wait_for '▾ [0-9,]+ × <bootstrap>' "Enter opens a loader group"
key L
wait_for 'one row per object' "L again: one row per object"
# c on the collections added: a WeakHashMap (keys are the entries' referents), a CopyOnWriteArrayList.
key 2; key /; tm send-keys -t "$S" -l 'WeakHashMap$'; key Enter; key Enter; key c
wait_for '200 entries · capacity 512 · 39.1% full' "c on a WeakHashMap: size, capacity, fill ratio"
wait_for 'j.l.Object 0x[0-9a-f]+ = byte\[\] 0x' "WeakHashMap: key = value entries"
key q; key q; key /; tm send-keys -t "$S" -l 'CopyOnWriteArrayList$'; key Enter; key Enter; key c
wait_for '102 elements · capacity 102 · 100.0% full' "c on a CopyOnWriteArrayList"
key Q
wait_for 'EXIT=0' "quits with status 0"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
