#!/usr/bin/env bash
# Key latency of the explorer on a big dump, as a person sees it: hdx runs in tmux, each key is sent and the pane is
# polled (text and attributes) until it changes; the time includes tmux's own capture overhead.
#   Benchmarks/explorer_keys.sh [DUMP]     default: the ≈ 2 GB LeakDemo dump of hprof_summary.sh (generated if missing)
source "$(dirname "$0")/lib/explorer_session.sh" "$@"
key "Dominators tab" 3
# Down the biggest-child chain of LeakDemo's cache: loader › list › array › class › map › table (702,917 children).
for level in 1 2 3 4 5; do key "Enter (level $level)" Enter; done
key "Enter into the cache table (702,917 children)" Enter
key "End" End
key "Enter on 'more' (next 1,000)" Enter
key "Home" Home
key "C (group the 702,917 children by class)" C
key "C (ungroup)" C
key "p (paths to GC roots)" p
key "q (back)" q
key "o (object)" o
key "q (back)" q
key "Histogram tab" 2
for k in s s s; do key "s (next sort)" "$k"; done
key "/ (filter prompt)" /
for c in S e s s; do key "type '$c'" "$c"; done
key "Escape" Escape
key "t (package tree, built on first use)" t
key "t (class loaders)" t
key "t (flat again)" t
key "M (merged paths of the biggest class)" M
key "q (back)" q
key ": (jump prompt)" :
key "Escape" Escape
