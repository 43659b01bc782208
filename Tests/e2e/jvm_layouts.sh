#!/usr/bin/env bash
# Shallow sizes are the JVM's own: for each JVM and object layout installed here (JDK 17 and Temurin 25; compressed
# oops on/off, compressed class pointers off, compact object headers, 16- and 32-byte alignment, ZGC, Shenandoah),
# the generator runs a small program, takes `jcmd GC.class_histogram` and then `jcmd GC.heap_dump` of the same live set; `hdx histogram --all`
# must then give every class the JVM's instance count, and the JVM's bytes for at least 99 % of the classes (the JVM's
# histogram right after the dump is accepted too: JDK 17's Parallel GC may leave one more or one less int[] filler).
# Classes whose size no CLASS_DUMP tells must be exact: the single ForkJoinPool (@Contended padding), Thread and
# ResolvedMethodName (fields the VM injects).
# The layout facts in `hdx summary` must be what the flags ask for (header, reference size, alignment).
# A JVM that is not installed is skipped with a notice (SampleDumps/generators/jvm_layouts.sh prints it).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
fail() { echo "jvm_layouts.sh: $*"; exit 1; }
command -v python3 > /dev/null || fail "python3 is needed"
if [ -n "${JVM_LAYOUTS_DIR:-}" ]; then
  tmp=$JVM_LAYOUTS_DIR        # dumps the generator already wrote there (to re-check without re-running JVMs)
else
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  "$root/SampleDumps/generators/jvm_layouts.sh" "$tmp" || fail "the generator failed"
fi
[ -s "$tmp/layouts.txt" ] || { echo "jvm_layouts.sh: notice: no JVM here, nothing checked"; exit 0; }
# One check per dump, two at a time (two cores); each writes its lines to NAME.out, printed in order.
check() {
  local name=$1 version=$2 flags=$3 line facts ok=0
  if ! "$hdx" histogram "$tmp/$name.hprof" --json --all > "$tmp/$name.json" \
      || ! "$hdx" summary "$tmp/$name.hprof" --json > "$tmp/$name.summary.json"; then
    echo "  $name: hdx failed" > "$tmp/$name.out"; return 1
  fi
  line=$(python3 "$root/Tests/e2e/lib/jvm_histo_compare.py" "$tmp/$name.histo" "$tmp/$name.json" --also="$tmp/$name.after.histo" \
    --exact=java.util.concurrent.ForkJoinPool,java.lang.Thread,java.lang.invoke.ResolvedMethodName 2>&1) || ok=1
  # The layout facts must be what the flags ask for.
  facts=$(python3 - "$tmp/$name.summary.json" "$flags" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))["facts"]
flags = sys.argv[2]
want = {"headerBytes": "8" if "+UseCompactObjectHeaders" in flags else "16" if "-UseCompressedClassPointers" in flags else "12",
        "referenceBytes": "8" if "-UseCompressedOops" in flags or "+UseZGC" in flags else "4",
        "objectAlignment": flags.split("ObjectAlignmentInBytes=")[1].split()[0] if "ObjectAlignmentInBytes=" in flags else "8"}
bad = [f"{k} {f.get(k)} (expected {v})" for k, v in want.items() if f.get(k) != v]
print("header", f.get("headerBytes"), "refs", f.get("referenceBytes"), "align", f.get("objectAlignment"), "|",
      f.get("arrayBaseOffsets"), ("; WRONG LAYOUT: " + ", ".join(bad)) if bad else "")
sys.exit(1 if bad else 0)
PY
) || ok=1
  { echo "  $name ($version ${flags:-default}): $(echo "$line" | head -1); $facts"; echo "$line" | tail -n +2 | head -20; } > "$tmp/$name.out"
  return $ok
}
failed=0
names=()
while IFS=$'\t' read -r name version flags; do
  names+=("$name")
  check "$name" "$version" "$flags" &
  if [ "$(jobs -rp | wc -l)" -ge 2 ]; then wait -n || failed=1; fi
done < "$tmp/layouts.txt"
while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || failed=1; done
for name in "${names[@]}"; do cat "$tmp/$name.out"; done
[ "$failed" -eq 0 ] || fail "sizes differ from the JVM's class histogram"
echo "jvm_layouts.sh: ok"
