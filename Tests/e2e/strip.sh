#!/usr/bin/env bash
# `hdx strip`: on every committed sample and on freshly made dumps with planted secrets (Java via the JDK, Node via
# v8.writeHeapSnapshot, HANA via SampleDumps/generators/hana_secrets.py), checks that
#   - the copy loads in hdx with the same summary, histogram, dominators, paths and report (--json, values aside;
#     with --names, names mapped back through the mapping file)  [Tests/e2e/lib/strip_check.py same]
#   - it still opens in the peers: VisualVM's heap library (Debian package visualvm) prints the same classes, counts,
#     shallow and retained sizes, roots and biggest objects; an independent Python HPROF walker finds every record
#     and sub-record intact; V8: a JSON parse, the same node/edge arrays, and DevTools' rules
#     (SampleDumps/generators/v8_devtools_reference.js) give byte-identical results
#   - no planted secret is left, in UTF-8, Latin-1, UTF-16 LE/BE (and JSON-decoded); the control: each is in the input
#   - OUT is mode 0600, never over an existing file without --force, never onto the input, never through a symlink
# Peers that are not installed (visualvm, java, node) are skipped with a notice.
# Usage: Tests/e2e/strip.sh [path/to/hdx]      Prints "N passed, N failed"; exit status 1 on a failure.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${1:-${HDX_BIN:-${HDX:-$root/.build/debug/hdx}}}
check="python3 $root/Tests/e2e/lib/strip_check.py"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "strip.sh: FAIL $*"; }
run() { # run LABEL CMD...: a checker run; every FAIL line counts
    local label=$1; shift
    local out; out=$("$@" 2>&1); local code=$?
    if [ $code -eq 0 ]; then ok; else bad "$label"; echo "$out" | grep -v '^ok' | head -20; fi
}
mode600() { [ "$(stat -c %a "$1")" = 600 ] && ok || bad "$1 is not mode 0600"; }

jfluid=/usr/share/visualvm/visualvm/modules/org-graalvm-visualvm-lib-jfluid-heap.jar
peer_cp=$jfluid:/usr/share/java/org-openide-util.jar:/usr/share/java/org-openide-util-lookup.jar
have_visualvm=0
if [ -f "$jfluid" ] && command -v javac >/dev/null; then
    mkdir -p "$tmp/peer" && javac -cp "$peer_cp" -d "$tmp/peer" "$root/Tests/e2e/lib/VisualVMPeer.java" && have_visualvm=1
