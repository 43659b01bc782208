#!/usr/bin/env bash
# Hostile dumps (issue 11): names that carry terminal escapes, deep reference chains, a deep class hierarchy, a
# V8 header with a long string and one that lost bytes. Every case must end with exit 0, or exit 1 and one line on
# stderr, within a generous time bound; text output must carry no raw control characters and show them visibly.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "hostile.sh: $*"; exit 1; }
python3 "$root/Tests/e2e/lib/hostile_dumps.py" "$tmp" || fail "generating the dumps"
safe() { python3 "$root/Tests/e2e/lib/terminal_safe.py" "$@" || fail "run $n: not terminal-safe: $*"; }
evil='\x1b]0;pwned\x07\x1b]52;c;aGk=\x07\x1b[2J'
n=0

# run SECONDS EXPECTED_EXIT ARGS…: runs hdx with a time bound; stdout in $tmp/out, stderr in $tmp/err.
run() {
  local limit=$1 want=$2; shift 2
  n=$((n + 1))
  timeout "$limit" "$hdx" "$@" > "$tmp/out" 2> "$tmp/err"
  local rc=$?
  [ $rc -ne 124 ] || fail "hdx $* took more than ${limit}s"
  [ $rc -eq "$want" ] || fail "hdx $*: exit $rc, expected $want: $(head -c 300 "$tmp/err")"
  if [ "$want" -eq 1 ]; then
    [ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "hdx $*: stderr is not one line: $(head -c 300 "$tmp/err")"
  fi
  safe "$tmp/out"
  safe "$tmp/err"
}

# Escape sequences in class, field and constructor names, string values, a HANA thread name and SQL text.
# shows FILE COMMAND…: the commands whose output names the hostile object in FILE.
shows() { case "$1" in names.hprof) echo "histogram dominators report" ;; names.heapsnapshot) echo "histogram report" ;;
          names.trc) echo "report" ;; esac; }
for f in names.hprof names.heapsnapshot names.trc; do
  for cmd in histogram dominators report summary; do
    run 30 0 $cmd "$tmp/$f"
    case " $(shows $f) " in *" $cmd "*) safe "$tmp/out" "$evil" ;; esac
  done
  run 60 0 diff "$tmp/$f" "$tmp/$f"
done
# JSON: the same values, with no raw control character either (C1, DEL and bidi as \u escapes).
for f in names.hprof names.heapsnapshot names.trc; do
  run 30 0 report "$tmp/$f" --json; safe "$tmp/out" '\u001b]0;pwned\u0007'
done
run 30 0 report "$tmp/names.hprof" --html "$tmp/names.html"; safe "$tmp/names.html" '\x1b]0;pwned\x07'
run 30 0 histogram "$tmp/names.hprof" --json; safe "$tmp/out" '\u009b31m\u202etxt.exe\u2066x\u2069\u007f'
run 30 0 paths "$tmp/names.hprof" 0x3000; safe "$tmp/out" "$evil"
run 30 0 paths "$tmp/names.heapsnapshot" @9; safe "$tmp/out" "$evil"
run 30 0 hana stacks "$tmp/names.trc"; safe "$tmp/out" "$evil"
# (folded stacks write `;` as `:` inside a frame)
run 30 0 hana stacks --folded --thread-names "$tmp/names.trc"; safe "$tmp/out" '\x1b]0:pwned\x07'
run 60 0 diff "$tmp/names.trc" "$root/SampleDumps/hana/indexserver_hanaprd01.30003.rtedump.20250312-141905.021734.oom.trc"
safe "$tmp/out" "$evil"
grep -q 'forged line' "$tmp/out" && ! grep -q '^forged line' "$tmp/out" || fail "a newline in a name starts a line"
# Exports: CSV (CRLF record ends only), the DOT call graph, the folded allocator tree.
ALLOW_CRLF=1 run 30 0 histogram "$tmp/names.hprof" --csv; ALLOW_CRLF=1 safe "$tmp/out" '\x1B]0;pwned\x07'
ALLOW_CRLF=1 run 30 0 histogram "$tmp/names.heapsnapshot" --csv
run 30 0 hana stacks --dot "$tmp/names.trc"
run 30 0 hana allocators "$tmp/names.trc" --folded
# A tab-separated listing keeps its tabs between fields (and only there).
ALLOW_TAB=1 run 30 0 hana views --list "$tmp/names.trc"
[ "$(awk -F'\t' 'NF != 4' "$tmp/out" | wc -l)" -eq 0 ] || fail "hana views --list: not 4 tab-separated fields per line"
# Errors that quote dump content or the file name stay one line.
printf 'JAVA PROFILE \033]0;pwned\a\0\0\0\0\010' > "$tmp/version.hprof"
run 10 1 summary "$tmp/version.hprof"; safe "$tmp/err" '\x1b]0;pwned\x07'
run 10 1 summary "$tmp/no"$'\033]0;pwned\a\n'"such.hprof"; safe "$tmp/err" '\x1b]0;pwned\x07\n'

