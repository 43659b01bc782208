#!/usr/bin/env bash
# End-to-end test of the explorer-wide keys in tmux on the Java sample: `e` exports the Histogram (rows checked against
# `hdx histogram --csv`, mode 0600, named after the dump and screen), `/` finds in the tree and says so for an
# invalid regex, `:` jumps to an id and finds strings, `q` goes back across tabs, `Q` quits.
# Usage: Tests/e2e/explorer-nav.sh [path/to/hdx]   (default: $HDX_BIN or .build/debug/hdx)
# Prints one "N passed, N failed" line; exit status 0 when all passed (or when skipped), 1 otherwise.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
SAMPLE="$ROOT/SampleDumps/java/leakdemo.hprof"

if [[ ! -f "$SAMPLE" ]]; then echo "explorer-nav e2e: skipped ($SAMPLE is absent)"; exit 0; fi
if ! command -v tmux >/dev/null; then echo "explorer-nav e2e: skipped (tmux is not installed)"; exit 0; fi
if [[ ! -x "$HDX" ]]; then echo "explorer-nav e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi

SOCK_PREFIX="hdx-nav-e2e"; WAIT_TICKS=200
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"
WORK="$(mktemp -d)"
trap 'cleanup; rm -rf "$WORK"' EXIT
key() { tm send-keys -t "$S" "$@"; sleep 0.15; }
type_text() { tm send-keys -t "$S" -l "$1"; sleep 0.15; }

# The id of the biggest dominator, from the CLI (the jump target).
ID=$("$HDX" dominators "$SAMPLE" --csv --top 1 | sed -n 2p | cut -d, -f1)

RUN=1; SOCK="$SOCK_PREFIX-$$-$RUN"
tm -f /dev/null new-session -d -s "$S" -x 120 -y 40 -c "$WORK" \
    "cd '$WORK' && env TERM=xterm-256color LANG=C.UTF-8 '$HDX' '$SAMPLE'; echo EXIT=\$?; sleep 60"
wait_for 'Biggest objects' "opens on the Overview" || { echo "$PASS passed, $FAIL failed"; exit 1; }

# e on the Histogram: the whole table as CSV in the current directory.
key 2
wait_for 'Objects +Shallow' "histogram"
key e
wait_for 'export as \(csv, json\)' "e asks csv or json"
key Enter
wait_for 'wrote [0-9,]+ rows to .*leakdemo-histogram\.csv' "the status line names the file"
OUT="$WORK/leakdemo-histogram.csv"
if [[ -f "$OUT" ]] && [[ "$(stat -c %a "$OUT")" == 600 ]]; then ok "export is mode 0600"; else bad "export is mode 0600"; fi
if diff <("$HDX" histogram "$SAMPLE" --csv --top 1000000) "$OUT" >/dev/null; then
    ok "exported rows equal hdx histogram --csv ($(($(wc -l <"$OUT") - 1)) rows)"
else
    bad "exported rows equal hdx histogram --csv"
fi

# An invalid regex says so.
key /
type_text '(Map'
wait_for 'not a valid regex' "/ with an invalid regex says so"
key Escape

# / in the dominator tree finds a row and shows it in the detail line.
key 3
wait_for 'Retained +% of parent' "dominator tree"
key /
type_text 'Thread'
key Enter
wait_for '^ java\.lang\.Thread 0x' "/ finds the Thread in the tree"

# : jumps to an id (the biggest dominator) and opens its Object page.
key :
wait_for 'go to :' ": opens the prompt"
type_text "$ID"
key Enter
wait_for "Object $ID" ": $ID opens its Object page"
# q goes back to the tree, then (the 3 came from the Histogram) to the Histogram.
key q
wait_for ' Dominators$' "q goes back to the tree"
key q
wait_for 'Objects +Shallow' "q goes back across the tab switch to the Histogram"

# :"text" finds strings by value.
key :
type_text '"java.'
key Enter
wait_for 'strings? contains? "java\.' ':"java." lists string objects'

# Q quits from anywhere.
key Q
wait_for '^EXIT=0' "Q quits with status 0"
# V8: :@id opens the node, y shows the id (the clipboard is off with HDX_OSC52=0).
V8="$ROOT/SampleDumps/v8/leak-1.heapsnapshot"
if [[ -f "$V8" ]]; then
    VID=$("$HDX" dominators "$V8" --csv --top 1 | sed -n 2p | cut -d, -f1)
    cleanup; RUN=2; SOCK="$SOCK_PREFIX-$$-$RUN"
    tm -f /dev/null new-session -d -s "$S" -x 120 -y 40 -c "$WORK" \
        "cd '$WORK' && env TERM=xterm-256color LANG=C.UTF-8 HDX_OSC52=0 '$HDX' '$V8'; echo EXIT=\$?; sleep 60"
    wait_for 'Biggest objects' "v8: opens on the Overview"
    key :
    type_text "$VID"
    key Enter
    wait_for "Object $VID" "v8: :$VID opens its Object page"
    key y
    wait_for "@[0-9]+: copy it by hand" "v8: y with the clipboard off shows the selected id"
    key q
    key q
    wait_for '^EXIT=0' "v8: q back to the Overview, q there quits"
fi

echo "$PASS passed, $FAIL failed"
[[ $FAIL -eq 0 ]]
