#!/usr/bin/env bash
# End-to-end checks of `hdx growth` and the exports (--csv, hana --dot/--folded, report --html flame graphs).
# The 3-snapshot series are generated here in a temporary directory (not committed): node writes three V8
# snapshots, the JDK three HPROF dumps, hana_samples.py three HANA OOM dumps; each generator also writes the counts
# it planted (truth.json), which the checks compare against.
# Usage: Tests/e2e/growth_exports.sh [path/to/hdx]   Prints "N passed, N failed"; exit 0 when all passed.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${1:-${HDX_BIN:-$ROOT/.build/debug/hdx}}"
GEN="$ROOT/SampleDumps/generators"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
PASS=0; FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL $1"; }
check() { # check NAME COMMAND...: passes when the command succeeds
    local name="$1"; shift
    if "$@"; then ok "$name"; else bad "$name"; fi
}
if [[ ! -x "$HDX" ]]; then echo "growth_exports e2e: hdx binary not found at $HDX"; echo "0 passed, 1 failed"; exit 1; fi
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT

# ---- help lists the new commands and flags ----
check "hdx help lists growth" bash -c "'$HDX' help | grep -q '^  growth '"
check "hdx help hana lists allocators" bash -c "'$HDX' help hana | grep -q '^  allocators '"
for c in histogram dominators diff growth; do
    check "hdx help $c shows --csv" bash -c "'$HDX' help $c | grep -q -- '--csv'"
done
check "hdx help hana stacks shows --dot" bash -c "'$HDX' help hana stacks | grep -q -- '--dot'"
check "hdx help hana allocators shows --folded" bash -c "'$HDX' help hana allocators | grep -q -- '--folded'"
check "hdx help report shows --html" bash -c "'$HDX' help report | grep -q -- '--html'"

# ---- growth: usage ----
"$HDX" growth "$ROOT/SampleDumps/java/leakdemo-before.hprof.gz" "$ROOT/SampleDumps/java/leakdemo-after.hprof.gz" \
    >/dev/null 2>"$T/err"
rc=$?
check "growth with two snapshots is a usage error (exit 2)" test "$rc" -eq 2
check "… and points to hdx diff" grep -q 'hdx diff' "$T/err"
"$HDX" growth "$ROOT/SampleDumps/java/leakdemo.hprof" "$ROOT/SampleDumps/v8/leak-1.heapsnapshot" \
    "$ROOT/SampleDumps/v8/leak-2.heapsnapshot" --json >/dev/null 2>"$T/err"
rc=$?
check "mixed kinds exit 1" test "$rc" -eq 1
check "… with one line on stderr naming both kinds" \
    bash -c "[ \$(wc -l < '$T/err') -eq 1 ] && grep -q 'v8 dump, but .*hprof dump' '$T/err'"

printf 'not a dump\n' > "$T/bad.hprof"
"$HDX" growth "$ROOT/SampleDumps/java/leakdemo.hprof" "$T/bad.hprof" "$ROOT/SampleDumps/java/leakdemo.hprof" \
    >/dev/null 2>"$T/err"
rc=$?
check "an unreadable snapshot exits 1 with one line naming the file and offset" \
    bash -c "[ $rc -eq 1 ] && [ \$(wc -l < '$T/err') -eq 1 ] && grep -q 'bad.hprof' '$T/err' && grep -qi 'offset\|byte' '$T/err'"

