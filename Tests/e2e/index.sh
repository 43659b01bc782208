#!/usr/bin/env bash
# The persisted index (DUMP.hdxindex), on copies of the sample HPROF dumps in a temporary folder:
# - a reopened index answers summary/histogram/dominators/paths --json exactly as --no-index does (timings aside);
# - a stale index (dump touched, resized, replaced) and a corrupt one (a byte flipped in each section and in the
#   header) are not used: the answers stay those of --no-index and the index is rebuilt;
# - a read-only folder puts the index into $XDG_CACHE_HOME/hdx/; a full disk leaves no index and no temporary
#   file, one warning, the same answers;
# - two hdx processes on one dump: one builds, the other waits and reads the index;
# - hdx index FILE builds it, hdx index --clean FILE removes it beside the dump and in the cache folder.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
lib=$root/Tests/e2e/lib
tmp=$(mktemp -d); trap 'umount "$tmp/ro" "$tmp/full" 2> /dev/null; rm -rf "$tmp"' EXIT
fail() { echo "index.sh: $*"; exit 1; }
unset HDX_NO_INDEX
export XDG_CACHE_HOME=$tmp/cache
# JSON without the timing and peak-memory maps (they differ between runs by nature).
strip() { python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
if isinstance(d, dict):
    d.pop('timings', None); d.pop('peakResidentMiB', None)
print(json.dumps(d, sort_keys=True))" "$1"; }
built() { python3 -c "import json,sys; t=json.load(open(sys.argv[1]))['timings']; print('index' if 'index' in t and 'scan' not in t else 'built')" "$1"; }
# answers FILE OUTPREFIX [hdx options]: the four commands' JSON (stripped) into OUTPREFIX.*
answers() {
  local f=$1 out=$2; shift 2
  "$hdx" summary "$f" --json "$@" > "$out.summary.raw" 2> "$out.err" || return 1
  strip "$out.summary.raw" > "$out.summary"
  "$hdx" histogram "$f" --json "$@" > "$out.h" 2>> "$out.err" || return 1
  "$hdx" dominators "$f" --json --top 20 "$@" > "$out.d" 2>> "$out.err" || return 1
  local id; id=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['rows'][0]['id'])" "$out.d")
  "$hdx" paths "$f" "$id" --json "$@" > "$out.p" 2>> "$out.err" || return 1
}
same() { # same A B: the answers under prefixes A and B are equal
  for k in summary h d p; do cmp -s "$1.$k" "$2.$k" || fail "$3: $k differs from --no-index"; done
}

mkdir -p "$tmp/d"
cp "$root/SampleDumps/java/leakdemo.hprof" "$tmp/d/leak.hprof"
gzip -dc "$root/SampleDumps/java/finalizer.hprof.gz" > "$tmp/d/fin.hprof"
gzip -dc "$root/SampleDumps/java/leakdemo-before.hprof.gz" > "$tmp/d/before.hprof"
for n in leak fin before; do
  f=$tmp/d/$n.hprof
  answers "$f" "$tmp/$n.ref" --no-index || fail "$n: --no-index failed"
  [ -e "$f.hdxindex" ] && fail "$n: --no-index wrote an index"
  "$hdx" index "$f" || fail "$n: hdx index failed"
  [ -f "$f.hdxindex" ] || fail "$n: hdx index wrote nothing"
  [ "$(stat -c %a "$f.hdxindex")" = 600 ] || fail "$n: index mode is not 0600"
  answers "$f" "$tmp/$n.idx" || fail "$n: reopen failed"
  [ "$(built "$tmp/$n.idx.summary.raw")" = index ] || fail "$n: the reopen did not use the index"
  same "$tmp/$n.ref" "$tmp/$n.idx" "$n reopened"
done
ls -a "$tmp/d" | grep -q '\.hdx-' && fail "temporary files left"