# Deep chains: the report and paths stay small (the path is shortened in the middle) and quick.
for len in 10000 100000; do
  last=$(printf '0x%x' $((0x100000 + (len - 1) * 16)))
  run 30 0 report "$tmp/chain-$len.hprof"
  [ "$(wc -c < "$tmp/out")" -lt 100000 ] || fail "report on a $len chain prints $(wc -c < "$tmp/out") bytes"
  grep -q '^ *… [0-9,]* steps …$' "$tmp/out" || fail "report on a $len chain does not say how many steps it left out"
  run 30 0 paths "$tmp/chain-$len.hprof" "$last"
  [ "$(wc -c < "$tmp/out")" -lt 100000 ] || fail "paths on a $len chain prints $(wc -c < "$tmp/out") bytes"
  [ "$(wc -l < "$tmp/out")" -le 102 ] || fail "paths on a $len chain prints $(wc -l < "$tmp/out") lines"
  run 30 0 paths "$tmp/chain-$len.hprof" "$last" --json --max-steps 10
  python3 -c "
import json; d=json.load(open('$tmp/out')); p=d['paths'][0]
assert d['stepCounts']==[$len] and d['maxSteps']==10 and len(p)==10, (d['stepCounts'], len(p))
assert p[0]['id']=='0x100000' and p[-1]['id']=='$last' and p[4]['omittedSteps']==$len-10
assert sum(1 for s in p if 'omittedSteps' in s)==1 and all('field' in s for s in p[:-1]) and 'field' not in p[-1]
" || fail "paths --json --max-steps 10 on a $len chain"
  run 30 0 paths "$tmp/chain-$len.hprof" "$last" --json
  python3 -c "
import json; d=json.load(open('$tmp/out')); p=d['paths'][0]
assert len(p)==100 and p[49]['omittedSteps']==$len-100
" || fail "paths --json default bound on a $len chain"
done
run 10 2 paths "$tmp/chain-10000.hprof" 0x100000 --max-steps 1

# A class hierarchy 50,000 levels deep: linear, and the deepest class's 50 int fields are all counted.
run 20 0 histogram "$tmp/hier-50000.hprof" --json --filter '^L49999$'
python3 -c "
import json; r=json.load(open('$tmp/out'))['rows']
assert len(r)==1 and r[0]['shallow']==16+50*4, r" || fail "hierarchy: shallow size of the deepest class"

# Every level declaring a reference: bounded memory, and both references found (the instance retains both arrays).
run 30 0 dominators "$tmp/refhier-50000.hprof" --json --top 1
python3 -c "
import json; r=json.load(open('$tmp/out'))['rows']
assert r[0]['class']=='R49999' and r[0]['retained']>=r[0]['shallow']+1000+2000, r" || fail "reference hierarchy"

# V8 headers: a 100 KB string parses quickly; a header that lost bytes fails quickly with one line.
run 10 0 summary "$tmp/longstring.heapsnapshot"
run 10 1 summary "$tmp/cut.heapsnapshot"
grep -q 'at byte [0-9]' "$tmp/err" || fail "cut header: no byte offset in: $(cat "$tmp/err")"

echo "hostile.sh: $n runs passed"
