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
    # The shell prints the terminal modes a moment after EXIT=: wait for the line instead of reading the pane once.
    wait_for "icanon echo" "$name: terminal restored"
    if cap | grep -q "Backtrac\|Bus error"; then bad "$name: no crash report"; else ok "$name: no crash report"; fi
done
# Cancelling the loading screen while a gzip dump inflates leaves nothing in TMPDIR (the inflated copy has no name).
python3 - "$work/slow.gz" <<'PY'
import gzip, sys
head = gzip.compress(b"JAVA PROFILE 1.0.2\0" + bytes(8 + 12 + (1 << 20) - 39), 1)
open(sys.argv[1], "wb").write(head + gzip.compress(bytes(1 << 20), 1) * 255)
PY
mkdir "$work/t"
cleanup
RUN=$((RUN + 1)); SOCK="$SOCK_PREFIX-$$-$RUN"
tm -f /dev/null new-session -d -s "$S" -x 100 -y 30 \
    "env TMPDIR='$work/t' '$HDX' '$work/slow.gz'; echo EXIT=\$?; sleep 60"
wait_for "inflating" "slow.gz: the loading screen shows inflation"
tm send-keys -t "$S" q
wait_for "EXIT=0" "slow.gz: q cancels the inflation, exit 0"
if [ -z "$(ls -A "$work/t")" ]; then ok "slow.gz: nothing left in TMPDIR"; else bad "slow.gz: TMPDIR holds $(ls -A "$work/t")"; fi

echo "resources-explorer: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
