#!/usr/bin/env bash
# End-to-end test in tmux of the explorer keys the other scripts leave out, once each: `e` on every Reports screen
# (Java and V8), on the HANA Allocators (rows equal `hdx histogram --csv`), Threads, Processes and Flame (rows equal
# `hdx hana stacks --folded`), on Growth (rows equal `hdx growth --csv`) and on the HANA comparison's Stacks Δ; every
# export mode 0600; `e` on the Overview says why not; `y` on the dominator tree; `:` with an allocator path selects
# its row in the allocator tree, an unknown path says so; the HANA comparison's tabs.
# Usage: Tests/e2e/explorer-coverage.sh [path/to/hdx]   (default: $HDX_BIN or .build/debug/hdx)
# Prints one "N passed, N failed" line; exit status 0 when all passed (or when skipped), 1 otherwise.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
JAVA="$ROOT/SampleDumps/java/leakdemo.hprof"
V8="$ROOT/SampleDumps/v8/leak-1.heapsnapshot"
HANA="$ROOT/SampleDumps/hana/indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc"
HANA2="$ROOT/SampleDumps/hana/indexserver_hanaprd01.30003.rtedump.20250312-141905.021734.oom.trc"

if ! command -v tmux >/dev/null; then echo "explorer-coverage e2e: skipped (tmux is not installed)"; exit 0; fi
if ! command -v python3 >/dev/null; then echo "explorer-coverage e2e: skipped (no python3)"; exit 0; fi
for f in "$JAVA" "$V8" "$HANA" "$HANA2"; do
    if [[ ! -f "$f" ]]; then echo "explorer-coverage e2e: skipped ($f is absent)"; exit 0; fi
done
if [[ ! -x "$HDX" ]]; then echo "explorer-coverage e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi

export LANG=C.UTF-8 LC_ALL=C.UTF-8
SOCK_PREFIX="hdx-coverage-e2e"; WAIT_TICKS=300
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"
WORK="$(mktemp -d)"
trap 'cleanup; rm -rf "$WORK"' EXIT
key() { tm send-keys -t "$S" "$@"; sleep 0.15; }
type_text() { tm send-keys -t "$S" -l "$1"; sleep 0.15; }

# start ARGS...: a new tmux session running hdx in $WORK/out (exports land there).
start() {
    RUN=$((RUN + 1)); SOCK="$SOCK_PREFIX-$$-$RUN"
    rm -rf "$WORK/out"; mkdir -p "$WORK/out"
    local args; args=$(printf "'%s' " "$@")
    tm -f /dev/null new-session -d -s "$S" -x 120 -y 40 -c "$WORK/out" \
        "cd '$WORK/out' && env TERM=xterm-256color LANG=C.UTF-8 '$HDX' $args; echo EXIT=\$?; sleep 60"
}
stop() { key Q; wait_for '^EXIT=0' "$1: Q quits with status 0"; cleanup; }

# exported NAME WHAT: `e Enter` wrote $WORK/out/NAME, mode 0600, with at least one row.
exported() {
    key e; key Enter
    local f="$WORK/out/$1"
    wait_for "wrote [0-9,]+ rows? to .*$1" "e on $2 names $1"
    if [[ -f "$f" && "$(stat -c %a "$f")" == 600 && $(wc -l <"$f") -ge 2 ]]; then
        ok "$1 is mode 0600 with $(($(wc -l <"$f") - 1)) rows"
    else
        bad "$1 is mode 0600 with rows"
    fi
}

# CSV → one line per record, fields joined by a tab (quoted fields unquoted).
lines() { python3 -c 'import csv,sys; [print("\t".join(r)) for r in csv.reader(open(sys.argv[1], newline=""))]' "$1"; }

# ---- Java: y, e on the Overview, e on every Reports screen ----
start "$JAVA"
wait_for 'Biggest objects' "Java: opens on the Overview" || { echo "$PASS passed, $FAIL failed"; exit 1; }
key e
wait_for 'the Overview has no table' "e on the Overview says why not"
key 3
wait_for 'Retained +% of parent' "Java: dominator tree"
key y
wait_for '(copied 0x[0-9a-f]+ to the clipboard|0x[0-9a-f]+: copy it by hand)' "y copies (or shows) the selected id"
key 4
wait_for 'Duplicate strings +[0-9,]+ texts' "Reports computed"
key Enter; wait_for 'strings held more than once' "Reports: Duplicate strings"
exported leakdemo-duplicate-strings.csv "Duplicate strings"
key q; key j; key Enter; wait_for 'collections are less than half full' "Reports: Under-filled collections"
exported leakdemo-under-filled-collections.csv "Under-filled collections"
key q; key j; key Enter; wait_for 'class loaders, [0-9,]+ classes defined twice' "Reports: Class loaders"
exported leakdemo-class-loaders.csv "Class loaders"
key q; key j; key Enter; wait_for 'threads; Retained: thread' "Reports: Threads"
exported leakdemo-threads.csv "Threads (Java)"
stop "Java"

