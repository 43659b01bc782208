#!/usr/bin/env bash
# End-to-end test of the comparison screen in tmux: runs the built `hdx diff OLD NEW` on the committed Java pair,
# checks the top rows and the growth path, opens LeakDemo$Session's new objects in NEW, goes back and quits; checks the
# exit status and that the terminal is restored, in a UTF-8 and in a plain ASCII, no-colour locale; and that the
# text output is kept when stdout is not a terminal.
# Usage: Tests/e2e/diff.sh [path/to/hdx]   (default: $HDX_BIN or .build/debug/hdx)
# Prints one "N passed, N failed" line; exit status 0 when all passed (or when skipped), 1 otherwise.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
OLD="$ROOT/SampleDumps/java/leakdemo-before.hprof.gz"
NEW="$ROOT/SampleDumps/java/leakdemo-after.hprof.gz"

if [[ ! -f "$OLD" || ! -f "$NEW" ]]; then echo "diff e2e: skipped (the Java pair is absent)"; exit 0; fi
if ! command -v tmux >/dev/null; then echo "diff e2e: skipped (tmux is not installed)"; exit 0; fi
if [[ ! -x "$HDX" ]]; then echo "diff e2e: hdx binary not found at $HDX (build first or pass its path)"; echo "0 passed, 1 failed"; exit 1; fi

SOCK_PREFIX="hdx-diff-e2e"; WAIT_TICKS=400
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"

start() { # start ENV...: hdx diff in a fresh 100x30 pane (own tmux server) with the given environment
    cleanup
    RUN=$((RUN + 1)); SOCK="$SOCK_PREFIX-$$-$RUN"
    tm -f /dev/null new-session -d -s "$S" -x 100 -y 30 \
        "env $* '$HDX' diff '$OLD' '$NEW'; echo EXIT=\$?; stty -a | tr ' ;' '\n\n' | grep -Ex 'icanon|echo' | tr '\n' ' '; echo; sleep 60"
}

session() { # session NAME SEP SIGN ENV...
    local name="$1" sep="$2"; shift 2
    start "$@"
    wait_for 'Compare' "$name: opens on the Compare tab" || return
    wait_for 'Growth accumulates in java\.util\.HashMap\$Node\[\]' "$name: growth accumulation point"
    wait_for "LeakDemo\\\$SessionCache${sep}java\\.util\\.HashMap${sep}java\\.util\\.HashMap\\\$Node\\[\\]" "$name: growth path"
    wait_for 'Retained .*Class' "$name: column headings"
    wait_for '^ +\+[0-9.]+ KiB .* java\.lang\.Class *$' "$name: biggest growth on top with a + sign"
    wait_for '\+267 .*LeakDemo\$Session *$' "$name: LeakDemo\$Session row (+267 objects)"
    wait_for '\+267 .*java\.util\.HashMap *$' "$name: java.util.HashMap row"
    tm send-keys -t "$S" /; sleep 0.1
    for c in S e s s i o n '$'; do tm send-keys -t "$S" "$c"; sleep 0.05; done
    tm send-keys -t "$S" Enter
    wait_for 'filter /Session\$/ 1 of' "$name: filter to LeakDemo\$Session" || return
    tm send-keys -t "$S" Enter
    wait_for '267 new objects' "$name: the new LeakDemo\$Session objects in NEW (matched by address)" || return
    wait_for '\+267 new .* objects 537 (→|->) 804' "$name: new/deleted and OLD's and NEW's counts in the header"
    tm send-keys -t "$S" q
    wait_for 'sorted by retained' "$name: back on the Compare tab"
    tm send-keys -t "$S" s
    wait_for 'sorted by shallow' "$name: s changes the sort"
    if [[ "$sep" == " > " ]]; then
        if cap | LC_ALL=C grep -q -P '[^\x00-\x7F]'; then bad "$name: screen is plain ASCII"; else ok "$name: screen is plain ASCII"; fi
    fi
    tm send-keys -t "$S" q
    wait_for '^EXIT=0' "$name: q quits with status 0"
    wait_for 'icanon echo' "$name: terminal restored (icanon, echo)"
}

session "utf8" " › " TERM=xterm-256color LANG=C.UTF-8
session "ascii" " > " TERM=xterm LANG=C LC_ALL=C NO_COLOR=1

# Not a terminal: the text comparison, exit 0.
out=$("$HDX" diff "$OLD" "$NEW" --top 5 2>/dev/null); code=$?
if [[ $code -eq 0 && "$out" == *"Growth accumulates in java.util.HashMap\$Node[]"* && "$out" == *"Retained Δ"* ]]; then
    ok "piped: text output, status 0"
else
    FAIL=$((FAIL + 1)); echo "FAIL piped: text output, status 0 (status $code)"; echo "$out" | head -5
fi

echo "$PASS passed, $FAIL failed"
(( FAIL == 0 ))
