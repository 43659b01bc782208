#!/usr/bin/env bash
# Warnings about single lines of a HANA trace are capped (first 100, then one "… and N more" line): a trace with
# 250 malformed thread headers gives a `summary --json` that parses, with 101 warnings, the kept ones naming line and
# byte offset (checked against offsets computed here), and `hana stacks --folded` still prints the good threads.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HDX_NO_INDEX=1 LANG=C.UTF-8
python3 - "$tmp/bad.rtedump.trc" <<'PY'
import sys
out = bytearray(b"[BUILD] Build information\n[STACK_SHORT] Short call stacks\n\n"
                b"[BUILD]  Build information: (2025-01-02 03:04:05 001 Local)\nVersion         : 2.00.059.00\n[OK]\n--\n"
                b"[STACK_SHORT]  Short call stacks and pending exceptions of all threads: (2025-01-02 03:04:05 002 Local)\n")
expected = []
for k in range(250):
    expected.append((out.count(b"\n") + 1, len(out)))
    out += b"%d[thr=x%d]: Bad at\n 1: 0x0000000000000001 in f()\n--\n" % (k, k)
    out += b"%d[thr=%d]: Good at\n 1: 0x0000000000000001 in leaf(int)+0x1\n 2: 0x0000000000000002 in Main::run()\n--\n" % (k, 9000 + k)
out += b"[OK]\n--\n"
open(sys.argv[1], "wb").write(out)
open(sys.argv[1] + ".expected", "w").write("\n".join("%d %d" % e for e in expected[:100]))
PY
"$hdx" summary "$tmp/bad.rtedump.trc" --json > "$tmp/summary.json" 2> "$tmp/err" \
  || { echo "hana-warning-cap.sh: summary exit $?: $(cat "$tmp/err")"; exit 1; }
python3 - "$tmp/summary.json" "$tmp/bad.rtedump.trc.expected" <<'PY' || exit 1
import json, sys
w = json.load(open(sys.argv[1]))["warnings"]
want = [tuple(map(int, l.split())) for l in open(sys.argv[2])]
bad = [x for x in w if "cannot read the thread id" in x]
assert len(w) == 101 and len(bad) == 100, (len(w), len(bad))
for x, (line, byte) in zip(bad, want):
    assert x.startswith(f"line {line} (byte {byte}): cannot read the thread id"), (x, line, byte)
assert w[-1] == "… and 150 more warnings about single lines (only the first 100 are listed)", w[-1]
PY
"$hdx" hana stacks --folded "$tmp/bad.rtedump.trc" > "$tmp/folded" 2> "$tmp/err" \
  || { echo "hana-warning-cap.sh: stacks exit $?: $(cat "$tmp/err")"; exit 1; }
[ "$(cat "$tmp/folded")" = "Main::run;leaf 250" ] || { echo "hana-warning-cap.sh: folded: $(head -3 "$tmp/folded")"; exit 1; }
echo "hana-warning-cap.sh: 250 malformed headers: 100 warnings with line and byte, one line for the rest, valid JSON"
