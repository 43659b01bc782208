#!/usr/bin/env bash
# Real Java programs (not written for hdx) against the JVM's own class histogram: jshell after a few snippets under
# JDK 17 with ZGC (uncompressed oops; ZGC leaves dead objects between live ones in pages it does not relocate, which
# once made hdx size a few rare classes by those gaps), and javac on 80 generated classes under Temurin 25 with
# compact object headers. SampleDumps/generators/jvm_real_programs.sh takes `jcmd GC.class_histogram` right before
# and after `jcmd GC.heap_dump` of the live set; `hdx histogram --all` must give EVERY class the JVM's instance count
# and bytes (either histogram). A JVM or flag that is missing is skipped with a notice.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
fail() { echo "jvm_real_programs.sh: $*"; exit 1; }
command -v python3 > /dev/null || fail "python3 is needed"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
gen=$root/SampleDumps/generators/jvm_real_programs.sh
jdk17=""
for j in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-17-jdk-amd64; do [ -x "$j/bin/java" ] && { jdk17=$j; break; }; done
jdk25=/usr/lib/jvm/temurin-25-jdk-amd64
if [ -n "$jdk17" ]; then "$gen" "$tmp" jdk17-jshell-zgc "$jdk17" jshell -XX:+UseZGC; else echo "notice: no JDK 17, skipped"; fi &
if [ -x "$jdk25/bin/java" ]; then "$gen" "$tmp" jdk25-javac-compact "$jdk25" javac:80 -XX:+UseCompactObjectHeaders
else echo "notice: Temurin 25 not installed at $jdk25, skipped"; fi
wait
[ -s "$tmp/layouts.txt" ] || { echo "jvm_real_programs.sh: notice: no JVM ran, nothing checked"; exit 0; }
failed=0
while IFS=$'\t' read -r name version what; do
  "$hdx" histogram "$tmp/$name.hprof" --json --all > "$tmp/$name.json" || { echo "  $name: hdx failed"; failed=1; continue; }
  line=$(python3 "$root/Tests/e2e/lib/jvm_histo_compare.py" "$tmp/$name.histo" "$tmp/$name.json" \
    --also="$tmp/$name.after.histo" --min-bytes-match=1.0 2>&1) || failed=1
  echo "  $name ($version $what): $line"
done < "$tmp/layouts.txt"
[ "$failed" -eq 0 ] || fail "sizes differ from the JVM's class histogram"
echo "jvm_real_programs.sh: ok"
