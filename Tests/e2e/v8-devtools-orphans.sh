#!/usr/bin/env bash
# DevTools' numbers on a snapshot no one here wrote by hand: node 20 with the TypeScript compiler loaded, taken from
# inside a function whose closure context only the stack and a cycle hold (SampleDumps/generators/v8_stack_cycle.js;
# too big to commit, so generated here). Compares `hdx dominators` and `hdx histogram` with the port of DevTools'
# HeapSnapshot.ts (SampleDumps/generators/v8_devtools_reference.js): the global object's retained size, the number of
# nodes directly under the root, the 20 biggest of them, and the 30 biggest classes' counts and retained sizes.
# Needs node and TypeScript (Debian: node-typescript); skipped with a notice without them.
# Usage: Tests/e2e/v8-devtools-orphans.sh [path/to/hdx]
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
GEN="$ROOT/SampleDumps/generators"
if ! command -v node >/dev/null; then echo "v8-devtools-orphans e2e: skipped (node is not installed)"; exit 0; fi
if ! command -v python3 >/dev/null; then echo "v8-devtools-orphans e2e: skipped (python3 is not installed)"; exit 0; fi
if ! node -e "try{require('typescript')}catch(e){require('/usr/share/nodejs/typescript')}" 2>/dev/null; then
    echo "v8-devtools-orphans e2e: skipped (TypeScript is not installed: apt-get install node-typescript)"; exit 0
fi
if [[ ! -x "$HDX" ]]; then echo "v8-devtools-orphans e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi

DIR=$(mktemp -d); trap 'rm -rf "$DIR"' EXIT
SNAP="$DIR/typescript-stack-cycle.heapsnapshot"
if ! node "$GEN/v8_stack_cycle.js" "$SNAP" typescript >/dev/null; then
    echo "v8-devtools-orphans e2e: the generator failed"; echo "0 passed, 1 failed"; exit 1
fi
node --max-old-space-size=4096 "$GEN/v8_devtools_reference.js" "$SNAP" > "$DIR/ref.json" || { echo "reference failed"; echo "0 passed, 1 failed"; exit 1; }
"$HDX" dominators "$SNAP" --json --top 100000 > "$DIR/dom.json" || { echo "hdx dominators failed"; echo "0 passed, 1 failed"; exit 1; }
"$HDX" histogram "$SNAP" --json --top 100000 > "$DIR/hist.json" || { echo "hdx histogram failed"; echo "0 passed, 1 failed"; exit 1; }

python3 - "$DIR" <<'PY'
import json, sys
d = sys.argv[1]
ref = json.load(open(d + "/ref.json"))
dom = json.load(open(d + "/dom.json"))
hist = json.load(open(d + "/hist.json"))
passed = failed = 0
def check(ok, what):
    global passed, failed
    if ok: passed += 1
    else:
        failed += 1
        print("FAIL:", what)
# The shape is there: a cycle nothing reaches, with a stack-held closure context in it.
check(ref["unreachableCycles"] > 0 and any(n.startswith("system / Context @") for n in ref["unreachableCycleNodes"]),
      "the snapshot has a stack-held context in an unreachable cycle: %s" % ref["unreachableCycleNodes"][:3])
ref_global = [u for u in ref["userRoots"] if u["cls"] == "global"][0]
rows = {r["id"]: r for r in dom["rows"]}
hdx_global = rows.get("@%d" % ref_global["id"])
check(hdx_global is not None and hdx_global["retained"] == ref_global["retained"],
      "global retains %s (DevTools: %d)" % (hdx_global and hdx_global["retained"], ref_global["retained"]))
check(ref_global["retained"] * 2 > ref["total"], "global retains most of the heap in DevTools' algorithm")
# hdx lists its own V8 root node under the super-root as well: one more than DevTools' children of the root.
check(dom["totalChildren"] == ref["rootChildren"] + 1,
      "nodes under the root: %d (DevTools: %d + the root itself)" % (dom["totalChildren"], ref["rootChildren"]))
for t in ref["rootTop"]:
    r = rows.get("@%d" % t["id"])
    check(r is not None and r["retained"] == t["retained"],
          "under the root: @%d %s retains %s (DevTools: %d)" % (t["id"], t["cls"], r and r["retained"], t["retained"]))
classes = {}
for r in hist["rows"]:
    classes.setdefault(r["class"], r)
for c in ref["classes"]:
    r = classes.get(c["cls"])
    check(r is not None and r["retained"] == c["retained"] and r["count"] == c["count"],
          "class %s: %s (DevTools: count %d, retained %d)" % (c["cls"], r and (r["count"], r["retained"]), c["count"], c["retained"]))
check(dom["ofRetained"] == ref["total"], "total %d (DevTools: %d)" % (dom["ofRetained"], ref["total"]))
print("v8-devtools-orphans: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