fi
[ $have_visualvm = 1 ] || echo "strip.sh: VisualVM's heap library is not installed (apt-get install visualvm): peer check skipped"
visualvm_same() { # ORIG STRIPPED: VisualVM computes the same on both (copies in their own dirs: it caches beside the file)
    mkdir -p "$tmp/vo" "$tmp/vs"; rm -rf "$tmp"/vo/* "$tmp"/vs/*
    cp "$1" "$tmp/vo/x.hprof"; cp "$2" "$tmp/vs/x.hprof"
    java -cp "$peer_cp:$tmp/peer" VisualVMPeer "$tmp/vo/x.hprof" > "$tmp/vo.txt" 2>&1
    java -cp "$peer_cp:$tmp/peer" VisualVMPeer "$tmp/vs/x.hprof" > "$tmp/vs.txt" 2>&1
    if [ -s "$tmp/vo.txt" ] && grep -q '^classes ' "$tmp/vo.txt" && cmp -s "$tmp/vo.txt" "$tmp/vs.txt"; then ok
    else bad "VisualVM sees $2 differently from $1"; diff "$tmp/vo.txt" "$tmp/vs.txt" | head -5; fi
}
devtools_same() { # ORIG STRIPPED: DevTools' rules give the same totals, top retainers and Summary
    node "$root/SampleDumps/generators/v8_devtools_reference.js" "$1" > "$tmp/da.json" 2>&1
    node "$root/SampleDumps/generators/v8_devtools_reference.js" "$2" > "$tmp/db.json" 2>&1
    if grep -q '"nodes"' "$tmp/da.json" && cmp -s "$tmp/da.json" "$tmp/db.json"; then ok
    else bad "DevTools' rules see $2 differently from $1"; fi
}

# 1. The committed samples: same analysis, intact structure, peers agree.
s=$root/SampleDumps
"$hdx" strip "$s/java/leakdemo.hprof" "$tmp/leakdemo.hprof" > /dev/null || bad "strip leakdemo.hprof"
mode600 "$tmp/leakdemo.hprof"
run "leakdemo: same analysis" $check same "$hdx" "$s/java/leakdemo.hprof" "$tmp/leakdemo.hprof"
run "leakdemo: HPROF walk" $check hprof "$s/java/leakdemo.hprof" "$tmp/leakdemo.hprof"
[ $have_visualvm = 1 ] && visualvm_same "$s/java/leakdemo.hprof" "$tmp/leakdemo.hprof"
# gzip in, gzip out
"$hdx" strip "$s/java/leakdemo-before.hprof.gz" "$tmp/before.hprof.gz" --gzip > /dev/null || bad "strip .gz --gzip"
[ "$(head -c2 "$tmp/before.hprof.gz" | od -An -tx1 | tr -d ' ')" = 1f8b ] && ok || bad "--gzip output is not gzip"
run "before.gz: HPROF walk" $check hprof "$s/java/leakdemo-before.hprof.gz" "$tmp/before.hprof.gz"
for v in leak-1; do
    "$hdx" strip "$s/v8/$v.heapsnapshot" "$tmp/$v.heapsnapshot" > /dev/null || bad "strip $v"
    mode600 "$tmp/$v.heapsnapshot"
    run "$v: same analysis" $check same "$hdx" "$s/v8/$v.heapsnapshot" "$tmp/$v.heapsnapshot"
    run "$v: JSON and arrays" $check v8 "$s/v8/$v.heapsnapshot" "$tmp/$v.heapsnapshot"
done
if command -v node >/dev/null; then devtools_same "$s/v8/leak-1.heapsnapshot" "$tmp/leak-1.heapsnapshot"
else echo "strip.sh: node is not installed: DevTools rules check skipped"; fi
for h in "$s"/hana/*.trc; do
    b=$(basename "$h")
    "$hdx" strip "$h" "$tmp/$b" > /dev/null || bad "strip $b"
    mode600 "$tmp/$b"
    case $b in *20250312*) ;; *) run "$b: same analysis" $check same "$hdx" "$h" "$tmp/$b" ;; esac
    [ "$(wc -l < "$h")" = "$(wc -l < "$tmp/$b")" ] && ok || bad "$b: line count changed"
done
run "HANA samples: host, users, SQL gone" $check absent "$tmp/indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc" \
    hanaprd01 ANALYTICS_APP 'SELECT T1.' appsrv00 ld4554

# 2. Planted secrets.
java_secrets=("hunter2-Pa55w0rd!" bob.secret@example.org carol.secret@example.net "Tr0ub4dor&3" alice.secret@example.com
              "zoë-秘密-token" customer7.secret@example.com tok-7-S3CR3T dave.secret erin.secret@example.com)
java_ints=(--int64 4111111111111111 --int32 987654321)
if command -v javac >/dev/null && command -v java >/dev/null; then
    javac -d "$tmp/j" "$s/generators/java/StripSecrets.java" && \
        java -Xmx64m -XX:+UseSerialGC -cp "$tmp/j" StripSecrets "$tmp/secrets.hprof" > /dev/null
    run "Java: secrets planted (control)" $check present "$tmp/secrets.hprof" "${java_secrets[@]}" "${java_ints[@]}"
    "$hdx" strip "$tmp/secrets.hprof" "$tmp/secrets-s.hprof" > /dev/null || bad "strip secrets.hprof"
    run "Java: secrets gone" $check absent "$tmp/secrets-s.hprof" "${java_secrets[@]}" "${java_ints[@]}"
    run "Java: same analysis" $check same "$hdx" "$tmp/secrets.hprof" "$tmp/secrets-s.hprof"
    run "Java: HPROF walk" $check hprof "$tmp/secrets.hprof" "$tmp/secrets-s.hprof"
    [ $have_visualvm = 1 ] && visualvm_same "$tmp/secrets.hprof" "$tmp/secrets-s.hprof"
    "$hdx" strip "$tmp/secrets.hprof" "$tmp/secrets-n.hprof.gz" --names --keep '^StripSecrets$' --mapping "$tmp/map.json" --gzip > /dev/null || bad "strip --names"
    mode600 "$tmp/map.json"; mode600 "$tmp/secrets-n.hprof.gz"
    run "Java --names: secrets and names gone" $check absent "$tmp/secrets-n.hprof.gz" "${java_secrets[@]}" Account cardNumber emailBytes
    python3 -c "import json,sys; m=json.load(open('$tmp/map.json'))['names']; v=set(m.values()); sys.exit(0 if 'StripSecrets\$Account' in v and 'cardNumber' in v and 'StripSecrets' not in v else 1)" \
        && ok || bad "mapping file: StripSecrets\$Account and cardNumber mapped, StripSecrets kept by --keep"
    run "Java --names: same analysis through the mapping" $check same "$hdx" "$tmp/secrets.hprof" "$tmp/secrets-n.hprof.gz" --mapping "$tmp/map.json"
    run "Java --names: HPROF walk" $check hprof "$tmp/secrets.hprof" "$tmp/secrets-n.hprof.gz" --names
    [ $have_visualvm = 1 ] && { gzip -dc "$tmp/secrets-n.hprof.gz" > "$tmp/secrets-n.hprof"; cp "$tmp/secrets-n.hprof" "$tmp/n2.hprof"
        mkdir -p "$tmp/vn"; cp "$tmp/secrets-n.hprof" "$tmp/vn/x.hprof"
        java -cp "$peer_cp:$tmp/peer" VisualVMPeer "$tmp/vn/x.hprof" > "$tmp/vn.txt" 2>&1 && grep -q '^classes ' "$tmp/vn.txt" && ok || bad "VisualVM cannot open the --names copy"; }
else
    echo "strip.sh: the JDK is not installed: Java secrets skipped"
fi
v8_secrets=("hunter2-Pa55w0rd!" Pa55w0rd dave.secret@example.org "Tr0ub4dor&3" customer7.secret@example.com "zoë-秘密-token"
            'erin\.secret' grace.secret-token-XYZ alice.secret@example.com frank.secret)
if command -v node >/dev/null; then
    node "$s/generators/v8_secrets.js" "$tmp/secrets.heapsnapshot" > /dev/null
    run "V8: secrets planted (control)" $check present "$tmp/secrets.heapsnapshot" "${v8_secrets[@]}"
    "$hdx" strip "$tmp/secrets.heapsnapshot" "$tmp/secrets-s.heapsnapshot" > /dev/null || bad "strip secrets.heapsnapshot"
    run "V8: secrets gone" $check absent "$tmp/secrets-s.heapsnapshot" "${v8_secrets[@]}"
    run "V8: same analysis" $check same "$hdx" "$tmp/secrets.heapsnapshot" "$tmp/secrets-s.heapsnapshot"
    run "V8: JSON and arrays" $check v8 "$tmp/secrets.heapsnapshot" "$tmp/secrets-s.heapsnapshot"
    devtools_same "$tmp/secrets.heapsnapshot" "$tmp/secrets-s.heapsnapshot"
    "$hdx" strip "$tmp/secrets.heapsnapshot" "$tmp/secrets-n.heapsnapshot" --names --mapping "$tmp/mapv.json" > /dev/null || bad "strip v8 --names"
    run "V8 --names: secrets and names gone" $check absent "$tmp/secrets-n.heapsnapshot" "${v8_secrets[@]}" Account leakyToken
    run "V8 --names: same analysis through the mapping" $check same "$hdx" "$tmp/secrets.heapsnapshot" "$tmp/secrets-n.heapsnapshot" --mapping "$tmp/mapv.json" --loose-interfaces
else
    echo "strip.sh: node is not installed: V8 secrets skipped"
fi
hana_secrets=(db-secret-host MALLORY_SECRET ws-secret-laptop mallory.secret@example.com S3cr3t-Literal-42)
python3 "$s/generators/hana_secrets.py" "$s/hana/indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc" "$tmp/secrets.trc" > /dev/null
run "HANA: secrets planted (control)" $check present "$tmp/secrets.trc" "${hana_secrets[@]}"
"$hdx" strip "$tmp/secrets.trc" "$tmp/secrets-s.trc" > /dev/null || bad "strip secrets.trc"
run "HANA: secrets gone" $check absent "$tmp/secrets-s.trc" "${hana_secrets[@]}"
run "HANA: same analysis" $check same "$hdx" "$tmp/secrets.trc" "$tmp/secrets-s.trc"

# 3. The output file: never over an existing file, never onto the input, never through a symlink.
cp "$s/hana/indexserver_hanaprd01.30003.crashdump.20250313-031544.021734.trc" "$tmp/in.trc"
echo keep > "$tmp/exists"
"$hdx" strip "$tmp/in.trc" "$tmp/exists" > /dev/null 2> "$tmp/err"; code=$?
[ $code -eq 2 ] && [ "$(cat "$tmp/exists")" = keep ] && grep -q 'exists; pass --force' "$tmp/err" && ok || bad "existing OUT without --force: exit $code"
"$hdx" strip "$tmp/in.trc" "$tmp/exists" --force > /dev/null && [ "$(cat "$tmp/exists")" != keep ] && ok || bad "--force replaces OUT"
mode600 "$tmp/exists"
before=$(md5sum < "$tmp/in.trc")
"$hdx" strip "$tmp/in.trc" "$tmp/in.trc" --force > /dev/null 2> "$tmp/err"; code=$?
[ $code -eq 2 ] && [ "$(md5sum < "$tmp/in.trc")" = "$before" ] && ok || bad "OUT = input: exit $code"
ln "$tmp/in.trc" "$tmp/hardlink.trc"
"$hdx" strip "$tmp/in.trc" "$tmp/hardlink.trc" --force > /dev/null 2>&1; code=$?
[ $code -eq 2 ] && [ "$(md5sum < "$tmp/in.trc")" = "$before" ] && ok || bad "OUT a hard link of the input: exit $code"
ln -s "$tmp/in.trc" "$tmp/link-to-input"
"$hdx" strip "$tmp/in.trc" "$tmp/link-to-input" --force > /dev/null 2>&1; code=$?
[ $code -eq 2 ] && [ "$(md5sum < "$tmp/in.trc")" = "$before" ] && ok || bad "OUT a symlink to the input: exit $code"
echo victim > "$tmp/victim"; ln -s "$tmp/victim" "$tmp/link"
"$hdx" strip "$tmp/in.trc" "$tmp/link" > /dev/null 2>&1; code=$?
[ $code -eq 2 ] && [ "$(cat "$tmp/victim")" = victim ] && ok || bad "symlink OUT without --force: exit $code"
"$hdx" strip "$tmp/in.trc" "$tmp/link" --force > /dev/null 2>&1; code=$?
[ $code -eq 2 ] && [ "$(cat "$tmp/victim")" = victim ] && [ -L "$tmp/link" ] && ok || bad "symlink OUT with --force: refused (hdx never writes through or over a link), target untouched: exit $code"
ls -A "$tmp" | grep -q '\.hdx-' && bad "temporary files left behind" || ok
"$hdx" strip "$tmp/in.trc" "$tmp/m.trc" --mapping "$tmp/m.json" > /dev/null 2>&1; [ $? -eq 2 ] && ok || bad "--mapping without --names is a usage error"
"$hdx" strip "$tmp/in.trc" "$tmp/m.trc" --names --mapping "$tmp/exists" > /dev/null 2>&1; code=$?
[ $code -eq 2 ] && [ ! -e "$tmp/m.trc" ] && ok || bad "an existing mapping file without --force: exit $code, nothing written"
printf 'not a dump\n' > "$tmp/bad.hprof"
"$hdx" strip "$tmp/bad.hprof" "$tmp/bad-out" > /dev/null 2> "$tmp/err"; code=$?
[ $code -eq 1 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q 'bad.hprof: at byte 0' "$tmp/err" && [ ! -e "$tmp/bad-out" ] && ok || bad "bad input: exit $code, $(cat "$tmp/err")"
head -c 100000 "$s/java/leakdemo.hprof" > "$tmp/cut.hprof"
"$hdx" strip "$tmp/cut.hprof" "$tmp/cut-out" > /dev/null 2> "$tmp/err"; code=$?
[ $code -eq 1 ] && grep -q 'cut.hprof: at byte [0-9]*: expected' "$tmp/err" && [ ! -e "$tmp/cut-out" ] && ok || bad "truncated HPROF: exit $code, $(cat "$tmp/err")"

echo "strip e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
