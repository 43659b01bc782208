#!/usr/bin/env bash
# Latency of sort by Distance (`s`, V8) on the dominator tree's biggest level, as a person sees it (tmux, pane polled
# until it changes; see explorer_keys.sh): on the ≈ 1 GB V8 snapshot (v8_big.js 2,200,000) the records array keeps about
# 1.65 million records alive directly. `s` there selects the first 1,000 nearest to the
# global object (a partial selection over the level, no full sort), Enter on "more" the next 1,000, `s` again goes
# back to biggest retained first; then `s` on a record's retainers. The distances are computed in the background
# after the first screen (DevTools' breadth-first search); the script waits for them before the first `s`.
#   Benchmarks/explorer_distance_keys.sh [DUMP]   default: Benchmarks/dumps/big-2200k.heapsnapshot (v8_summary.sh)
here=$(cd "$(dirname "$0")" && pwd)
dump=${1:-$here/dumps/big-2200k.heapsnapshot}
[ -f "$dump" ] || "$here/v8_summary.sh" 2200000 > /dev/null
source "$here/lib/explorer_session.sh" "$dump"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 5   # the background distances (and presorted orders) after the first screen
key "Dominators tab" 3
# Down the biggest-child chain: global, then the records array (its elements store is folded into it), whose
# level holds the records only the array keeps.
for level in 1 2; do
    key "Enter (level $level)" Enter
    tm capture-pane -p -t s | sed -n '3p' | sed 's/^/    /' || true
done
for k in s s s; do key "s (distance / retained / distance)" s; done
key "End" End
tm capture-pane -p -t s | grep -Eo '[0-9,]+ more children, [^(]*' | sed 's/^/    /' || true
key "Enter on 'more' (next 1,000 by distance)" Enter
key "Home" Home
tm capture-pane -p -t s | sed -n '4,6p' | sed 's/^/    /' || true
key "o (a record)" o
key "s (its retainers by distance)" s
key "q (back)" q
key "s (back to retained)" s
key "q (level up)" q
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
