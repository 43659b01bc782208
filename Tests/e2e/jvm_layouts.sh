#!/usr/bin/env bash
# Shallow sizes are the JVM's own: for each JVM and object layout installed here (JDK 17 and Temurin 25; compressed
# oops on/off, compressed class pointers off, compact object headers, 16-byte alignment), the generator runs a small
# program, takes `jcmd GC.class_histogram` and then `jcmd GC.heap_dump` of the same live set; `hdx histogram --all`
# must then give every class the JVM's instance count, and the JVM's bytes for at least 99 % of the classes (the JVM's
# histogram right after the dump is accepted too: JDK 17's Parallel GC may leave one more or one less int[] filler).
# A JVM that is not installed is skipped with a notice (SampleDumps/generators/jvm_layouts.sh prints it).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "jvm_layouts.sh: $*"; exit 1; }
command -v python3 > /dev/null || fail "python3 is needed"
"$root/SampleDumps/generators/jvm_layouts.sh" "$tmp" || fail "the generator failed"
[ -s "$tmp/layouts.txt" ] || { echo "jvm_layouts.sh: notice: no JVM here, nothing checked"; exit 0; }
failed=0
while IFS=$'\t' read -r name version flags; do
  "$hdx" histogram "$tmp/$name.hprof" --json --all > "$tmp/$name.json" || { echo "  $name: hdx exit $?"; failed=1; continue; }
  "$hdx" summary "$tmp/$name.hprof" --json > "$tmp/$name.summary.json" || { echo "  $name: hdx summary exit $?"; failed=1; continue; }
  line=$(python3 "$root/Tests/e2e/lib/jvm_histo_compare.py" "$tmp/$name.histo" "$tmp/$name.json" --also="$tmp/$name.after.histo" 2>&1) || failed=1
  facts=$(python3 -c "import json,sys; f=json.load(open(sys.argv[1]))['facts']; print('header', f.get('headerBytes'), 'refs', f.get('referenceBytes'), 'align', f.get('objectAlignment'), '|', f.get('arrayBaseOffsets'))" "$tmp/$name.summary.json")
  echo "  $name ($version ${flags:-default}): $(echo "$line" | head -1); $facts"
  echo "$line" | tail -n +2 | head -20
done < "$tmp/layouts.txt"
[ "$failed" -eq 0 ] || fail "sizes differ from the JVM's class histogram"
echo "jvm_layouts.sh: ok"
