#!/usr/bin/env bash
# Heap dumps of one small program (java/LayoutDemo.java) under every JVM and object layout available here, each
# with the JVM's own class histogram taken right before the dump of the same, quiescent live set:
#   OUT_DIR/NAME.hprof   `jcmd PID GC.heap_dump`
#   OUT_DIR/NAME.histo   `jcmd PID GC.class_histogram` (taken first; both run a full GC)
#   OUT_DIR/NAME.after.histo   the same, taken right after the dump (the two differ only in the few int[] fillers
#                        JDK 17's Parallel GC leaves in the heap at one moment and not the other)
#   OUT_DIR/layouts.txt  one line per dump written: NAME<TAB>java version<TAB>flags
# A JVM that is not installed, or that refuses a flag set, is skipped with a notice on stderr.
# CDS is off (-Xshare:off): with it, the histogram also counts archived objects that the dumper leaves out on purpose
# (mirrors and objects of archived classes not yet loaded), so the two could not agree.
# Usage: SampleDumps/generators/jvm_layouts.sh OUT_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: jvm_layouts.sh OUT_DIR}
mkdir -p "$out"

jdk17=""
for j in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-17-jdk-amd64; do [ -x "$j/bin/java" ] && { jdk17=$j; break; }; done
jdk25=/usr/lib/jvm/temurin-25-jdk-amd64
[ -x "$jdk25/bin/java" ] || jdk25=""

# NAME JDK_HOME FLAGS... (with $source set: LayoutDemo also keeps a javac task that compiled that file)
source=""
run() {
  local name=$1 home=$2; shift 2
  local work
  work=$(mktemp -d)
  "$home/bin/javac" -d "$work" "$here/java/LayoutDemo.java" 2>/dev/null || { echo "notice: $name: javac failed, skipped" >&2; rm -rf "$work"; return 0; }
  mkfifo "$work/in"
  "$home/bin/java" -Xshare:off -Xmx64m -XX:+StartAttachListener "$@" -cp "$work" LayoutDemo $source < "$work/in" > "$work/out" 2> "$work/err" &
  local jpid=$!
  exec {w}> "$work/in"
  local pid="" k
  for k in $(seq 1 100); do
    pid=$(awk '/^ready/ {print $2}' "$work/out")
    [ -n "$pid" ] && break
    kill -0 "$jpid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$pid" ]; then
    echo "notice: $name: $("$home/bin/java" -version 2>&1 | head -1) refused $* ($(head -1 "$work/err")), skipped" >&2
    exec {w}>&-; wait "$jpid" 2>/dev/null || true; rm -rf "$work"; return 0
  fi
  "$home/bin/jcmd" "$pid" GC.class_histogram > "$out/$name.histo"
  rm -f "$out/$name.hprof"
  "$home/bin/jcmd" "$pid" GC.heap_dump "$out/$name.hprof" > /dev/null
  "$home/bin/jcmd" "$pid" GC.class_histogram > "$out/$name.after.histo"
  exec {w}>&-
  wait "$jpid" || true
  printf '%s\t%s\t%s\n' "$name" "$("$home/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2)" "$*${source:+ + javac}" >> "$out/layouts.$series.txt"
  rm -rf "$work"
}

# The two JVMs' series run side by side (two cores); each appends to its own list, joined in order at the end.
series=17
: > "$out/layouts.17.txt"
: > "$out/layouts.25.txt"
if [ -n "$jdk17" ]; then
  run jdk17-default "$jdk17"
  source=$here/java/LeakDemo.java run jdk17-nocoops-javac "$jdk17" -XX:-UseCompressedOops
  run jdk17-noccp "$jdk17" -XX:-UseCompressedClassPointers
  run jdk17-nocoops-noccp "$jdk17" -XX:-UseCompressedOops -XX:-UseCompressedClassPointers
  run jdk17-align16 "$jdk17" -XX:ObjectAlignmentInBytes=16
  run jdk17-parallel-nocoops "$jdk17" -XX:+UseParallelGC -XX:-UseCompressedOops
  run jdk17-zgc "$jdk17" -XX:+UseZGC
else
  echo "notice: no JDK 17 under /usr/lib/jvm, skipped" >&2
fi &
series=25
if [ -n "$jdk25" ]; then
  run jdk25-default "$jdk25"
  run jdk25-nocoops "$jdk25" -XX:-UseCompressedOops
  source=$here/java/LeakDemo.java run jdk25-compact-javac "$jdk25" -XX:+UseCompactObjectHeaders
  run jdk25-compact-nocoops "$jdk25" -XX:+UseCompactObjectHeaders -XX:-UseCompressedOops
  run jdk25-noccp "$jdk25" -XX:-UseCompressedClassPointers
  run jdk25-align16 "$jdk25" -XX:ObjectAlignmentInBytes=16
  run jdk25-compact-align16-serial "$jdk25" -XX:+UseCompactObjectHeaders -XX:ObjectAlignmentInBytes=16 -XX:+UseSerialGC
  run jdk25-align32-shenandoah "$jdk25" -XX:ObjectAlignmentInBytes=32 -XX:+UseShenandoahGC
else
  echo "notice: Temurin 25 not installed at /usr/lib/jvm/temurin-25-jdk-amd64, its layouts skipped" >&2
fi
wait
cat "$out/layouts.17.txt" "$out/layouts.25.txt" > "$out/layouts.txt"
rm -f "$out/layouts.17.txt" "$out/layouts.25.txt"
