#!/usr/bin/env bash
# Latency of the MAT views on a big dump (tmux, pane polled until it changes; see explorer_keys.sh): `i` (immediate
# dominators) on the Histogram's first rows and on a filtered class, `i` again (JDK shown), Enter (the dominators),
# `L` (the dominator tree by class loader) and back. For `i` on a class with 200,000 instances or more the screen
# changes at once ("computing") and the rows come from a background thread: the time until they show is printed too.
#   Benchmarks/explorer_mat_keys.sh [DUMP]     default: the ≈ 2 GB LeakDemo dump of hprof_summary.sh
source "$(dirname "$0")/lib/explorer_session.sh" "$@"
computed() {  # computed NAME: time from now until the immediate dominators are computed
    local t0; t0=$(date +%s%N)
    until tm capture-pane -p -t s | grep -q "reachable instance"; do sleep 0.02; done
    printf '%-52s %6d ms\n' "$1" $(( ($(date +%s%N) - t0) / 1000000 ))
}
key "2 (Histogram)" 2
key "i on the first row" i; computed "  rows computed (background when big)"
key "i (JDK shown)" i; computed "  rows computed"
key "Enter (dominators)" Enter
key "q" q
key "q" q
key "j" j
key "i on the second row" i; computed "  rows computed"
key "q" q
# The biggest classes: 4.1 M byte[], 3.2 M String (computed in the background).
key "/ byte\[\]\$ Enter" / ; tm send-keys -t s -l 'byte\[\]$'; key "Enter" Enter
key "i on byte[] (4.1 M instances)" i; computed "  rows computed (background)"
key "i (JDK shown)" i; computed "  rows computed (background)"
key "q" q
key "Esc (clear filter)" /; tm send-keys -t s Escape
key "3 (Dominators)" 3
key "L (by class loader)" L
key "Enter (open a loader)" Enter
key "L (one row per object)" L
key "C (by class)" C
key "L (by loader)" L
