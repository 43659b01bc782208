#!/usr/bin/env bash
# Latency of the expert views on a big dump, as a person sees it (tmux, pane polled until it changes; see
# explorer_keys.sh): open, the Reports tab's background computation, report screens, `c` (a collection's contents),
# the Object screen.
#   Benchmarks/explorer_views.sh [DUMP]     default: the ≈ 2 GB LeakDemo dump of hprof_summary.sh (generated if missing)
source "$(dirname "$0")/lib/explorer_session.sh" "$@"
t0=$(date +%s%N); tm send-keys -t s 4
until tm capture-pane -p -t s | grep -Eq "held more than once|DevTools' Statistics of"; do sleep 0.05; done
echo "Reports computed (background, from pressing 4): $(( ($(date +%s%N) - t0) / 1000000 )) ms"
for k in Enter q j Enter c j q q 3 Enter o; do key "$k" "$k"; done
