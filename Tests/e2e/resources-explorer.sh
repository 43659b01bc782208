#!/usr/bin/env bash
# The explorer when its dump is truncated while mapped (issue 11): instead of dying of SIGBUS with the terminal left in
# curses mode, hdx restores the terminal, prints one line and exits 1. Runs in tmux; skipped without it.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${HDX_BIN:-$ROOT/.build/debug/hdx}"
if ! command -v tmux >/dev/null; then echo "resources-explorer e2e: skipped (tmux is not installed)"; exit 0; fi

SOCK_PREFIX="hdx-e2e-res"; WAIT_TICKS=200
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"
work=$(mktemp -d)
trap 'cleanup; rm -rf "$work"' EXIT

for sample in java/leakdemo.hprof v8/leak-1.heapsnapshot; do
    name=$(basename "$sample")
    cp "$ROOT/SampleDumps/$sample" "$work/$name"
    rm -f "$work/pause"; mkfifo "$work/pause"
    cleanup
    RUN=$((RUN + 1)); SOCK="$SOCK_PREFIX-$$-$RUN"
    tm -f /dev/null new-session -d -s "$S" -x 100 -y 30 \
        "env HDX_TEST_PAUSE_AFTER_MAP='$work/pause' '$HDX' '$work/$name'; echo EXIT=\$?; stty -a | tr ' ;' '\n\n' | grep -Ex 'icanon|echo' | tr '\n' ' '; echo; sleep 60"
    # Opening the FIFO for writing returns once hdx has mapped the dump (behind its loading screen).
    exec 3> "$work/pause"
    truncate -s 0 "$work/$name"
    echo go >&3
    exec 3>&-
    wait_for "EXIT=1" "$name: exit 1 after the dump was truncated while mapped"
    if cap | grep -q "$name: the file changed while it was read"; then ok "$name: one-line message"; else bad "$name: one-line message"; fi
    if cap | grep -q "icanon echo"; then ok "$name: terminal restored"; else bad "$name: terminal restored"; fi
    if cap | grep -q "Backtrac\|Bus error"; then bad "$name: no crash report"; else ok "$name: no crash report"; fi
done
echo "resources-explorer: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
