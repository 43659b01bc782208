#!/usr/bin/env bash
# The explorer on a HANA out-of-memory dump, in tmux at 80x24: the verdict (failure type, culprit thread, top
# allocator) is on the first screen, the Overview's text scrolls (G shows the biggest allocators, g and PgUp bring
# the verdict back), and the Threads tab lists the culprit first. The expected words come from the .trc itself.
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HDX="${HDX_BIN:-$ROOT/.build/debug/hdx}"
SAMPLE="$ROOT/SampleDumps/hana/indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc"
if ! command -v tmux >/dev/null; then echo "hana-explorer e2e: skipped (tmux is not installed)"; exit 0; fi
SOCK_PREFIX="hdx-e2e-hana"; WAIT_TICKS=200
source "$(dirname "${BASH_SOURCE[0]}")/lib/tmux.sh"

# From the file: `Allocation failure type: X`, the first of the top allocators, the thread of the failed allocation.
failure=$(sed -n 's/^Allocation failure type: \([A-Z_]*\).*/\1/p' "$SAMPLE" | head -1)
top=$(grep -A1 'Top "M_HEAP_MEMORY" allocators' "$SAMPLE" | sed -n 's/^ *1: .*: *\(Pool[^ ]*\) .*/\1/p' | head -1)
culprit=$(awk '/^[0-9]+\[thr=[0-9]+\]: .* at$/ { t = $0 } /Allocation failed/ { print t; exit }' "$SAMPLE" \
    | sed 's/^[0-9]*\[\(thr=[0-9]*\)\]: \([A-Za-z]*\).*/\1 \2/')
if [ -z "$failure" ] || [ -z "$top" ] || [ -z "$culprit" ]; then
    echo "FAIL could not read the expected facts from the sample ($failure/$top/$culprit)"; exit 1
fi

tm -f /dev/null new-session -d -s "$S" -x 80 -y 24 \
    "env TERM=xterm-256color LANG=C.UTF-8 '$HDX' '$SAMPLE'; echo EXIT=\$?; sleep 60"
wait_for 'Verdict' "the Overview opens on the verdict"
for want in "$failure" "$culprit" "$top"; do
    if cap | grep -qF -- "$want"; then ok "first screen shows $want"; else bad "first screen shows $want"; fi
done
tm send-keys -t "$S" G
wait_for 'Biggest allocators' "G scrolls down to the biggest allocators"
if cap | grep -q 'Verdict'; then bad "G scrolled the verdict away"; else ok "G scrolled the verdict away"; fi
tm send-keys -t "$S" g
wait_for 'Verdict' "g scrolls back to the verdict"
tm send-keys -t "$S" G
wait_for 'Biggest allocators' "G again"
tm send-keys -t "$S" PPage PPage PPage PPage PPage PPage
wait_for 'Verdict' "PgUp scrolls back to the verdict"
tm send-keys -t "$S" 5
wait_for "Statement / detail" "5 opens Threads"
line=$(cap | grep -m1 -F "${culprit%% *}")
case "$line" in *"${culprit#* }"*) ok "Threads lists the culprit";; *) bad "Threads lists the culprit";; esac
tm send-keys -t "$S" q
wait_for 'Verdict' "q goes back from Threads to the Overview"
tm send-keys -t "$S" q
wait_for 'EXIT=0' "q on the Overview quits with status 0"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
