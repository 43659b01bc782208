#!/usr/bin/env bash
# End-to-end test of the growth explorer in tmux: `hdx growth` on three HANA OOM dumps of one service (written here
# by SampleDumps/generators/hana_samples.py --series) opens on the Growth tab with a column per snapshot and the
# growing allocator path, `m` keeps only what grew at every step, tab 2 lists the growing paths and Enter their
# steps, q quits with status 0 and restores the terminal.
# Usage: Tests/e2e/growth_explorer.sh [path/to/hdx]   Prints "N passed, N failed"; exit 0 when all passed or skipped.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
if ! command -v tmux >/dev/null; then echo "growth explorer e2e: skipped (tmux is not installed)"; exit 0; fi
if ! command -v python3 >/dev/null; then echo "growth explorer e2e: skipped (no python3)"; exit 0; fi
if [[ ! -x "$HDX" ]]; then echo "growth explorer e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi

export LANG=C.UTF-8 LC_ALL=C.UTF-8
SOCK_PREFIX="hdx-growth-e2e"; WAIT_TICKS=400
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"
T=$(mktemp -d); trap 'cleanup; rm -rf "$T"' EXIT
python3 "$ROOT/SampleDumps/generators/hana_samples.py" --series "$T" >/dev/null

RUN=$((RUN + 1)); SOCK="$SOCK_PREFIX-$$-$RUN"
tm -f /dev/null new-session -d -s "$S" -x 120 -y 40 \
    "env TERM=xterm-256color LANG=C.UTF-8 '$HDX' growth $T/*.oom.trc; echo EXIT=\$?; stty -a | tr ' ;' '\n\n' | grep -Ex 'icanon|echo' | tr '\n' ' '; echo; sleep 60"
wait_for 'HANA growth, 3 snapshots' "opens on the growth screen" || { echo "$PASS passed, $FAIL failed"; exit 1; }
wait_for 'Incl\. 1 +Incl\. 2 +Incl\. 3 +Allocator' "a column per snapshot"
wait_for 'Grows at every step: Pool/Statistics' "Shark's growing path"
wait_for '↑ [▁▂▃▄▅▆▇█]{3} +\+[0-9.]+ MiB .*Pool/Statistics *$' "Pool/Statistics marked, with its sparkline"
tm send-keys -t "$S" m
wait_for 'grew at every step only' "m: only what grew at every step"
if cap | grep -Eq '^   [▁▂▃▄▅▆▇█]{3} '; then bad "m hides the rows that did not grow at every step"; else ok "m hides the rows that did not grow at every step"; fi
tm send-keys -t "$S" 2
wait_for 'dominator paths that grew at every step' "tab 2 lists the growing paths"
tm send-keys -t "$S" Enter
wait_for 'Step \(from the top\)' "Enter shows the path's steps with their series"
tm send-keys -t "$S" q; sleep 0.2; tm send-keys -t "$S" Q
wait_for '^EXIT=0' "q goes back, Q quits with status 0"
wait_for 'icanon echo' "terminal restored (icanon, echo)"

echo "$PASS passed, $FAIL failed"
(( FAIL == 0 ))