# ---- V8: the Statistics report ----
start "$V8"
wait_for 'Overview' "V8: opens" || { echo "$PASS passed, $FAIL failed"; exit 1; }
key 4
wait_for 'Statistics +DevTools' "V8: Reports computed"
key Enter; wait_for "DevTools' Statistics: self sizes by kind" "Reports: Statistics"
exported leak-1-statistics.csv "Statistics"
key q; key j; key Enter; wait_for 'collections are less than half full' "V8 Reports: Under-filled collections"
stop "V8"

# ---- HANA: e on every tab with a table, : with an allocator path ----
start "$HANA"
wait_for 'culprit thread' "HANA: opens on the verdict" || { echo "$PASS passed, $FAIL failed"; exit 1; }
key :
type_text 'Pool/PersistenceManager/PersistentSpace(0)/DefaultLPA/ShadowPage'
key Enter
wait_for '› Pool/PersistenceManager/PersistentSpace\(0\)/DefaultLPA *$' ": opens the allocator's parents"
wait_for '^ Pool/PersistenceManager/PersistentSpace\(0\)/DefaultLPA/ShadowPage' ": selects the allocator's row"
key :
type_text 'Pool/NoSuchAllocator'
key Enter
wait_for 'no allocator Pool/NoSuchAllocator in this dump' ": with an unknown path says so"
key 2
wait_for 'Exclusive +.?Inclusive' "HANA: Allocators"
STEM=$(basename "$HANA"); STEM=${STEM%%.*}
exported "$STEM-allocators.csv" "Allocators"
if diff <("$HDX" histogram "$HANA" --csv --top 1000000) "$WORK/out/$STEM-allocators.csv" >/dev/null; then
    ok "the Allocators export equals hdx histogram --csv"
else
    bad "the Allocators export equals hdx histogram --csv"
fi
key 4; wait_for 'AB/PAL' "HANA: Processes"
exported "$STEM-processes.csv" "Processes"
key 5; wait_for 'Statement / detail' "HANA: Threads"
exported "$STEM-threads.csv" "Threads (HANA)"
key Enter; wait_for 'Call stack \(' "HANA: a thread's call stack"
exported "$STEM-thread-thr_22817.csv" "a call stack"
key 6; wait_for 'entry frames on top' "HANA: Flame"
exported "$STEM-stacks.csv" "Flame"
if diff <("$HDX" hana stacks "$HANA" --folded | sort) \
        <(lines "$WORK/out/$STEM-stacks.csv" | tail -n +2 | tr '\t' ' ' | sort) >/dev/null; then
    ok "the Flame export equals hdx hana stacks --folded"
else
    bad "the Flame export equals hdx hana stacks --folded"
fi
stop "HANA"

# ---- HANA comparison: its tabs, e on Stacks Δ ----
start diff "$HANA" "$HANA2"
wait_for 'Pool/Statistics' "HANA diff: Pool/Statistics on Compare" || { echo "$PASS passed, $FAIL failed"; exit 1; }
key 2; wait_for 'Process \(by AB growth\)' "HANA diff: Processes Δ"
key 3; wait_for 'Top frames \(innermost first\)' "HANA diff: Stacks Δ"
exported "$STEM-stacks-delta.csv" "Stacks Δ"
key Enter; wait_for 'threads in old, ' "HANA diff: a stack's frames"
key 4; wait_for 'Inclusive' "HANA diff: Dominators (new)"
stop "HANA diff"

# ---- Growth: e equals hdx growth --csv ----
python3 "$ROOT/SampleDumps/generators/hana_samples.py" --series "$WORK/series" >/dev/null
start growth "$WORK"/series/*.oom.trc
wait_for 'HANA growth, 3 snapshots' "Growth: opens" || { echo "$PASS passed, $FAIL failed"; exit 1; }
GSTEM=$(basename "$(ls "$WORK"/series/*.oom.trc | tail -1)"); GSTEM=${GSTEM%%.*}
exported "$GSTEM-growth.csv" "Growth"
if diff <("$HDX" growth "$WORK"/series/*.oom.trc --csv) "$WORK/out/$GSTEM-growth.csv" >/dev/null; then
    ok "the Growth export equals hdx growth --csv"
else
    bad "the Growth export equals hdx growth --csv"
fi
key 2; wait_for 'dominator paths that grew at every step' "Growth: growing paths"
exported "$GSTEM-growing-paths.csv" "Growing paths"
stop "Growth"

echo "$PASS passed, $FAIL failed"
(( FAIL == 0 ))
