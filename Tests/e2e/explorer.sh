#!/usr/bin/env bash
# End-to-end test of the explorer in tmux: runs the built `hdx` on a committed sample, sends keys (open, drill down
# two levels, paths, help, quit) and checks what tmux shows and the exit status, then repeats in a plain ASCII,
# no-colour locale; then a HANA OOM dump (threads, the culprit's stack, flame graph, zoom) in both locales.
# Usage: Tests/e2e/explorer.sh [path/to/hdx]   (default: $HDX_BIN or .build/debug/hdx)
# Prints one "N passed, N failed" line; exit status 0 when all passed (or when skipped), 1 otherwise.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
SAMPLE="$ROOT/SampleDumps/java/leakdemo.hprof"

if [[ ! -f "$SAMPLE" ]]; then echo "explorer e2e: skipped ($SAMPLE is absent)"; exit 0; fi
if ! command -v tmux >/dev/null; then echo "explorer e2e: skipped (tmux is not installed)"; exit 0; fi
if [[ ! -x "$HDX" ]]; then echo "explorer e2e: hdx binary not found at $HDX (build first or pass its path)"; echo "0 passed, 1 failed"; exit 1; fi

SOCK_PREFIX="hdx-e2e"; WAIT_TICKS=200
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"
crumb_depth() { cap | sed -n 3p | grep -o -- "$1" | wc -l; }

start() { # start ENV...: hdx in a fresh 100x30 pane (own tmux server) with the given environment
    cleanup
    RUN=$((RUN + 1)); SOCK="$SOCK_PREFIX-$$-$RUN"
    tm -f /dev/null new-session -d -s "$S" -x 100 -y 30 \
        "env $* '$HDX' '$SAMPLE'; echo EXIT=\$?; stty -a | tr ' ;' '\n\n' | grep -Ex 'icanon|echo' | tr '\n' ' '; echo; sleep 60"
}

# drill SEP: go into the selected node, trying the next rows when one keeps nothing alive.
drill() {
    local sep="$1" before after
    before=$(crumb_depth "$sep")
    for ((t = 0; t < 8; t++)); do
        tm send-keys -t "$S" Enter; sleep 0.2
        after=$(crumb_depth "$sep")
        if (( after > before )); then return 0; fi
        tm send-keys -t "$S" j; sleep 0.1
    done
    return 1
}

session() { # session NAME SEP ENV...
    local name="$1" sep="$2"; shift 2
    start "$@"
    wait_for 'Leak suspects|Biggest objects' "$name: opens on the Overview" || return
    tm send-keys -t "$S" 3
    wait_for 'Retained +%' "$name: dominator tree" || return
    if drill "$sep"; then ok "$name: drill down one level"; else bad "$name: drill down one level"; fi
    if drill "$sep"; then ok "$name: drill down two levels"; else bad "$name: drill down two levels"; fi
    tm send-keys -t "$S" p
    wait_for 'shortest path|itself a GC root|No path from a GC root' "$name: paths to GC roots" || return
    wait_for 'GC root' "$name: a path ends at a GC root with its kind"
    tm send-keys -t "$S" '?'
    wait_for 'Keys of' "$name: help" || return
    tm send-keys -t "$S" q; sleep 0.1; tm send-keys -t "$S" q; sleep 0.1
    wait_for 'Retained +%' "$name: back in the tree"
    tm send-keys -t "$S" 2
    wait_for 'Objects +.*Shallow' "$name: histogram"
    if [[ "$sep" == " > " ]]; then
        if cap | LC_ALL=C grep -q -P '[^\x00-\x7F]'; then bad "$name: screen is plain ASCII"; else ok "$name: screen is plain ASCII"; fi
    fi
    tm send-keys -t "$S" C-c
    wait_for '^EXIT=0' "$name: Ctrl-C quits with status 0"
    wait_for 'icanon echo' "$name: terminal restored (icanon, echo)"
}

session "utf8" " › " TERM=xterm-256color LANG=C.UTF-8
session "ascii" " > " TERM=xterm LANG=C LC_ALL=C NO_COLOR=1

# HANA: the OOM sample, its Threads tab, the culprit thread's stack, the Flame tab, one zoom, quit.
hana_session() { # hana_session NAME SEP ENV...
    local name="$1" sep="$2"; shift 2
    start "$@"
    wait_for 'Verdict' "$name: opens on the Overview's verdict" || return
    tm send-keys -t "$S" 5
    wait_for 'Thread +Name +State' "$name: threads" || return
    wait_for '(◆|\*)! thr=22817 +SqlExecutor' "$name: the culprit thread comes first, marked"
    tm send-keys -t "$S" Enter
    wait_for 'Call stack \(20 frames' "$name: the culprit's call stack" || return
    wait_for 'allocateNoThrowImpl' "$name: innermost frame"
    tm send-keys -t "$S" 6
    wait_for 'entry frames on top' "$name: flame graph" || return
    wait_for '^Execution::Thread::staticMain' "$name: entry frame on the top row"
    tm send-keys -t "$S" Down; sleep 0.1; tm send-keys -t "$S" Down; sleep 0.1; tm send-keys -t "$S" Enter
    wait_for "Flame${sep}" "$name: zoomed (breadcrumb)"
    tm send-keys -t "$S" BSpace
    wait_for '^ Flame *$' "$name: zoomed back out"
    if [[ "$sep" == " > " ]]; then
        if cap | LC_ALL=C grep -q -P '[^\x00-\x7F]'; then bad "$name: screen is plain ASCII"; else ok "$name: screen is plain ASCII"; fi
    fi
    tm send-keys -t "$S" Q
    wait_for '^EXIT=0' "$name: Q quits with status 0"
    wait_for 'icanon echo' "$name: terminal restored (icanon, echo)"
}
HANA_SAMPLE="$ROOT/SampleDumps/hana/indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc"
JAVA_SAMPLE="$SAMPLE"
if [[ -f "$HANA_SAMPLE" ]]; then
    SAMPLE="$HANA_SAMPLE"
    hana_session "hana" " › " TERM=xterm-256color LANG=C.UTF-8
    hana_session "hana-ascii" " > " TERM=xterm LANG=C LC_ALL=C NO_COLOR=1
    SAMPLE="$JAVA_SAMPLE"
else
    echo "explorer e2e: HANA session skipped ($HANA_SAMPLE is absent)"
fi

# q from the top screen quits.
start TERM=xterm-256color LANG=C.UTF-8
wait_for 'Leak suspects|Biggest objects' "quit: opens"
tm send-keys -t "$S" q
wait_for '^EXIT=0' "quit: q on the Overview exits with status 0"

echo "$PASS passed, $FAIL failed"
(( FAIL == 0 ))