# ---- growth: HANA (three OOM dumps of one service) ----
python3 "$GEN/hana_samples.py" --series "$T/hana" >/dev/null
"$HDX" growth "$T"/hana/*.oom.trc --json > "$T/hana.json"
check "HANA growth --json" test $? -eq 0
check "HANA: monotonic allocators are exactly those whose inclusive size grew every day (generator's numbers)" \
    python3 - "$T/hana.json" "$T/hana/truth.json" <<'PY'
import json, sys
g, t = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
rows = {r["class"]: r for r in g["rows"]}
want = {p for p, v in t["inclusive"].items() if v[0] < v[1] < v[2]}
got = {c for c, r in rows.items() if r["monotonic"]}
assert want == got, (want ^ got)
assert all(rows[p]["retained"] == v for p, v in t["inclusive"].items())
noise = [p for p, v in t["inclusive"].items() if v[0] > v[1] < v[2]]
assert noise and not any(rows[p]["monotonic"] for p in noise), noise
assert len(g["snapshots"]) == 3 and g["format"] == "hana"
last = [r["retained"][2] - r["retained"][1] for r in g["rows"]]
assert last == sorted(last, reverse=True), "rows sorted by the last step's growth"
assert any(p["path"][-1]["class"] == "Pool/Statistics" for p in g["growingPaths"]), "Pool/Statistics path"
PY

out=$("$HDX" growth "$T"/hana/*.oom.trc --top 3 2>/dev/null); rc=$?
check "growth piped: text with the rows and the growing paths, status 0" \
    bash -c "[ $rc -eq 0 ] && grep -q 'allocators grew at every step over 3 snapshots' <<< \"\$1\" && grep -q 'Pool › Pool/Statistics' <<< \"\$1\"" _ "$out"

# ---- growth: V8 (three snapshots of one node process) ----
if command -v node >/dev/null; then
    mkdir -p "$T/v8"
    node --expose-gc "$GEN/v8_series.js" "$T/v8"
    "$HDX" growth "$T"/v8/series-{1,2,3}.heapsnapshot --json > "$T/v8.json"
    check "V8 growth --json" test $? -eq 0
    check "V8: planted counts per snapshot; GrowLeak monotonic, Bouncy/Steady/Transient not; MemLab clusters = planted" \
        python3 - "$T/v8.json" "$T/v8/truth.json" <<'PY'
import json, sys
g, t = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
rows = {r["class"]: r for r in g["rows"]}
for c in ("GrowLeak", "Bouncy", "Steady", "LateLeak"):
    assert rows[c]["counts"] == t[c], (c, rows[c]["counts"], t[c])
assert rows["GrowLeak"]["monotonic"]
for c in ("Bouncy", "Steady", "LateLeak"):
    assert not rows[c]["monotonic"], c
assert "Transient" not in rows or not rows["Transient"]["monotonic"]
clusters = {}
for c in g["newRetained"]:
    clusters[c["class"]] = clusters.get(c["class"], 0) + c["count"]
assert clusters.get("LateLeak") == t["lateLeakAllocated"], clusters
assert clusters.get("GrowLeak") == t["GrowLeak"][1] - t["GrowLeak"][0], clusters
assert "Transient" not in clusters, "freed before the last snapshot"
late = next(c for c in g["newRetained"] if c["class"] == "LateLeak")
assert late["path"][0]["class"] == "global" or late["path"][0]["class"].startswith("("), late["path"][0]
assert late["path"][-1]["class"] == "LateLeak"
PY
else
    echo "skip V8 growth: node is not installed"
fi

# ---- growth: HPROF (three dumps of one JVM) ----
if command -v javac >/dev/null && command -v java >/dev/null; then
    mkdir -p "$T/java/cls"
    javac -d "$T/java/cls" "$GEN/java/GrowthDemo.java" && java -Xmx64m -XX:+UseSerialGC -cp "$T/java/cls" GrowthDemo "$T/java"
    "$HDX" growth "$T"/java/growth-{1,2,3}.hprof --json > "$T/java.json"
    check "HPROF growth --json" test $? -eq 0
    check "HPROF: planted counts per dump; Leak monotonic, Bouncy/Steady not; Shark path ends at the Leak list" \
        python3 - "$T/java.json" "$T/java/truth.json" <<'PY'
import json, sys
g, t = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
rows = {r["class"]: r for r in g["rows"]}
for c in ("GrowthDemo$Leak", "GrowthDemo$Bouncy", "GrowthDemo$Steady"):
    assert rows[c]["counts"] == t[c], (c, rows[c]["counts"], t[c])
assert rows["GrowthDemo$Leak"]["monotonic"] and rows["GrowthDemo$Leak"]["countsMonotonic"]
assert not rows["GrowthDemo$Bouncy"]["monotonic"] and not rows["GrowthDemo$Steady"]["monotonic"]
p = g["growingPaths"][0]
classes = [s["class"] for s in p["path"]]
assert "class GrowthDemo$Holder" in classes and classes[-1] == "GrowthDemo$Leak", classes
assert p["path"][-1]["counts"] == t["GrowthDemo$Leak"], p["path"][-1]
assert p["retained"][0] < p["retained"][1] < p["retained"][2]
PY
    "$HDX" growth "$T"/java/growth-{1,2,3}.hprof --csv --top 5 > "$T/java.csv"
    check "growth --csv: header and 5 rows, CRLF" python3 - "$T/java.csv" <<'PY'
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.endswith(b"\r\n") and raw.count(b"\r\n") == 6, raw[:200]
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == ["class", "monotonic", "count1", "count2", "count3", "retained1", "retained2", "retained3", "lastGrowth"]
assert all(len(r) == 9 and all(x.lstrip("-").isdigit() for x in r[2:]) for r in rows[1:])
PY
else
    echo "skip HPROF growth: no JDK"
fi

# ---- --csv on the list commands: same rows as --json, RFC 4180 ----
J="$ROOT/SampleDumps/java/leakdemo.hprof"
V1="$ROOT/SampleDumps/v8/leak-1.heapsnapshot"; V2="$ROOT/SampleDumps/v8/leak-2.heapsnapshot"
"$HDX" histogram "$J" --json --top 20 > "$T/h.json"; "$HDX" histogram "$J" --csv --top 20 > "$T/h.csv"
"$HDX" dominators "$V1" --json --top 20 > "$T/d.json"; "$HDX" dominators "$V1" --csv --top 20 > "$T/d.csv"
"$HDX" diff "$V1" "$V2" --json --top 20 > "$T/x.json"; "$HDX" diff "$V1" "$V2" --csv --top 20 > "$T/x.csv"
check "histogram/dominators/diff --csv hold the --json rows (integers, header row)" python3 - "$T" <<'PY'
import csv, json, sys
t = sys.argv[1]
def rows(name):
    r = list(csv.reader(open(f"{t}/{name}", newline="")))
    return r[0], r[1:]
def unneutral(s):
    return s[1:] if s[:1] == "'" and s[1:2] in "=+-@" else s
h, body = rows("h.csv")
j = json.load(open(f"{t}/h.json"))["rows"]
assert h == ["class", "count", "shallow", "retained"]
assert [[unneutral(r[0])] + [int(x) for x in r[1:]] for r in body] == [[x["class"], x["count"], x["shallow"], x["retained"]] for x in j]
h, body = rows("d.csv")
j = json.load(open(f"{t}/d.json"))["rows"]
assert h == ["id", "class", "shallow", "retained", "children"]
assert [[r[0], unneutral(r[1])] + [int(x) for x in r[2:]] for r in body] == [[x["id"], x["class"], x["shallow"], x["retained"], x["children"]] for x in j]
h, body = rows("x.csv")
j = json.load(open(f"{t}/x.json"))["rows"]
assert h[:4] == ["class", "countDelta", "shallowDelta", "retainedDelta"] and h[-2:] == ["added", "removed"]
assert [[unneutral(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[-2]), int(r[-1])] for r in body] == \
       [[x["class"], x["countDelta"], x["shallowDelta"], x["retainedDelta"], x["added"], x["removed"]] for x in j]
PY
"$HDX" histogram "$J" --csv --json >/dev/null 2>&1
check "--csv with --json is a usage error" test $? -eq 2

# ---- HANA exports: stacks --dot, allocators --folded ----
O1=$(ls "$ROOT"/SampleDumps/hana/*.rtedump.20250311-*.oom.trc)
"$HDX" hana stacks "$O1" --dot > "$T/stacks.dot"
check "hana stacks --dot" test $? -eq 0
check "DOT: thread counts per cluster and per frame as the generator planted them" \
    python3 - "$T/stacks.dot" "$GEN" <<'PY'
import random, re, sys
sys.path.insert(0, sys.argv[2])
import hana_samples as h
rng = random.Random(1001); h.Addr(rng)
threads = [t for t in h.make_threads(rng, "oom1", 90) if t.frames]
exc = [t for t in threads if t.exception]
dot = open(sys.argv[1]).read()
assert dot.startswith('digraph "hana_stacks" {') and dot.rstrip().endswith("}")
assert f"threads without exceptions ({len(threads) - len(exc)})" in dot
assert f"threads with pending exceptions ({len(exc)})" in dot
# The outermost frame of every stack: one node per cluster counting all its threads.
outer = {t.frames[-1][0].split("(")[0] for t in threads}
assert len(outer) == 1, outer
name = outer.pop()
assert re.search(r'n\d+ \[label="%s\\n%d threads"' % (re.escape(name), len(threads) - len(exc)), dot)
assert re.search(r'e\d+ \[label="%s\\n%d thread' % (re.escape(name), len(exc)), dot)
PY
if command -v dot >/dev/null; then
    check "dot -Tsvg accepts the call graph" bash -c "dot -Tsvg '$T/stacks.dot' > '$T/stacks.svg' && grep -q '<svg' '$T/stacks.svg'"
else
    echo "skip dot -Tsvg: graphviz is not installed (apt-get install -y graphviz)"
fi
"$HDX" hana allocators "$O1" --folded > "$T/alloc.folded"
check "hana allocators --folded: one line per allocator with exclusive bytes, as the generator wrote them" \
    python3 - "$T/alloc.folded" "$GEN" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
import hana_samples as h
ab = h.PAL_INDEX - h.INDEX_SHARED - 1_181_116_006
used = ab - 2_818_572_288 - 1_207_959_552 - 2_684_354_560
want = {p.replace("/", ";"): excl for p, _c, _d, excl, _i in h.allocator_tree(1, used)[1:] if excl > 0}
got = {}
for line in open(sys.argv[1]):
    frames, _, value = line.rstrip("\n").rpartition(" ")
    got[frames] = int(value)
assert got == want, set(got.items()) ^ set(want.items())
assert "Pool;ColumnStore;Main" in got
PY

# ---- report --html: flame graphs as inline SVG ----
"$HDX" report "$J" --html "$T/j.html" >/dev/null
"$HDX" report "$O1" --html "$T/h.html" >/dev/null
"$HDX" dominators "$J" --json --top 1000000 > "$T/jd.json"
check "report --html: SVG flame graphs are well-formed XML, widths follow the sizes, no URL, no script" \
    python3 - "$T" "$GEN" <<'PY'
import json, re, sys, xml.etree.ElementTree as ET
t = sys.argv[1]
sys.path.insert(0, sys.argv[2])
import hana_samples as h
def svgs(name):
    html = open(f"{t}/{name}").read()
    assert "<script" not in html and "http://" not in html and "https://" not in html
    return [ET.fromstring(m.group(0)) for m in re.finditer(r"<svg.*?</svg>", html, re.S)]
def boxes(svg):
    out = []
    for g in svg.findall("g"):
        r = g.find("rect")
        out.append(dict(value=int(g.get("data-value")), depth=int(g.get("data-depth")), x=float(r.get("x")),
                        w=float(r.get("width")), title=g.find("title").text))
    return out
def consistent(svg):
    b = boxes(svg)
    total, width = int(svg.get("data-total")), float(svg.get("width"))
    assert b[0]["depth"] == 0 and b[0]["value"] == total and abs(b[0]["w"] - width) < 0.01
    for x in b:
        assert abs(x["w"] - x["value"] / total * width) <= 0.006, x
    # children sit inside their parent and their widths add up to no more than the parent's
    for i, p in enumerate(b):
        kids = []
        for x in b[i + 1:]:
            if x["depth"] <= p["depth"]: break
            if x["depth"] == p["depth"] + 1: kids.append(x)
        assert sum(k["value"] for k in kids) <= p["value"], p
        for k in kids:
            assert p["x"] - 0.01 <= k["x"] and k["x"] + k["w"] <= p["x"] + p["w"] + 0.02, (p, k)
    return b
(dom,) = svgs("j.html")
b = consistent(dom)
assert dom.get("aria-label") == "Dominator tree by class"
assert max(x["depth"] for x in b) <= 12
# First level = the roots' dominator children summed by class (from `hdx dominators --json`), slivers < 0.1 % left out.
rows = json.load(open(f"{t}/jd.json"))["rows"]
byclass = {}
for r in rows: byclass[r["class"]] = byclass.get(r["class"], 0) + r["retained"]
total = b[0]["value"]
first = {re.sub(r" ×\d+$", "", x["title"].split(" — ")[0]): x["value"] for x in b if x["depth"] == 1}
want = {c: v for c, v in byclass.items() if v >= total // 1000}
assert first == want, set(first.items()) ^ set(want.items())
alloc, stacks = svgs("h.html")
b = consistent(alloc)
ab = h.PAL_INDEX - h.INDEX_SHARED - 1_181_116_006
used = ab - 2_818_572_288 - 1_207_959_552 - 2_684_354_560
incl = {p: i for p, _c, _d, _e, i in h.allocator_tree(1, used)[1:]}
assert b[0]["value"] == sum(v for p, v in incl.items() if "/" not in p)
top = {x["title"].split(" — ")[0]: x["value"] for x in b if x["depth"] == 1}
assert top == {p: v for p, v in incl.items() if "/" not in p and v >= b[0]["value"] // 1000}, top
b = consistent(stacks)
import random
rng = random.Random(1001); h.Addr(rng)
assert b[0]["value"] == len([x for x in h.make_threads(rng, "oom1", 90) if x.frames])
PY

if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then
    for d in "$J" "$O1"; do
        check "headless Chromium renders the report of $(basename "$d") with its flame graphs, no console errors" \
            bash -c "HDX='$HDX' '$ROOT/Tests/browser/report-screenshot.sh' '$d' '$T/$(basename "$d").png' >/dev/null"
    done
else
    echo "skip headless Chromium report check: chromium is not installed"
fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
