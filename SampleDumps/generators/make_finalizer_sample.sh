#!/usr/bin/env bash
# Writes the finalizer sample with the JDK on this machine (javac + java 17, default collector G1, plain jcmd):
#   finalizer.hprof.gz          `jcmd PID GC.heap_dump` of FinalizerDemo (objects pending finalization), gzipped
#   finalizer.histogram.txt     `jcmd PID GC.class_histogram` taken just before, the JVM's own count of live objects
# Usage: SampleDumps/generators/make_finalizer_sample.sh [OUT_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../java}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
javac -nowarn -d "$work" "$here/java/FinalizerDemo.java" 2>/dev/null
java -Xmx64m -cp "$work" FinalizerDemo > "$work/out.txt" &
pid=$!
for _ in $(seq 100); do grep -q '^ready' "$work/out.txt" && break; sleep 0.1; done
grep -q '^ready' "$work/out.txt" || { echo "FinalizerDemo did not get ready" >&2; exit 1; }
mkdir -p "$out"
jcmd "$pid" GC.class_histogram > "$out/finalizer.histogram.txt"
jcmd "$pid" GC.heap_dump "$work/finalizer.hprof" > /dev/null
gzip -9 -c "$work/finalizer.hprof" > "$out/finalizer.hprof.gz"
chmod 0644 "$out"/finalizer.*
ls -l "$out"/finalizer.*
