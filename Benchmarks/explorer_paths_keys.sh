#!/usr/bin/env bash
# Latency of the path views' keys on a big dump, measured as explorer_keys.sh does (tmux, time until the screen
# changes): the package tree (`t`, built on first use), the class-loader tree (`t` again), merged shortest paths of
# LeakDemo$Session (`M`), the dominator tree grouped by class (`C`) at the top and inside the session cache's table.
#   Benchmarks/explorer_paths_keys.sh [DUMP]     default: the ≈ 2 GB LeakDemo dump of hprof_summary.sh
source "$(dirname "$0")/lib/explorer_session.sh" "$@"
key "Histogram tab" 2
key "t: package tree (built on first use)" t
key "j" j
key "t: class-loader tree (built on first use)" t
key "t: flat again" t
key "t: package tree again (built)" t
key "t t: loader tree, then flat" t t
tm send-keys -t s / 'LeakDemo.Session$' Enter; sleep 1
key "M: merged paths of LeakDemo\$Session" M
key "j (merged paths)" j
key "q" q
key "Dominators tab" 3
key "C: group the top level by class" C
key "C: ungroup" C
for level in 1 2 3 4 5; do key "Enter (level $level)" Enter; done
key "Enter into the cache table" Enter
key "C: group the table's children by class" C
key "Enter: open the biggest group" Enter
key "C: ungroup" C
