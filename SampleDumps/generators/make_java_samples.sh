#!/usr/bin/env bash
# Writes the committed Java samples with the JDK on this machine (javac + java 17).
#   leakdemo.hprof                  a small dump with planted leaks (JAVA PROFILE 1.0.2, 8-byte ids)
#   leakdemo-before.hprof.gz        the same program, then its cache grown by half: a before/after pair
#   leakdemo-after.hprof.gz         of one process for `hdx diff` (gzip, as `jcmd GC.heap_dump -gz=1` writes)
# Usage: SampleDumps/generators/make_java_samples.sh [OUT_DIR] [SCALE_KB]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../java}
scale=${2:-1024}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
javac -d "$work" "$here/java/LeakDemo.java"
mkdir -p "$out"
rm -f "$out/leakdemo.hprof" "$work"/*.hprof
java -Xmx128m -XX:+UseSerialGC -cp "$work" LeakDemo "$scale" "$out/leakdemo.hprof"
java -Xmx128m -XX:+UseSerialGC -cp "$work" LeakDemo "$scale" "$work/before.hprof" "$work/after.hprof"
gzip -9 -c "$work/before.hprof" > "$out/leakdemo-before.hprof.gz"
gzip -9 -c "$work/after.hprof" > "$out/leakdemo-after.hprof.gz"
chmod 0644 "$out"/leakdemo*
ls -l "$out"
