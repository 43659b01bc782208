#!/usr/bin/env bash
# The source-shape scripts do what they say: scripts/long-functions.sh measures functions by their braces (not the
# braces inside strings and comments, not bodiless protocol requirements), marks the ones that say why they are
# long and fails only on the others; scripts/target-graph.sh finds every target's imports declared, and flags an
# undeclared import in a copy of the package.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "source-shape.sh: $*"; exit 1; }

mkdir -p "$tmp/Sources/M"
python3 - "$tmp/Sources/M/Shapes.swift" <<'PY'
import sys
body = lambda n: "".join(f"        x += {i}\n" for i in range(n))
src = "protocol P {\n    func required() -> Int\n    init(value: Int)\n}\n\nstruct S {\n"
# 3 + 110 + 1 = 114 lines; braces inside a string, a multi-line string and comments must not end it early.
src += "    func long() -> Int {\n        var x = 0\n        let s = \"}}} {\" // }\n" + body(110) + "    }\n\n"
src += "    /* } */ func short() -> String {\n        \"\"\"\n        }\n        }\n        \"\"\"\n    }\n\n"
src += "    /// Over 100 lines on purpose: a test of the marker.\n    init(x: Int) {\n        var x = x\n" + body(100) + "    }\n}\n"
open(sys.argv[1], "w").write(src)
PY
out=$(cd "$tmp" && "$root/scripts/long-functions.sh" 100); rc=$?
[ "$rc" -eq 1 ] || fail "long-functions.sh: exit $rc with an unexplained long function, expected 1"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] || fail "long-functions.sh: expected two functions, got: $out"
printf '%s\n' "$out" | grep -qE '^  114  Sources/M/Shapes.swift:7  S.long$' || fail "long-functions.sh: S.long not measured as 114 lines: $out"
printf '%s\n' "$out" | grep -qE '^  103  Sources/M/Shapes.swift:[0-9]+  S.init  \(reason given\)$' \
    || fail "long-functions.sh: S.init not marked as explained: $out"
out=$(cd "$tmp" && "$root/scripts/long-functions.sh" 113); rc=$?
[ "$rc" -eq 1 ] && [ "$out" = "  114  Sources/M/Shapes.swift:7  S.long" ] || fail "long-functions.sh 113: exit $rc, $out"
out=$(cd "$tmp" && "$root/scripts/long-functions.sh" 114); rc=$?
[ "$rc" -eq 0 ] && [ -z "$out" ] || fail "long-functions.sh 114: exit $rc, $out"

graph=$("$root/scripts/target-graph.sh" "$root") || fail "target-graph.sh failed"
printf '%s\n' "$graph" | grep -E 'undeclared|declared, not imported' && fail "target-graph.sh: imports and Package.swift differ"
printf '%s\n' "$graph" | grep -q '^hdx -> ' || fail "target-graph.sh: no line for the hdx target"
mkdir -p "$tmp/pkg"
cp -r "$root/Package.swift" "$root/Sources" "$root/Tests" "$tmp/pkg/"
printf 'import HeapGraph\n' > "$tmp/pkg/Sources/DumpInput/Planted.swift"
planted=$("$root/scripts/target-graph.sh" "$tmp/pkg") || fail "target-graph.sh failed on the copy"
printf '%s\n' "$planted" | grep -q '^DumpInput -> .*undeclared: HeapGraph$' \
    || fail "target-graph.sh: an undeclared import went unnoticed"
echo "source-shape.sh: ok"
