#!/usr/bin/env bash
# End-to-end test of the explorer's background searches in tmux, on a generated dump of 100,000 strings under one
# Object[] (Tests/e2e/lib/wide_strings_hprof.py): `/` beyond the 1,000 listed children shows its progress at once,
# Esc stops it, a search that runs to its end selects the match (or says there is none); `:"text"` lists the strings
# found, with its progress while it scans.
# Usage: Tests/e2e/explorer-search.sh [path/to/hdx]   (default: $HDX_BIN or .build/debug/hdx)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"

if ! command -v tmux >/dev/null; then echo "explorer-search e2e: skipped (tmux is not installed)"; exit 0; fi
if [[ ! -x "$HDX" ]]; then echo "explorer-search e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi

SOCK_PREFIX="hdx-e2e-search"; WAIT_TICKS=2400
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"
key() { tm send-keys -t "$S" "$@"; sleep 0.15; }
TMP=$(mktemp -d)
trap 'cleanup; rm -rf "$TMP"' EXIT
DUMP="$TMP/wide-strings.hprof"
# 100,000: enough that `/` over the 99,000 children not listed is still running when Esc comes (an object's record
# is found from a checkpoint every 64 objects, so 12,000 took less than the key delay).
python3 "$ROOT/Tests/e2e/lib/wide_strings_hprof.py" 100000 "$DUMP"

RUN=1; SOCK="$SOCK_PREFIX-$$-$RUN"
tm -f /dev/null new-session -d -s "$S" -x 120 -y 40 \
    "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color HDX_NO_INDEX=1 '$HDX' '$DUMP'; echo EXIT=\$?; sleep 60"
wait_for 'Biggest objects' "opens on the Overview"
key 3
wait_for 'java.lang.Object\[\] 0x10000' "Dominators: the array at the top"
key Enter
wait_for '1/1,001 ' "the array's level lists the first 1,000 of 100,000 strings"
# A text no listed row holds: the other 11,000 children are searched in the background.
key / z z z z
key Enter
wait_for 'searching /zzzz/… [0-9]+% · 0 matches · Esc stops' "/ beyond the listed rows: progress at once"
key Escape
wait_for 'search stopped at [0-9]+%' "Esc stops the search"
wait_for 'java.lang.String 0x' "… and stays on the level"
key / z z z z
key Enter
wait_for 'no match for /zzzz/' "a search that runs to its end with no match says so"
# The smallest strings come last: "text-7" (6 bytes) is not among the 1,000 listed: loaded on demand and selected.
key / '"' t e x t - 7 '"'
key Enter
wait_for 'java.lang.String 0x[0-9a-f]+ "text-7" · shallow' "the match, loaded on demand and selected"
# `:"text"`: the strings whose value holds the text, found by a scan of every object.
key :
key '"' t e x t - 1 1 1 '"'
key Enter
wait_for 'Strings "text-111"' "the string search screen"
wait_for '111 strings contain "text-111"' "111 strings: text-111, text-1110 … text-1119, text-11100 … text-11199"
wait_for '"text-1119"' "the matches are listed, the biggest retained first"
key q
key :
key '"' z z z z '"'
key Enter
# The scan of 100,000 strings may end before the first capture (it runs on both cores over the file's bytes).
wait_for 'searching [0-9]+% of the objects: 0 strings contain "zzzz" so far \(Esc stops\)|no string contains "zzzz"' \
    ":\"text\": progress while it scans (or its end)"
key Escape
wait_for 'in the first [0-9]+% of the objects \(stopped\)|Dominators › java.lang.Object\[\] 0x10000 *$' \
    "Esc stops the string search (or goes back after its end)"
key q; key q; key q; key q
wait_for 'EXIT=0' "quits with status 0"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
