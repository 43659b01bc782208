#!/usr/bin/env bash
# Latency of the expert views on a big dump, as a person sees it (tmux, pane polled until it changes; see
# explorer_keys.sh): open, the Reports tab's background computation, report screens, `c` (a collection's contents),
# the Object screen.
#   Benchmarks/explorer_views.sh [DUMP]     default: the ≈ 2 GB LeakDemo dump of hprof_summary.sh (generated if missing)
export HDX_NO_INDEX=1
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dump=${1:-$here/dumps/leakdemo-1700000.hprof}
[ -f "$dump" ] || "$here/hprof_summary.sh" 1700000 > /dev/null
(cd "$root" && swift build -c release --product hdx 2>&1 | tail -1)
sock=hdx-views-$$
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null' EXIT
tm -f /dev/null new-session -d -s s -x 120 -y 36 "env LANG=C.UTF-8 '$root/.build/release/hdx' '$dump'; sleep 600"
t0=$(date +%s%N)
until tm capture-pane -p -t s | grep -Eq "Leak suspects|Biggest objects"; do sleep 0.05; done
echo "open (load + first screen): $(( ($(date +%s%N) - t0) / 1000000 )) ms"
t0=$(date +%s%N); tm send-keys -t s 4
until tm capture-pane -p -t s | grep -Eq "held more than once|DevTools' Statistics of"; do sleep 0.05; done
echo "Reports computed (background, from pressing 4): $(( ($(date +%s%N) - t0) / 1000000 )) ms"
for k in Enter q j Enter c j q q 3 Enter o; do
    before=$(tm capture-pane -e -p -t s | md5sum); t0=$(date +%s%N); tm send-keys -t s "$k"
    for ((i = 0; i < 4000; i++)); do [ "$(tm capture-pane -e -p -t s | md5sum)" != "$before" ] && break; done
    printf '%-6s %6d ms  %s\n' "$k" $(( ($(date +%s%N) - t0) / 1000000 )) "$(tm capture-pane -p -t s | sed -n 3p | cut -c1-70)"
done
