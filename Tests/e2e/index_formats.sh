#!/usr/bin/env bash
# The persisted index for every indexed kind of dump: V8 snapshots, gzip HPROF and gzip V8 (index.sh covers plain
# HPROF in depth; the byte-for-byte comparison below covers it too). On copies in a temporary folder, each checked
# through HDX_INDEX_DEBUG=1, which makes hdx say on stderr whether it read the index or built it:
# - every sample dump (java, v8, gz): summary (timings and peak memory aside), histogram and dominators --json are
#   byte for byte those of --no-index, before and after the index exists, and the reopen reads the index (a gzip
#   dump is not inflated again: its bytes come from the private DUMP.hdxinflated beside the index);
# - a corrupt index (a byte flipped in the header and in every section) and a truncated one (cut at every section
#   boundary) is never trusted: a truncated one is rebuilt; a flipped byte is found when its 256 KiB chunk is first
#   read (hdx then rebuilds) or never read, and either way the answers are those of --no-index; `hdx index`, which
#   verifies every section, rebuilds it;
# - a stale index (dump touched, resized, replaced) is rebuilt; so is a gzip index whose inflated file changed;
# - a read-only folder: index and inflated file go to $XDG_CACHE_HOME/hdx/;
# - a full disk (a 5 MiB tmpfs; and a file-size limit, RLIMIT_FSIZE) while writing: one warning, no file left, the
#   same answers;
# - two processes at once: exactly one builds, the other waits and reads its index.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
lib=$root/Tests/e2e/lib
tmp=$(mktemp -d); trap 'umount "$tmp/ro" "$tmp/full" 2> /dev/null; rm -rf "$tmp"' EXIT
fail() { echo "index_formats.sh: $*"; exit 1; }
unset HDX_NO_INDEX
export HDX_INDEX_DEBUG=1 XDG_CACHE_HOME=$tmp/cache
strip() { python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
d.pop('timings', None); d.pop('peakResidentMiB', None)
print(json.dumps(d, sort_keys=True))" "$1"; }
# how ERRFILE: 'read' when hdx read the index, 'built' when it wrote one, 'none' otherwise (the first command's; after
# a corrupt chunk was found in use, the restarted command's).
how() { case "$(awk '/checksum mismatch; rebuilding/ { r = ""; next }
                     /^hdx: debug: index (read from|built)/ && r == "" { r = $0 } END { print r }' "$1")" in
          *"index read"*) echo read;; *"index built"*) echo built;; *) echo none;; esac; }
# answers FILE PREFIX [options]: summary (stripped), histogram, dominators --json into PREFIX.{s,h,d}; stderr PREFIX.err
answers() {
  local f=$1 out=$2; shift 2
  "$hdx" summary "$f" --json "$@" > "$out.raw" 2> "$out.err" || return 1
  strip "$out.raw" > "$out.s"
  "$hdx" histogram "$f" --json "$@" > "$out.h" 2>> "$out.err" || return 1
  "$hdx" dominators "$f" --json --top 25 "$@" > "$out.d" 2>> "$out.err" || return 1
}
same() { for k in s h d; do cmp -s "$1.$k" "$2.$k" || fail "$3: $k differs from --no-index"; done; }
# histogram FILE PREFIX: one command (histogram --json) and how it got its index.
histogram() { "$hdx" histogram "$1" --json > "$2.h" 2> "$2.err" || fail "$3: hdx failed: $(head -1 "$2.err")"; }