# Stale: touched, resized, replaced.
f=$tmp/d/leak.hprof
touch -d '2001-01-01' "$f"
answers "$f" "$tmp/touched" || fail "touched: failed"
[ "$(built "$tmp/touched.summary.raw")" = built ] || fail "touched: the stale index was used"
same "$tmp/leak.ref" "$tmp/touched" "touched"
answers "$f" "$tmp/touched2" || fail "touched: reopen failed"
[ "$(built "$tmp/touched2.summary.raw")" = index ] || fail "touched: the index was not rebuilt"
cp "$f" "$tmp/resized.hprof"
truncate -s -1 "$f"
"$hdx" summary "$f" --json --no-index > /dev/null 2> "$tmp/resized.ref.err"; a=$?
"$hdx" summary "$f" --json > /dev/null 2> "$tmp/resized.err"; b=$?
[ "$a" = "$b" ] && cmp -s "$tmp/resized.ref.err" "$tmp/resized.err" || fail "resized: answer differs from --no-index"
cp "$tmp/d/fin.hprof" "$f"      # replaced by another dump (same name)
answers "$f" "$tmp/replaced" || fail "replaced: failed"
for k in h d p; do cmp -s "$tmp/fin.ref.$k" "$tmp/replaced.$k" || fail "replaced: $k is not the new dump's"; done
cp "$tmp/resized.hprof" "$f"; "$hdx" index "$f" || fail "index after restore"

# Corrupt: one byte flipped in the header and in every section, each time on a good index. A reopen verifies each
# 256 KiB chunk of a section when it first reads it: the summary either never reads the flipped chunk (and answers
# from the index) or finds it corrupt and starts over, rebuilding the index; either way it answers as --no-index.
# `hdx index` verifies every section, so it always rebuilds a corrupt index.
python3 "$lib/hdxindex.py" sections "$f.hdxindex" > "$tmp/sections" || fail "cannot read the section table"
[ "$(wc -l < "$tmp/sections")" -ge 15 ] || fail "too few sections"
cp "$f.hdxindex" "$tmp/good.hdxindex"
while read -r name off len; do
  [ "$len" -gt 0 ] || continue
  cp "$tmp/good.hdxindex" "$f.hdxindex"
  python3 "$lib/hdxindex.py" flip "$f.hdxindex" $((off + len / 2))
  "$hdx" summary "$f" --json > "$tmp/corrupt.raw" || fail "corrupt $name: failed"
  cmp -s <(strip "$tmp/corrupt.raw") "$tmp/leak.ref.summary" || fail "corrupt $name: summary differs"
  if [ "$(built "$tmp/corrupt.raw")" = index ]; then
    HDX_INDEX_DEBUG=1 "$hdx" index "$f" 2> "$tmp/ix.err" || fail "corrupt $name: hdx index failed"
    grep -q 'index built' "$tmp/ix.err" || fail "corrupt $name: hdx index kept the corrupt index"
  fi
  cmp -s "$f.hdxindex" "$tmp/good.hdxindex" || fail "corrupt $name: the rebuilt index differs from the good one"
