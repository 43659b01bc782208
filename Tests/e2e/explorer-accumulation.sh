#!/usr/bin/env bash
# End-to-end test in tmux of paths to the accumulation point and of `hdx immediate-dominators`:
# - on a dump AccumulationDemo.java writes now (one 16 MiB list held by two statics and a thread local), `A` on the
#   Overview's first suspect shows the three ways in, `e` exports them, `m` says every way in is shown, and
#   `hdx report` (text, JSON) says the same;
# - on the committed LeakDemo sample, `i` on LeakDemo$Session exported with `e` equals `hdx immediate-dominators
#   --csv`, and `i` again (JDK classes shown) shows the row `hdx immediate-dominators --all` prints.
# Usage: Tests/e2e/explorer-accumulation.sh [path/to/hdx]   (default: $HDX_BIN or .build/debug/hdx)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
SAMPLE="$ROOT/SampleDumps/java/leakdemo.hprof"

if ! command -v tmux >/dev/null; then echo "explorer-accumulation e2e: skipped (tmux is not installed)"; exit 0; fi
if [[ ! -x "$HDX" ]]; then echo "explorer-accumulation e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi

export LANG=C.UTF-8 LC_ALL=C.UTF-8
SOCK_PREFIX="hdx-e2e-accumulation"; WAIT_TICKS=300
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"
WORK="$(mktemp -d)"
trap 'cleanup; rm -rf "$WORK"' EXIT
key() { tm send-keys -t "$S" "$@"; sleep 0.15; }

# start FILE: a new tmux session running hdx on FILE in $WORK/out (exports land there).
start() {
    RUN=$((RUN + 1)); SOCK="$SOCK_PREFIX-$$-$RUN"
    rm -rf "$WORK/out"; mkdir -p "$WORK/out"
    tm -f /dev/null new-session -d -s "$S" -x 120 -y 40 -c "$WORK/out" \
        "cd '$WORK/out' && env TERM=xterm-256color LANG=C.UTF-8 '$HDX' '$1'; echo EXIT=\$?; sleep 60"
}
# export_to NAME: `e Enter` wrote $WORK/out/NAME.
export_to() {
    key e; key Enter
    wait_for "wrote [0-9,]+ rows? to .*$1" "e writes $1"
}
check() { if eval "$1"; then ok "$2"; else bad "$2"; fi; }

# ---- paths to the accumulation point on a dump made now ----
if command -v javac >/dev/null && command -v java >/dev/null; then
    javac -d "$WORK" "$ROOT/SampleDumps/generators/java/AccumulationDemo.java" \
        && java -XX:+UseSerialGC -cp "$WORK" AccumulationDemo "$WORK/acc.hprof" >/dev/null
    start "$WORK/acc.hprof"
    wait_for 'accumulated in \(Enter: in the tree, A: every way in\)' "the suspect names A"
    key A
    wait_for 'Paths to the accumulation point' "A opens Paths to the accumulation point"
    wait_for '3 ways in: the shortest from each static field or GC root' "three ways in"
    wait_for 'elementData in java.util.ArrayList 0x[0-9a-f]+ +3 +16.0 MiB' "the list carries all three paths"
    wait_for 'static field AccumulationDemo\$HolderA.STORE' "held by HolderA.STORE"
    wait_for 'static field AccumulationDemo\$HolderB.MIRROR' "held by HolderB.MIRROR"
    wait_for 'threadLocals in .*java.lang.Thread' "held through the thread's ThreadLocalMap"
    wait_for 'GC root: thread object' "the thread is a GC root"
    export_to "acc-accumulation-paths-0x"
    f=$(ls "$WORK"/out/acc-accumulation-paths-0x*.csv 2>/dev/null | head -1)
    check '[[ -n "$f" && $(grep -c "static field AccumulationDemo\\\$Holder" "$f") == 2 && $(grep -c "GC root: thread object" "$f") == 1 ]]' \
        "the export names the three holders"
    key m
    wait_for 'every way in is shown' "m: every way in is shown"
    key q
    wait_for 'Leak suspects' "q goes back to the Overview"
    key Q; wait_for '^EXIT=0' "Q quits with status 0"; cleanup
    "$HDX" report "$WORK/acc.hprof" >"$WORK/report.txt"
    check 'grep -q "paths to the accumulation point: 3 ways in" "$WORK/report.txt"' "report: 3 ways in"
    check 'grep -q "held by static field AccumulationDemo\$HolderB.MIRROR" "$WORK/report.txt"' "report: held by MIRROR"
    "$HDX" report "$WORK/acc.hprof" --json >"$WORK/report.json"
    check 'python3 -c "import json,sys; s=[x for x in json.load(open(sys.argv[1]))[\"suspects\"] if x.get(\"accumulationPaths\",{}).get(\"found\")==3]; sys.exit(0 if s and len([e for e in s[0][\"accumulationPaths\"][\"tree\"] if e.get(\"holder\")])==3 else 1)" "$WORK/report.json"' \
        "report --json: accumulationPaths found 3, three holders"
else
    echo "notice: no JDK on PATH, paths to the accumulation point on a made dump not checked"
fi

# ---- hdx immediate-dominators against the i screen ----
if [[ -f "$SAMPLE" ]]; then
    start "$SAMPLE"
    wait_for 'Biggest objects' "opens on the Overview"
    key 2; key /; tm send-keys -t "$S" -l 'Session$'; key Enter
    wait_for 'LeakDemo\$Session$' "Histogram filtered to LeakDemo\$Session"
    key i
    wait_for 'Who keeps LeakDemo\$Session alive directly' "i: immediate dominators"
    export_to "leakdemo-immediate-dominators.csv"
    check 'diff <("$HDX" immediate-dominators "$SAMPLE" "LeakDemo\$Session" --csv --top 1000000) "$WORK/out/leakdemo-immediate-dominators.csv" >/dev/null' \
        "the i export equals hdx immediate-dominators --csv"
    key i
    row=$("$HDX" immediate-dominators "$SAMPLE" 'LeakDemo$Session' --all | grep 'java.util.HashMap\$Node$' | sed -E 's/^ +//; s/ +/ +/g; s/\$/\\$/g')
    check '[[ -n "$row" ]]' "hdx immediate-dominators --all lists HashMap\$Node"
    wait_for "$row" "i again shows the row --all prints"
    key Q; wait_for '^EXIT=0' "Q quits with status 0"; cleanup
    "$HDX" immediate-dominators "$SAMPLE" NoSuchClass >/dev/null 2>"$WORK/err"
    check '[[ $? == 2 && $(wc -l <"$WORK/err") == 1 ]]' "an unknown class: exit 2, one line"
fi

echo "$PASS passed, $FAIL failed"
[[ $FAIL == 0 ]]
