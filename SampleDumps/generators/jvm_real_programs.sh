#!/usr/bin/env bash
# Heap dumps of real Java programs (not written for hdx) under a JVM and layout flag set, each with the JVM's own
# class histogram right before and right after the live dump of the same, quiescent live set:
#   jshell   the JDK's jshell (--execution local: the snippets run in the same JVM) after a few snippets,
#   javac    the JDK's javac on SIZE generated classes, held in its last annotation-processing round (HoldJavac).
# Writes OUT_DIR/NAME.hprof, NAME.histo, NAME.after.histo (see jvm_layouts.sh) and appends
# "NAME<TAB>java version<TAB>flags" to OUT_DIR/layouts.txt. A JVM that refuses the flags is skipped with a notice.
# CDS is off (-Xshare:off): with it the histogram counts archived objects the dumper leaves out on purpose.
# Usage: SampleDumps/generators/jvm_real_programs.sh OUT_DIR NAME JDK_HOME jshell|javac[:SIZE] [JVM flags...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage}; name=${2:?usage}; home=${3:?usage}; program=${4:?usage}; shift 4
mkdir -p "$out"
[ -x "$home/bin/java" ] || { echo "notice: $name: no JDK at $home, skipped" >&2; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jflags=(-J-Xshare:off -J-Xmx256m -J-XX:+StartAttachListener)
for f in "$@"; do jflags+=("-J$f"); done
mkfifo "$work/in"
case $program in
  jshell)
    # The snippets: a record, a collection of them, a lambda, a stream, a map; then the JVM's pid.
    "$home/bin/jshell" "${jflags[@]}" --execution local -q < "$work/in" > "$work/out" 2> "$work/err" &
    jpid=$!
    exec {w}> "$work/in"
    cat >&$w <<'JSH'
record Point(int x, int y) { double norm() { return Math.sqrt(x * x + y * y); } }
var points = new java.util.ArrayList<Point>();
for (int i = 0; i < 5000; i++) points.add(new Point(i, i * 2));
java.util.function.Function<Point, String> label = p -> "p" + p.x();
var labels = points.stream().map(label).collect(java.util.stream.Collectors.toList());
var byNorm = new java.util.TreeMap<Double, Point>(); for (Point p : points) byNorm.put(p.norm(), p);
System.out.println("ready " + ProcessHandle.current().pid());
JSH
    ready_file=$work/out ;;
  javac*)
    size=${program#javac}; size=${size#:}; size=${size:-300}
    mkdir -p "$work/src/gen" "$work/classes" "$work/proc"
    "$home/bin/javac" -d "$work/proc" "$here/java/HoldJavac.java"
    for i in $(seq 1 "$size"); do
      cat > "$work/src/gen/C$i.java" <<JAVA
package gen;
import java.util.*;
/** Generated class $i. */
public class C$i implements Comparable<C$i> {
    private final Map<String, List<Integer>> values = new HashMap<>();
    private final C$(( i > 1 ? i - 1 : 1 )) previous = null;
    public int sum(int... xs) { int s = $i; for (int x : xs) s += x * $i; return s; }
    public String name() { return "C$i:" + values.size(); }
    public <T extends Comparable<T>> T max(List<T> xs) { return xs.stream().max(Comparator.naturalOrder()).orElse(null); }
    @Override public int compareTo(C$i o) { return Integer.compare(sum(1, 2), o.sum(3)); }
    enum Kind$i { A, B, C; Kind$i next() { return values()[(ordinal() + 1) % 3]; } }
    record R$i(int a, String b, Kind$i k) { }
}
JAVA
    done
    "$home/bin/javac" "${jflags[@]}" -processorpath "$work/proc" -processor HoldJavac -d "$work/classes" \
      "$work"/src/gen/*.java < "$work/in" > "$work/out" 2> "$work/err" &
    jpid=$!
    exec {w}> "$work/in"
    ready_file=$work/err ;;
  *) echo "unknown program $program" >&2; exit 2 ;;
esac
pid=""
for k in $(seq 1 1200); do
  pid=$(awk '/ready [0-9]+$/ {print $NF; exit}' "$ready_file")
  [ -n "$pid" ] && break
  kill -0 "$jpid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$pid" ]; then
  echo "notice: $name: $("$home/bin/java" -version 2>&1 | head -1) refused $* ($(grep -v '^$' "$work/err" | head -1)), skipped" >&2
  exec {w}>&-; kill "$jpid" 2>/dev/null; wait "$jpid" 2>/dev/null || true; exit 0
fi
sleep 0.5
"$home/bin/jcmd" "$pid" GC.class_histogram > "$out/$name.histo"
rm -f "$out/$name.hprof"
"$home/bin/jcmd" "$pid" GC.heap_dump "$out/$name.hprof" > /dev/null
"$home/bin/jcmd" "$pid" GC.class_histogram > "$out/$name.after.histo"
exec {w}>&-
wait "$jpid" || true
printf '%s\t%s\t%s\n' "$name" "$("$home/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2)" "$program $*" >> "$out/layouts.txt"
