#!/usr/bin/env bash
# End-to-end test of paths to the accumulation point held by statics of classes a custom URLClassLoader loaded, on a
# dump SampleDumps/generators/java/LoaderAccumulationDemo.java writes now: `hdx report --json` lists the four ways in
# (plugin.Mirror.COPY; plugin.Keeper.OWN, a static beside the `<classloader>` link to the same loader;
# LoaderAccumulationDemo.LOADER; plugin.Store.BOX, whose class the search meets first through its `<classloader>`
# link), each once, and `A` in the explorer (tmux) shows the same four.
# Usage: Tests/e2e/explorer-loader-statics.sh [path/to/hdx]   (default: $HDX_BIN or .build/debug/hdx)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"

if ! command -v tmux >/dev/null; then echo "explorer-loader-statics e2e: skipped (tmux is not installed)"; exit 0; fi
if ! command -v javac >/dev/null || ! command -v java >/dev/null; then
    echo "explorer-loader-statics e2e: skipped (no JDK on PATH)"; exit 0
fi
if [[ ! -x "$HDX" ]]; then echo "explorer-loader-statics e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi

export LANG=C.UTF-8 LC_ALL=C.UTF-8
SOCK_PREFIX="hdx-e2e-loaderstatics"; WAIT_TICKS=300
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"
WORK="$(mktemp -d)"
trap 'cleanup; rm -rf "$WORK"' EXIT
key() { tm send-keys -t "$S" "$@"; sleep 0.15; }

javac -d "$WORK" "$ROOT/SampleDumps/generators/java/LoaderAccumulationDemo.java" \
    && java -XX:+UseSerialGC -cp "$WORK" LoaderAccumulationDemo "$WORK/la.hprof" "$WORK" >/dev/null
if [[ ! -f "$WORK/la.hprof" ]]; then bad "LoaderAccumulationDemo writes a dump"; echo "$PASS passed, $FAIL failed"; exit 1; fi

holders=$("$HDX" report "$WORK/la.hprof" --json --no-index | python3 -c '
import json, sys
r = json.load(sys.stdin)
for s in r["suspects"]:
    a = s.get("accumulationPaths") or {}
    if any("plugin.Mirror.COPY" in (e.get("holder") or "") for e in a.get("tree", [])):
        print(a["found"], "|".join(sorted(e["holder"] for e in a["tree"] if e.get("holder"))))
        break
')
want="4 static field LoaderAccumulationDemo.LOADER|static field plugin.Keeper.OWN|static field plugin.Mirror.COPY|static field plugin.Store.BOX"
if [[ "$holders" == "$want" ]]; then ok "report --json: the four statics, each once"; else bad "report --json: the four statics, each once (got: $holders)"; fi

RUN=1; SOCK="$SOCK_PREFIX-$$-$RUN"
tm -f /dev/null new-session -d -s "$S" -x 120 -y 40 \
    "env TERM=xterm-256color LANG=C.UTF-8 HDX_NO_INDEX=1 '$HDX' '$WORK/la.hprof'; echo EXIT=\$?; sleep 60"
wait_for 'accumulated in \(Enter: in the tree, A: every way in\)' "the suspect names A"
key A
wait_for 'Paths to the accumulation point' "A opens Paths to the accumulation point"
wait_for '4 ways in: the shortest from each static field or GC root' "four ways in"
wait_for 'static field plugin\.Store\.BOX' "held by plugin.Store.BOX (met first through its loader link)"
wait_for 'OWN in class plugin\.Keeper' "Keeper's way in is named by its static, not <classloader>"
wait_for 'static field plugin\.Keeper\.OWN' "held by plugin.Keeper.OWN"
wait_for 'static field plugin\.Mirror\.COPY' "held by plugin.Mirror.COPY"
wait_for 'static field LoaderAccumulationDemo\.LOADER' "held by LoaderAccumulationDemo.LOADER"
key Q
wait_for '^EXIT=0' "Q quits with status 0"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
