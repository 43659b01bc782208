#!/usr/bin/env bash
# End-to-end test of the explorer's path views in tmux on the Java sample: the Overview names the way in to the
# leak (LeakDemo.java keeps its sessions in SessionCache.CACHE, a HashMap), `t` folds the histogram into packages (again: by class loader),
# `M` merges the shortest paths of LeakDemo$Session's instances (through .CACHE and .table), `C` groups the dominator
# tree by class and Enter opens a group; then the same in an ASCII locale.
# Usage: Tests/e2e/explorer-paths.sh [path/to/hdx]   (default: $HDX_BIN or .build/debug/hdx)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
SAMPLE="$ROOT/SampleDumps/java/leakdemo.hprof"

if [[ ! -f "$SAMPLE" ]]; then echo "explorer-paths e2e: skipped ($SAMPLE is absent)"; exit 0; fi
if ! command -v tmux >/dev/null; then echo "explorer-paths e2e: skipped (tmux is not installed)"; exit 0; fi
if [[ ! -x "$HDX" ]]; then echo "explorer-paths e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi

SOCK_PREFIX="hdx-e2e-paths"; WAIT_TICKS=200
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"

start() { # start ENV...: hdx in a fresh 110x32 pane with the given environment
    cleanup
    RUN=$((RUN + 1)); SOCK="$SOCK_PREFIX-$$-$RUN"
    tm -f /dev/null new-session -d -s "$S" -x 110 -y 32 "env $* '$HDX' '$SAMPLE'; echo EXIT=\$?; sleep 60"
}

session() { # session NAME ARROW ENV...
    local name="$1" arrow="$2"; shift 2
    start "$@"
    wait_for 'Biggest objects' "$name: opens on the Overview" || return
    wait_for "way in: LeakDemo\\\$SessionCache\\.CACHE $arrow HashMap $arrow table" "$name: the suspect names the way in"
    tm send-keys -t "$S" 2; sleep 0.2
    tm send-keys -t "$S" t
    wait_for 'Package .* Class' "$name: t shows the package tree" || return
    wait_for '[▾-] java \([0-9,]+ classes\)' "$name: the selected class's package is open"
    tm send-keys -t "$S" Left Left Left Left
    wait_for '[▸+] jdk \(' "$name: Left closes packages up to the top level"
    tm send-keys -t "$S" t
    wait_for 'Class loader .* Class' "$name: t again groups by class loader" || return
    wait_for '[▾▸+-] <bootstrap> \([0-9,]+ classes\)' "$name: the JVM's own loader is a group"
    tm send-keys -t "$S" t
    wait_for '  Class *$|   Class$' "$name: t a third time shows the flat histogram"
    tm send-keys -t "$S" / 'Session$' Enter; sleep 0.3
    tm send-keys -t "$S" M
    wait_for 'Shortest paths from GC roots to [0-9,]+ of [0-9,]+ instances' "$name: M merges the paths" || return
    wait_for '\.CACHE java\.util\.HashMap' "$name: the merged paths go through SessionCache.CACHE"
    wait_for '\.value LeakDemo\$Session' "$name: and end at the sessions"
    tm send-keys -t "$S" q; sleep 0.2
    tm send-keys -t "$S" 3; sleep 0.2
    tm send-keys -t "$S" C
    wait_for 'Objects × class|Objects x class' "$name: C groups the dominator tree by class" || return
    wait_for '747 × java\.lang\.Class|747 x java\.lang\.Class' "$name: one row per class with its count"
    tm send-keys -t "$S" j Enter
    wait_for 'class java\.lang\.System 0x' "$name: Enter opens a group into its objects"
    tm send-keys -t "$S" C
    wait_for '  Object *$|  Object$' "$name: C again lists objects one by one"
    tm send-keys -t "$S" Q; sleep 0.2; tm send-keys -t "$S" q q q q
    wait_for 'EXIT=0' "$name: quits with status 0"
}

session "utf-8" "→" LANG=C.UTF-8 LC_ALL=C.UTF-8 HDX_NO_INDEX=1
session "ascii" "->" LANG=C LC_ALL=C HDX_NO_INDEX=1

echo "explorer-paths e2e: $PASS passed, $FAIL failed"
[[ $FAIL -eq 0 ]]
