#!/usr/bin/env bash
# Failing resources and the files hdx writes (issue 11): a full disk, a closed stdout, a memory limit, a dump that
# shrinks while mapped, FIFOs and directories, symlinks and the dump itself as outputs, the gzip temporary file, gzip
# bombs and a full temporary directory. Every case must end as exit 0, or exit 1 with one line on stderr, in bounded
# time, with nothing lost or modified. Cases that need root (a small tmpfs) are skipped with a notice without it.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
sample=$root/SampleDumps/java/leakdemo.hprof
gzsample=$root/SampleDumps/java/leakdemo-after.hprof.gz
hana=$(ls "$root"/SampleDumps/hana/*20250311*.oom.trc)
tmp=$(mktemp -d)
mounts=()
cleanup() {
  for m in ${mounts[@]+"${mounts[@]}"}; do umount "$m" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "resources.sh: $*"; exit 1; }
note() { echo "resources.sh: $*"; }

# one_line CODE WANT ERRFILE PATTERN WHAT: exit status WANT and exactly one line on stderr matching PATTERN.
one_line() {
  local code=$1 want=$2 err=$3 pat=$4 what=$5
  [ "$code" -eq "$want" ] || fail "$what: exit $code, expected $want: $(head -c 400 "$err")"
  [ "$(wc -l < "$err")" -eq 1 ] || fail "$what: expected one line on stderr, got: $(head -c 800 "$err")"
  grep -q -- "$pat" "$err" || fail "$what: stderr lacks '$pat': $(cat "$err")"
}
# small_tmpfs DIR SIZE: mounts a tmpfs (needs root); false when that is not possible here.
small_tmpfs() {
  mkdir -p "$1"
  mount -t tmpfs -o "size=$2" tmpfs "$1" 2>/dev/null || return 1
  mounts+=("$1")
}
sum() { sha256sum "$1" | cut -d' ' -f1; }

# --- Standard output that cannot be written -------------------------------------------------------------------------
for args in "summary --json" "summary" "histogram --top 5" "report --json"; do
  # shellcheck disable=SC2086
  timeout 60 "$hdx" $args "$sample" > /dev/full 2> "$tmp/err"
  one_line $? 1 "$tmp/err" "hdx: cannot write to standard output: No space left on device" "$args > /dev/full"
done
timeout 60 "$hdx" summary "$sample" --json >&- 2> "$tmp/err"
one_line $? 1 "$tmp/err" "hdx: cannot write to standard output: Bad file descriptor" "summary --json >&-"
# A reader that stops early: exit 0 (everything fitted in the pipe) or exit 1 with one line naming the broken pipe.
timeout 60 "$hdx" histogram "$sample" --json --top 100000 2> "$tmp/err" | head -c1 > /dev/null
code=${PIPESTATUS[0]}
if [ "$code" -ne 0 ]; then one_line "$code" 1 "$tmp/err" "standard output: Broken pipe" "histogram | head -c1"; fi
# With stdout closed, the HTML file must not receive what stdout would have (descriptor 1 is never reused).
timeout 60 "$hdx" report "$sample" --html "$tmp/closed.html" >&- 2> "$tmp/err"
one_line $? 1 "$tmp/err" "Bad file descriptor" "report --html >&-"
head -c 15 "$tmp/closed.html" | grep -qi "<!doctype html" || fail "report --html >&-: the HTML file starts with $(head -c 40 "$tmp/closed.html")"

# --- A full disk for --html, and text output into a full file system ------------------------------------------------
if small_tmpfs "$tmp/full" 512k; then
  dd if=/dev/zero of="$tmp/full/filler" bs=4k 2>/dev/null
  "$hdx" report "$sample" --html "$tmp/full/r.html" > /dev/null 2> "$tmp/err"
  one_line $? 1 "$tmp/err" "r.html: cannot write: No space left on device" "--html on a full disk"
  [ "$(ls -A "$tmp/full")" = filler ] || fail "--html on a full disk left: $(ls -A "$tmp/full")"
  "$hdx" summary "$sample" > "$tmp/full/out.txt" 2> "$tmp/err"
  one_line $? 1 "$tmp/err" "No space left on device" "text output on a full disk"
else
  note "skipped the full-disk --html case (cannot mount a tmpfs here; PrivateFileTests cover the cleanup)"
fi

# --- Not a regular file: refused before open(2), never blocks ---------------------------------------------------------
mkfifo "$tmp/fifo"
timeout 10 "$hdx" summary "$tmp/fifo" 2> "$tmp/err"
one_line $? 1 "$tmp/err" "fifo: expected a regular file, found a FIFO" "summary FIFO"
timeout 10 "$hdx" summary "$tmp" 2> "$tmp/err"
one_line $? 1 "$tmp/err" "expected a regular file, found a directory" "summary DIR"
timeout 10 "$hdx" summary /dev/zero 2> "$tmp/err"
one_line $? 1 "$tmp/err" "expected a regular file, found a character device" "summary /dev/zero"
timeout 10 "$hdx" hana stacks "$tmp/fifo" 2> "$tmp/err"
one_line $? 1 "$tmp/err" "found a FIFO" "hana stacks FIFO"

# --- A dump truncated while mapped: one line, exit 1 (not SIGBUS) ---------------------------------------------------
# HDX_TEST_PAUSE_AFTER_MAP=FIFO: hdx maps the dump, then waits for a byte on FIFO. Opening the FIFO for writing
# returns only once hdx holds the mapping, so the truncation happens at a known moment.
for f in "$sample" "$root/SampleDumps/v8/leak-1.heapsnapshot" "$hana"; do
  cp "$f" "$tmp/changing"
  mkfifo "$tmp/pause"
  HDX_TEST_PAUSE_AFTER_MAP="$tmp/pause" timeout 60 "$hdx" summary "$tmp/changing" > /dev/null 2> "$tmp/err" &
  pid=$!
  exec 3> "$tmp/pause"
  truncate -s 0 "$tmp/changing"
  echo go >&3
  exec 3>&-
  wait $pid
  one_line $? 1 "$tmp/err" "changing: the file changed while it was read" "truncated while mapped ($(basename "$f"))"
  rm -f "$tmp/pause"
done

# --- Outputs: never through a symlink, never over the dump ----------------------------------------------------------
printf 'precious\n' > "$tmp/victim"; chmod 644 "$tmp/victim"
ln -s "$tmp/victim" "$tmp/link.html"
"$hdx" report "$sample" --html "$tmp/link.html" > /dev/null 2> "$tmp/err"
one_line $? 1 "$tmp/err" "link.html: is a symbolic link" "--html onto a symlink"
[ "$(cat "$tmp/victim")" = precious ] && [ "$(stat -c %a "$tmp/victim")" = 644 ] || fail "--html changed the symlink's target"
cp "$sample" "$tmp/dump.hprof"; before=$(sum "$tmp/dump.hprof")
ln -s "$tmp/dump.hprof" "$tmp/dump-link.hprof"; ln "$tmp/dump.hprof" "$tmp/dump-hard.hprof"
for out in "$tmp/dump.hprof" "$tmp/dump-hard.hprof"; do
  for in in "$tmp/dump.hprof" "$tmp/dump-link.hprof"; do
    "$hdx" report "$in" --html "$out" > /dev/null 2> "$tmp/err"
    one_line $? 1 "$tmp/err" "is the dump being read" "--html $(basename "$out") reading $(basename "$in")"
  done
done
"$hdx" report "$tmp/dump.hprof" --baseline "$tmp/dump-link.hprof" --html "$tmp/dump-hard.hprof" > /dev/null 2> "$tmp/err"
one_line $? 1 "$tmp/err" "is the dump being read" "--html onto the baseline"
[ "$(sum "$tmp/dump.hprof")" = "$before" ] || fail "--html modified the dump"
[ "$(stat -c %a "$tmp/dump.hprof")" = 644 ] || fail "--html chmodded the dump"
# An existing regular file is replaced (by rename: a hard link to it keeps the old bytes), mode 0600.
printf 'old\n' > "$tmp/r.html"; ln "$tmp/r.html" "$tmp/r-old.html"
"$hdx" report "$sample" --html "$tmp/r.html" > /dev/null || fail "report --html over an existing file"
[ "$(cat "$tmp/r-old.html")" = old ] && [ "$(stat -c %a "$tmp/r.html")" = 600 ] || fail "--html replaced in place"
# hana views --out: a symlink planted under a view's file name is refused and its target left alone.
mkdir "$tmp/views"
ln -s "$tmp/victim" "$tmp/views/M_SERVICE_MEMORY.csv"
"$hdx" hana views "$hana" --out "$tmp/views" > /dev/null 2> "$tmp/err"
one_line $? 1 "$tmp/err" "M_SERVICE_MEMORY.csv: is a symbolic link" "hana views --out with a planted symlink"
[ "$(cat "$tmp/victim")" = precious ] && [ "$(stat -c %a "$tmp/victim")" = 644 ] || fail "hana views changed the target"
[ -z "$(ls -A "$tmp/views" | grep hdx-)" ] || fail "hana views left a temporary file: $(ls -A "$tmp/views")"
rm "$tmp/views/M_SERVICE_MEMORY.csv"
"$hdx" hana views "$hana" --out "$tmp/views" > /dev/null || fail "hana views --out"
[ "$(stat -c %a "$tmp/views/M_SERVICE_MEMORY.csv")" = 600 ] || fail "view files are not mode 0600"

# --- Gzip: the temporary file is never visible, bombs stop at once, bounded by the free space -----------------------
mkdir "$tmp/t"
# 150 MiB of inflated output (an HPROF header, then zero bytes) as 1 MiB members: inflation takes a while.
python3 - "$tmp/slow.gz" <<'PY'
import gzip, sys
head = gzip.compress(b"JAVA PROFILE 1.0.2\0" + bytes(8 + 12 + (1 << 20) - 39), 1)
member = gzip.compress(bytes(1 << 20), 1)
open(sys.argv[1], "wb").write(head + member * 149)
PY
TMPDIR="$tmp/t" "$hdx" summary "$tmp/slow.gz" > /dev/null 2> "$tmp/err" &
pid=$!
seen=""
while kill -0 $pid 2>/dev/null; do seen+=$(ls -A "$tmp/t"); done
wait $pid
[ -z "$seen" ] || fail "the inflated temporary file was visible in TMPDIR: $seen"
[ -z "$(ls -A "$tmp/t")" ] || fail "inflation left $(ls -A "$tmp/t")"
[ "$(wc -l < "$tmp/err")" -le 1 ] || fail "slow.gz: more than one line on stderr: $(head -c 600 "$tmp/err")"
TMPDIR="$tmp/t" "$hdx" summary "$tmp/slow.gz" > /dev/null 2>&1 &
pid=$!
sleep 0.3
kill -9 $pid; wait $pid 2>/dev/null
[ -z "$(ls -A "$tmp/t")" ] || fail "SIGKILL during inflation left $(ls -A "$tmp/t")"
# 2 GiB of newlines (2,048 members of 1 MiB): not a dump, so hdx stops after the first bytes.
python3 - "$tmp/bomb.gz" <<'PY'
import gzip, sys
open(sys.argv[1], "wb").write(gzip.compress(b"\n" * (1 << 20), 9) * 2048)
PY
start=$(date +%s%N)
TMPDIR="$tmp/t" timeout 60 "$hdx" summary "$tmp/bomb.gz" 2> "$tmp/err"
one_line $? 1 "$tmp/err" "bomb.gz: at byte 0: inflated from gzip, not a heap dump" "gzip of 2 GiB of newlines"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -lt 3000 ] || fail "gzip bomb took $ms ms"
[ -z "$(ls -A "$tmp/t")" ] || fail "the bomb left $(ls -A "$tmp/t")"
# hdx hana opens gzip through the same path.
TMPDIR="$tmp/t" timeout 60 "$hdx" hana stacks "$tmp/bomb.gz" 2> "$tmp/err"
one_line $? 1 "$tmp/err" "not a heap dump" "hana stacks on a gzip bomb"
# A temporary directory too small: refused from the gzip trailer, or stopped when the output outgrows it.
if small_tmpfs "$tmp/small" 1m; then
  TMPDIR="$tmp/small" "$hdx" summary "$gzsample" > /dev/null 2> "$tmp/err"
  one_line $? 1 "$tmp/err" "inflating needs at least .* bytes in $tmp/small (from the gzip trailer)" "gzip into a full TMPDIR"
  cp "$gzsample" "$tmp/lying.gz"
  printf '\001\000\000\000' | dd of="$tmp/lying.gz" bs=1 seek=$(( $(stat -c %s "$tmp/lying.gz") - 4 )) conv=notrunc 2>/dev/null
  TMPDIR="$tmp/small" "$hdx" summary "$tmp/lying.gz" > /dev/null 2> "$tmp/err"
  one_line $? 1 "$tmp/err" "inflating needs more than the .* bytes hdx may use in $tmp/small" "gzip with a lying trailer"
  [ -z "$(ls -A "$tmp/small")" ] || fail "a full TMPDIR kept $(ls -A "$tmp/small")"
else
  note "skipped the small-TMPDIR cases (cannot mount a tmpfs here; GzipInflaterTests cover them)"
fi

# --- Memory: a dump whose index cannot fit under ulimit -v is refused with one line naming the need ------------------
python3 "$root/Tests/e2e/lib/many_objects_hprof.py" 2000000 "$tmp/many.hprof"
(ulimit -v 262144; exec "$hdx" summary "$tmp/many.hprof" --json > /dev/null 2> "$tmp/err")
one_line $? 1 "$tmp/err" "many.hprof: the index of 2000000 objects and ~2000002 references needs about .* MiB of memory, only .* MiB available (ulimit -v)" "ulimit -v 256 MiB"
# A (sparse) 4 GiB dump cannot even be mapped under that limit.
printf 'JAVA PROFILE 1.0.2\0' > "$tmp/huge.hprof"; truncate -s 4G "$tmp/huge.hprof"
(ulimit -v 262144; exec "$hdx" summary "$tmp/huge.hprof" > /dev/null 2> "$tmp/err")
one_line $? 1 "$tmp/err" "huge.hprof: mapping the file needs 4,096 MiB of address space, only .* MiB available (ulimit -v)" "mapping under ulimit -v"

echo "resources.sh: ok"
