#!/usr/bin/env bash
# The command-line contract (docs/cli.md): exit codes, JSON keys, errors naming file and byte offset.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
sample=$root/SampleDumps/java/leakdemo.hprof
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "cli.sh: $*"; exit 1; }
json_has() { python3 -c "import json,sys; d=json.load(open('$1')); $2" || fail "$1: $2"; }

"$hdx" summary "$sample" --json > "$tmp/s.json" || fail "summary exit $?"
json_has "$tmp/s.json" "assert d['format']=='hprof' and d['objects']>20000 and d['classes']>500 and d['roots']>0 and d['shallowBytes']>=d['reachableBytes']>0 and d['warnings']==[]"
"$hdx" histogram "$sample" --json --top 5 --sort retained > "$tmp/h.json" || fail "histogram exit"
json_has "$tmp/h.json" "r=d['rows']; assert len(r)==5 and all(set(x)>={'class','count','shallow','retained'} for x in r) and r[0]['retained']>=r[-1]['retained']"
"$hdx" histogram "$sample" --json --filter 'LeakDemo\$Session$' > "$tmp/hf.json" || fail "histogram filter exit"
json_has "$tmp/hf.json" "assert [x['class'] for x in d['rows']]==['LeakDemo\$Session']"
"$hdx" dominators "$sample" --json --top 3 > "$tmp/d.json" || fail "dominators exit"
json_has "$tmp/d.json" "r=d['rows']; assert len(r)==3 and all(set(x)>={'id','class','shallow','retained'} for x in r) and r[0]['id'].startswith('0x')"
top=$(python3 -c "import json; print(json.load(open('$tmp/d.json'))['rows'][0]['id'])")
"$hdx" dominators "$sample" --json --of "$top" > "$tmp/d2.json" || fail "dominators --of exit"
json_has "$tmp/d2.json" "assert d['rows'] and d['rows'][0]['retained']<=d['ofRetained']"
child=$(python3 -c "import json; print(json.load(open('$tmp/d2.json'))['rows'][0]['id'])")
"$hdx" paths "$sample" "$child" --json --max 2 > "$tmp/p.json" || fail "paths exit"
json_has "$tmp/p.json" "p=d['paths'][0]; assert p[-1]['id']=='$child' and 'field' not in p[-1] and all('field' in s for s in p[:-1])"

# diff --json: rows sorted by retainedDelta descending; V8 pairs match objects by node id.
samples=$root/SampleDumps
"$hdx" diff "$samples/java/leakdemo-before.hprof.gz" "$samples/java/leakdemo-after.hprof.gz" --json > "$tmp/dj.json" || fail "diff hprof exit"
json_has "$tmp/dj.json" "r=d['rows']; assert r and all(set(x)>={'class','countDelta','shallowDelta','retainedDelta'} for x in r); assert [x['retainedDelta'] for x in r]==sorted((x['retainedDelta'] for x in r), reverse=True); assert any(x['class']=='LeakDemo\$Session' and x['countDelta']>0 for x in r); assert d['growthPath'][-1]['key']=='java.util.HashMap\$Node[]'"
"$hdx" diff "$samples/v8/leak-1.heapsnapshot" "$samples/v8/leak-2.heapsnapshot" --json --top 30 > "$tmp/dv.json" || fail "diff v8 exit"
json_has "$tmp/dv.json" "r=d['rows']; assert all('added' in x and 'removed' in x for x in r); assert any(x['class']=='LeakyEntry' and x['added']==3000 for x in r)"
hana=$(ls "$samples"/hana/*20250311*.oom.trc); hana2=$(ls "$samples"/hana/*20250312*.oom.trc)
"$hdx" diff "$hana" "$hana2" --json > "$tmp/dh.json" || fail "diff hana exit"
json_has "$tmp/dh.json" "assert d['rows'][0]['class']=='Pool/Statistics' and d['hana']['processes']"
"$hdx" diff "$sample" "$hana" --json > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] || fail "diff of different kinds exit"
grep -q "cannot compare a hprof dump with a hana dump" "$tmp/err" || fail "different kinds message"

# report --json: suspects with the contract keys; HANA: the verdict; --html writes a private file.
"$hdx" report "$sample" --json --html "$tmp/r.html" > "$tmp/r.json" || fail "report exit"
json_has "$tmp/r.json" "s=d['suspects']; assert s and all(set(x)>={'id','class','retained','percent','path'} for x in s)"
[ "$(stat -c %a "$tmp/r.html")" = 600 ] || fail "report.html is not mode 0600"
"$hdx" report "$hana" --json > "$tmp/rh.json" || fail "report hana exit"
json_has "$tmp/rh.json" "v=d['verdict']; assert v['kind']=='oom' and v['failureType']=='PROCESS_ALLOCATION_LIMIT' and v['failedAllocationBytes']>0 and v['pid']==21734 and all(set(a)>={'class','exclusive','inclusive'} for a in v['topAllocators'])"

# Exit codes: 1 for an unreadable dump (message names file and byte offset), 2 for usage errors.
printf 'not a dump\n' > "$tmp/bad.hprof"
"$hdx" summary "$tmp/bad.hprof" --json > /dev/null 2> "$tmp/err"; code=$?
[ $code -eq 1 ] || fail "bad file exit $code"
grep -q "bad.hprof: at byte 0: not a heap dump" "$tmp/err" || fail "bad file message: $(cat "$tmp/err")"
[ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "error is not one line"
"$hdx" summary "$tmp/missing.hprof" > /dev/null 2>&1; [ $? -eq 1 ] || fail "missing file exit"
"$hdx" histogram "$sample" --sort sideways > /dev/null 2>&1; [ $? -eq 2 ] || fail "bad option exit"
"$hdx" paths "$sample" 0xdeadbeef > /dev/null 2>&1; [ $? -eq 2 ] || fail "unknown id exit"
"$hdx" frobnicate > /dev/null 2>&1; [ $? -ne 0 ] || fail "unknown command exit"
echo "cli.sh: ok"