mkdir -p "$tmp/d"
cp "$root"/SampleDumps/java/*.hprof "$root"/SampleDumps/java/*.hprof.gz "$root"/SampleDumps/v8/*.heapsnapshot "$tmp/d/"
gzip -c "$root/SampleDumps/v8/leak-1.heapsnapshot" > "$tmp/d/leak-1z.heapsnapshot.gz"
gzip -dc "$root/SampleDumps/java/leakdemo-after.hprof.gz" > "$tmp/d/after.hprof"
# 1. Every sample: with and without the index, byte for byte.
for f in "$tmp"/d/*; do
  n=$(basename "$f")
  answers "$f" "$tmp/$n.ref" --no-index || fail "$n: --no-index failed"
  [ -n "$(ls "$tmp/d" | grep "^$n\.hdx")" ] && fail "$n: --no-index wrote an index"
  answers "$f" "$tmp/$n.first" || fail "$n: first open failed"
  [ "$(how "$tmp/$n.first.err")" = built ] || fail "$n: the first open did not build the index"
  same "$tmp/$n.ref" "$tmp/$n.first" "$n first open"
  [ "$(stat -c %a "$f.hdxindex")" = 600 ] || fail "$n: index mode is not 0600"
  answers "$f" "$tmp/$n.idx" || fail "$n: reopen failed"
  grep -q 'index built' "$tmp/$n.idx.err" && fail "$n: the reopen built the index again"
  [ "$(how "$tmp/$n.idx.err")" = read ] || fail "$n: the reopen did not read the index"
  same "$tmp/$n.ref" "$tmp/$n.idx" "$n reopened"
  case $n in
    *.gz) [ "$(stat -c %a "$f.hdxinflated")" = 600 ] || fail "$n: no private inflated file beside the index";;
    *) [ -e "$f.hdxinflated" ] && fail "$n: an inflated file for a plain dump";;
  esac
done
ls -a "$tmp/d" | grep -q '\.hdx-' && fail "temporary files left"

# 2. Corrupt and truncated indexes: the V8 snapshot's with a byte flipped in the header and in every section and cut
# at every section boundary; the HPROF's cut at every boundary (index.sh flips each of its sections); the gzip ones'
# own section (z.inflated) flipped and the file cut before it.
damage() { # NAME flip|truncate|both [SECTION]
  local n=$1 what=$2 only=${3:-} f=$tmp/d/$1
  cp "$f.hdxindex" "$tmp/good"
  python3 "$lib/hdxindex.py" sections "$f.hdxindex" > "$tmp/sections" || fail "$n: cannot read the section table"
  [ "$(wc -l < "$tmp/sections")" -ge 15 ] || fail "$n: too few sections"
  while read -r name off len; do
    [ -z "$only" ] || [ "$name" = "$only" ] || continue
    for cut in flip truncate; do
      [ "$what" = both ] || [ "$what" = $cut ] || continue
      cp "$tmp/good" "$f.hdxindex"
      if [ $cut = flip ]; then
        [ "$len" -gt 0 ] || continue
        python3 "$lib/hdxindex.py" flip "$f.hdxindex" $((off + len / 2))
      else
        [ "$off" -gt 0 ] || continue
        truncate -s "$off" "$f.hdxindex"
      fi
      histogram "$f" "$tmp/c" "$n $cut $name"
      cmp -s "$tmp/c.h" "$tmp/$n.ref.h" || fail "$n: $cut $name: histogram differs"
      if [ $cut = truncate ]; then
        [ "$(how "$tmp/c.err")" = built ] || fail "$n: $cut $name: the truncated index was used"
      elif [ "$(how "$tmp/c.err")" != built ]; then
        "$hdx" index "$f" 2> "$tmp/c.err" || fail "$n: $cut $name: hdx index failed"
        [ "$(how "$tmp/c.err")" = built ] || fail "$n: $cut $name: hdx index kept the damaged index"
      fi
    done
  done < "$tmp/sections"
  cp "$tmp/good" "$f.hdxindex"
}
damage leak-1.heapsnapshot both
damage leakdemo.hprof truncate
damage leak-1z.heapsnapshot.gz both z.inflated
damage finalizer.hprof.gz both z.inflated

# 3. Stale: the dump touched, resized, replaced; the inflated file changed.
for n in leak-1.heapsnapshot finalizer.hprof.gz; do
  f=$tmp/d/$n
  touch -d '2001-01-01' "$f"
  histogram "$f" "$tmp/t" "$n touched"
  [ "$(how "$tmp/t.err")" = built ] || fail "$n touched: the stale index was used"
  cmp -s "$tmp/t.h" "$tmp/$n.ref.h" || fail "$n touched: histogram differs"
  cp "$f" "$tmp/saved"
  truncate -s -1 "$f"
  "$hdx" histogram "$f" --json --no-index > "$tmp/r.ref" 2> /dev/null; a=$?
  "$hdx" histogram "$f" --json > "$tmp/r.h" 2> "$tmp/r.err"; b=$?
  [ "$a" = "$b" ] && cmp -s "$tmp/r.ref" "$tmp/r.h" || fail "$n resized: answer differs from --no-index"
  [ "$(how "$tmp/r.err")" = read ] && fail "$n resized: the stale index was used"
  cp "$tmp/saved" "$f"
done
cp "$tmp/d/leak-2.heapsnapshot" "$tmp/d/leak-1.heapsnapshot"     # replaced by another snapshot
histogram "$tmp/d/leak-1.heapsnapshot" "$tmp/rp" "replaced"
cmp -s "$tmp/rp.h" "$tmp/leak-2.heapsnapshot.ref.h" || fail "replaced: the histogram is not the new snapshot's"
f=$tmp/d/finalizer.hprof.gz
histogram "$f" "$tmp/z0" "gz"
python3 "$lib/hdxindex.py" flip "$f.hdxinflated" 100000
histogram "$f" "$tmp/z1" "gz inflated file changed"
[ "$(how "$tmp/z1.err")" = built ] || fail "gz: an index whose inflated file changed was used"
cmp -s "$tmp/z1.h" "$tmp/finalizer.hprof.gz.ref.h" || fail "gz inflated changed: histogram differs"
chmod 644 "$f.hdxinflated"
histogram "$f" "$tmp/z2" "gz inflated file readable by others"
[ "$(how "$tmp/z2.err")" = built ] || fail "gz: an inflated file readable by others was trusted"
[ "$(stat -c %a "$f.hdxinflated")" = 600 ] || fail "gz: the inflated file was not rewritten 0600"
"$hdx" index --clean "$f" > "$tmp/clean.out" || fail "clean failed"
[ -e "$f.hdxindex" ] || [ -e "$f.hdxinflated" ] && fail "clean left the index or the inflated file"

# 4. Read-only folder: both files go to the cache folder.
mkdir -p "$tmp/ro"
cp "$tmp/d/leak-2.heapsnapshot" "$root/SampleDumps/java/leakdemo-before.hprof.gz" "$tmp/ro/"
if [ "$(id -u)" = 0 ]; then
  mount --bind "$tmp/ro" "$tmp/ro" && mount -o remount,ro,bind "$tmp/ro" || fail "cannot make a read-only folder"
else
  chmod 555 "$tmp/ro"
fi
for n in leak-2.heapsnapshot leakdemo-before.hprof.gz; do
  histogram "$tmp/ro/$n" "$tmp/ro1" "read-only $n"
  [ "$(how "$tmp/ro1.err")" = built ] || fail "read-only $n: no index built"
  "$hdx" histogram "$tmp/ro/$n" --json --no-index > "$tmp/ro.ref" || fail "read-only $n: --no-index failed"
  histogram "$tmp/ro/$n" "$tmp/ro2" "read-only $n reopen"
  [ "$(how "$tmp/ro2.err")" = read ] || fail "read-only $n: the cached index was not used"
  grep -q "read from $XDG_CACHE_HOME/hdx/$n-[0-9a-f]\{16\}\.hdxindex" "$tmp/ro2.err" || fail "read-only $n: not from the cache folder"
  cmp -s "$tmp/ro.ref" "$tmp/ro2.h" || fail "read-only $n: histogram differs"
done
ls "$XDG_CACHE_HOME/hdx/" | grep -q '^leakdemo-before.hprof.gz-[0-9a-f]\{16\}\.hdxinflated$' || fail "read-only: no inflated file in the cache folder"
"$hdx" index --clean > /dev/null
[ -z "$(ls "$XDG_CACHE_HOME/hdx/")" ] || fail "clean left files in the cache folder"
[ "$(id -u)" = 0 ] && umount "$tmp/ro"

# 5. Full disk while writing: a small tmpfs (when root can mount one), then a file-size limit (RLIMIT_FSIZE, with
# SIGXFSZ ignored so that the write fails with EFBIG). One warning, no file left, the answers of --no-index.
full_case() { # DIR NAME LABEL [prefix command...]
  local dir=$1 n=$2 label=$3; shift 3
  "$@" "$hdx" histogram "$dir/$n" --json > "$tmp/f.h" 2> "$tmp/f.err" || fail "$label $n: failed: $(head -1 "$tmp/f.err")"
  cmp -s "$tmp/f.h" "$tmp/$n.ref.h" || fail "$label $n: histogram differs"
  grep -q 'warning: index not written' "$tmp/f.err" || fail "$label $n: no warning"
  left=$(find "$dir" "$XDG_CACHE_HOME" -name '*.hdxindex*' -o -name '*.hdxinflated*' -o -name '.*.hdx-*')
  [ -z "$left" ] || fail "$label $n: files left: $left"
}
if [ "$(id -u)" = 0 ] && mkdir -p "$tmp/full" && mount -t tmpfs -o size=5m tmpfs "$tmp/full" 2> /dev/null; then
  cp "$tmp/d/finalizer.hprof.gz" "$tmp/full/"
  XDG_CACHE_HOME=$tmp/full/cache full_case "$tmp/full" finalizer.hprof.gz "full tmpfs"
  umount "$tmp/full"
else
  echo "index_formats.sh: tmpfs full-disk case skipped (needs root to mount a tmpfs)"
fi
limited() { (trap '' XFSZ; ulimit -f 1024; exec "$@"); }   # 1024 blocks of 1 KiB: 1 MiB per file
for n in leak-2.heapsnapshot leakdemo.hprof; do
  mkdir -p "$tmp/lim"; cp "$tmp/d/$n" "$tmp/lim/"
  full_case "$tmp/lim" "$n" "RLIMIT_FSIZE" limited
  rm -rf "$tmp/lim"
done

# 6. Two processes at once: exactly one builds, the other waits for it and reads its index.
for n in leak-2.heapsnapshot leakdemo-after.hprof.gz; do
  cp "$root/SampleDumps/"*/"$n" "$tmp/two-$n" 2> /dev/null || cp "$tmp/d/$n" "$tmp/two-$n"
  "$hdx" histogram "$tmp/two-$n" --json > "$tmp/two.a" 2> "$tmp/two.a.err" & pa=$!
  "$hdx" histogram "$tmp/two-$n" --json > "$tmp/two.b" 2> "$tmp/two.b.err" & pb=$!
  wait $pa || fail "two $n: first failed"; wait $pb || fail "two $n: second failed"
  got="$(how "$tmp/two.a.err") $(how "$tmp/two.b.err")"
  [ "$got" = "built read" ] || [ "$got" = "read built" ] || fail "two $n: expected one build and one read, got $got"
  cmp -s "$tmp/two.a" "$tmp/two.b" && cmp -s "$tmp/two.a" "$tmp/$n.ref.h" || fail "two $n: answers differ"
done
echo "index_formats.sh: ok"
