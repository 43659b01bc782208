#!/usr/bin/env bash
# End-to-end test of the explorer's expert views in tmux on the committed Java sample: the Reports tab (its screens
# are computed off the UI thread and appear without a key), each report screen, `c` on a collection (its contents,
# `key = value`), Enter from the object screen's "contents" line, then quit.
# Usage: Tests/e2e/explorer-views.sh [path/to/hdx]   (default: $HDX_BIN or .build/debug/hdx)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
SAMPLE="$ROOT/SampleDumps/java/leakdemo.hprof"

if [[ ! -f "$SAMPLE" ]]; then echo "explorer-views e2e: skipped ($SAMPLE is absent)"; exit 0; fi
if ! command -v tmux >/dev/null; then echo "explorer-views e2e: skipped (tmux is not installed)"; exit 0; fi
if [[ ! -x "$HDX" ]]; then echo "explorer-views e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi

SOCK_PREFIX="hdx-e2e-views"; WAIT_TICKS=300
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"
key() { tm send-keys -t "$S" "$@"; sleep 0.15; }

RUN=1; SOCK="$SOCK_PREFIX-$$-$RUN"
tm -f /dev/null new-session -d -s "$S" -x 120 -y 40 \
    "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color '$HDX' '$SAMPLE'; echo EXIT=\$?; sleep 60"
wait_for 'Biggest objects' "opens on the Overview"
key 4
wait_for '4 Reports' "Reports is a tab"
# The screens' numbers appear once the background computation ends, without a key.
wait_for 'texts held more than once' "Reports: computed off the UI thread, shown without a key"
key Enter
wait_for '"duplicate-value-0"' "Duplicate strings: the planted duplicates"
key q; key j; key Enter
wait_for 'less than half full' "Under-filled collections screen"
wait_for 'java.util.(concurrent.Concurrent)?HashMap 0x' "Under-filled: lists maps"
key c
wait_for 'Key = Value' "c on a collection: its contents"
wait_for '("|0x[0-9a-f]+) = ' "contents: key = value entries"
wait_for 'entries · capacity [0-9,]+ · [0-9.]+% full' "contents: size, capacity, fill ratio"
key q; key o
wait_for 'contents +[0-9,]+ entries' "object screen: a contents line"
key j
key Enter
wait_for 'Key = Value' "Enter on the contents line lists the entries"
# Back on the Reports list, the selection is still on Under-filled collections.
key q; key q; key q; key j; key Enter
wait_for 'class loaders, [0-9]+ classes defined twice' "Class loaders screen"
wait_for 'AppClassLoader' "Class loaders: the application loader"
key q; key j; key Enter
wait_for '"leaky-worker"' "Threads: the planted thread"
wait_for 'at java.lang.Thread.sleep' "Threads: its stack"
wait_for 'local ' "Threads: the objects frames hold"
key q; key q; key q
wait_for 'EXIT=0' "quits with status 0"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
