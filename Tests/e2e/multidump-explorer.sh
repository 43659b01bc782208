#!/usr/bin/env bash
# The explorer on a file holding two heap dumps (the sample's heap records written twice), in tmux: without --dump
# it asks which dump to open, opens the chosen one and names it in the title bar; with --dump 2 it does not ask.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${HDX_BIN:-$ROOT/.build/debug/hdx}"
SAMPLE="$ROOT/SampleDumps/java/leakdemo.hprof"
if ! command -v tmux >/dev/null; then echo "multidump-explorer e2e: skipped (tmux is not installed)"; exit 0; fi
SOCK_PREFIX="hdx-e2e-md"; WAIT_TICKS=200
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"
tmp=$(mktemp -d); trap 'cleanup; rm -rf "$tmp"' EXIT
python3 - "$SAMPLE" "$tmp/two.hprof" <<'PY' || { echo "multidump-explorer: could not write the two-dump file"; exit 1; }
import struct, sys
data = open(sys.argv[1], 'rb').read()
p = data.index(b'\0') + 1 + 12
heap = []
while p < len(data):
    tag, length = data[p], struct.unpack('>I', data[p + 5:p + 9])[0]
    if tag in (0x0C, 0x1C, 0x2C):
        heap.append(data[p:p + 9 + length])
    p += 9 + length
open(sys.argv[2], 'wb').write(data + b''.join(heap))
PY

start() { # start ARGS...: hdx ARGS in a fresh 100x30 pane
    cleanup
    RUN=$((RUN + 1)); SOCK="$SOCK_PREFIX-$$-$RUN"
    tm -f /dev/null new-session -d -s "$S" -x 100 -y 30 \
        "env TERM=xterm-256color LANG=C.UTF-8 '$HDX' $*; echo EXIT=\$?; sleep 60"
}

start "'$tmp/two.hprof'"
wait_for 'Several heap dumps in two.hprof' "asks which dump to open"
wait_for 'dump 1 .*\(loaded\)' "dump 1 is loaded already"
tm send-keys -t "$S" 2
wait_for 'dump 2 of 2 in this file' "opens dump 2, named in the title bar"
wait_for 'Biggest objects|Leak suspects' "Overview of dump 2"
tm send-keys -t "$S" q
wait_for 'EXIT=0' "q quits with status 0"

start "'$tmp/two.hprof' --dump 2"
wait_for 'dump 2 of 2 in this file' "--dump 2 opens dump 2 directly"
if cap | grep -q 'Several heap dumps'; then bad "--dump 2 does not ask"; else ok "--dump 2 does not ask"; fi
tm send-keys -t "$S" q
wait_for 'EXIT=0' "q quits with status 0"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