done < "$tmp/sections"
# Chunks the answers read: the first bytes of the retained sizes (the summary's reachable size), of the dominator
# tree's child lists (dominators) and of the incoming references (paths) flipped: the command finds the corrupt
# chunk, rebuilds the index and answers as --no-index.
for case in t.retained:summary t.childList:d g.inEdges:p; do
  name=${case%:*} what=${case#*:}
  read -r _ off _ < <(grep "^$name " "$tmp/sections")
  cp "$tmp/good.hdxindex" "$f.hdxindex"
  python3 "$lib/hdxindex.py" flip "$f.hdxindex" $((off + 3))
  HDX_INDEX_DEBUG=1 answers "$f" "$tmp/used" || fail "corrupt $name (read): failed"
  grep -q "section $name checksum mismatch; rebuilding" "$tmp/used.err" || fail "corrupt $name (read): not detected"
  same "$tmp/leak.ref" "$tmp/used" "corrupt $name (read)"
  cmp -s "$f.hdxindex" "$tmp/good.hdxindex" || fail "corrupt $name (read): the rebuilt index differs from the good one"
done
printf 'not an index' > "$f.hdxindex"
answers "$f" "$tmp/foreign" || fail "foreign: failed"
same "$tmp/leak.ref" "$tmp/foreign" "foreign file"

# hdx index --clean FILE removes it (beside and in the cache folder).
"$hdx" index --clean "$f" > /dev/null || fail "clean failed"
[ -e "$f.hdxindex" ] && fail "clean left the index"

# Read-only folder: the index goes to the cache folder.
mkdir -p "$tmp/ro"
cp "$tmp/d/fin.hprof" "$tmp/ro/fin.hprof"
answers "$tmp/ro/fin.hprof" "$tmp/ro.ref" --no-index || fail "read-only: --no-index failed"
if [ "$(id -u)" = 0 ]; then
  mount --bind "$tmp/ro" "$tmp/ro" && mount -o remount,ro,bind "$tmp/ro" || fail "cannot make a read-only folder"
else
  chmod 555 "$tmp/ro"
fi
answers "$tmp/ro/fin.hprof" "$tmp/ro1" || fail "read-only: failed"
ls "$XDG_CACHE_HOME/hdx/" | grep -q '^fin.hprof-[0-9a-f]\{16\}\.hdxindex$' || fail "read-only: no index in the cache folder"
answers "$tmp/ro/fin.hprof" "$tmp/ro2" || fail "read-only: reopen failed"
[ "$(built "$tmp/ro2.summary.raw")" = index ] || fail "read-only: the cached index was not used"
same "$tmp/ro.ref" "$tmp/ro2" "read-only folder"
"$hdx" index --clean "$tmp/ro/fin.hprof" > /dev/null
ls "$XDG_CACHE_HOME/hdx/" | grep -q hdxindex && fail "clean left the cached index"
[ "$(id -u)" = 0 ] && umount "$tmp/ro"

# Full disk while writing (beside the dump and in the cache folder): answers stay, one warning, nothing left.
if [ "$(id -u)" = 0 ] && mkdir -p "$tmp/full" && mount -t tmpfs -o size=5m tmpfs "$tmp/full" 2> /dev/null; then
  cp "$tmp/d/leak.hprof" "$tmp/full/leak.hprof"
  answers "$tmp/full/leak.hprof" "$tmp/full.ref" --no-index || fail "full disk: --no-index failed"
  XDG_CACHE_HOME=$tmp/full/cache answers "$tmp/full/leak.hprof" "$tmp/full1" || fail "full disk: failed"
  same "$tmp/full.ref" "$tmp/full1" "full disk"
  grep -q 'warning: index not written' "$tmp/full1.err" || fail "full disk: no warning"
  left=$(find "$tmp/full" -name '*.hdxindex*' -o -name '.*.hdx-*')
  [ -z "$left" ] || fail "full disk: files left: $left"
  umount "$tmp/full"
else
  echo "index.sh: full-disk case skipped (needs root to mount a tmpfs)"
fi

# Two processes at once: one builds, the other waits for it and reads the index.
cp "$tmp/d/before.hprof" "$tmp/two.hprof"
"$hdx" summary "$tmp/two.hprof" --json > "$tmp/two.a" & pa=$!
"$hdx" summary "$tmp/two.hprof" --json > "$tmp/two.b" & pb=$!
wait $pa || fail "two: first failed"; wait $pb || fail "two: second failed"
[ "$(built "$tmp/two.a") $(built "$tmp/two.b")" = "built index" ] || [ "$(built "$tmp/two.a") $(built "$tmp/two.b")" = "index built" ] \
  || fail "two: expected one build and one index read, got $(built "$tmp/two.a") $(built "$tmp/two.b")"
cmp -s <(strip "$tmp/two.a") <(strip "$tmp/two.b") || fail "two: answers differ"
echo "index.sh: ok"
