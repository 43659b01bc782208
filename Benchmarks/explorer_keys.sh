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
# `/` beyond the 1,000 listed rows scans the other 701,917 in the background: the key shows the progress at once.
tm send-keys -t s / z z z
key "/zzz Enter (search the 702,917 children, background)" Enter
t0=$(date +%s%N)
until tm capture-pane -p -t s | grep -q "no match for /zzz/"; do sleep 0.05; done
printf '%-52s %6d ms\n' "  ... the background search ends (no match)" $(( ($(date +%s%N) - t0) / 1000000 ))
tm send-keys -t s / q q q
key "/qqq Enter (a second search)" Enter
key "Esc (stops the search)" Escape
key "c (contents of the 2,097,152-slot table)" c
key "q (back)" q
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
key "M (merged paths of the selected class)" M
key "q (back)" q
key "i (immediate dominators of the selected class)" i
t0=$(date +%s%N)
until tm capture-pane -p -t s | grep -q "reachable instance"; do sleep 0.02; done
printf '%-52s %6d ms\n' "  ... its rows shown" $(( ($(date +%s%N) - t0) / 1000000 ))
key "q (back)" q
key ": (jump prompt)" :
key "Escape" Escape
# `:"text"` reads every java.lang.String in the background: the key shows the progress and the first matches.
tm send-keys -t s : '"' s e s s i o n - 1 2 3 4 5 6 '"'
key ':"session-123456" Enter (find strings, background)' Enter
sleep 20  # then what it has scanned; Esc stops it
printf '%-52s %s\n' "  ... after 20 s:" "$(tm capture-pane -p -t s | grep -Eo 'searching [0-9]+% of the objects|[0-9,]+ strings? contains?[^(]*' | head -1)"
key "Esc (stops the string search)" Escape
key "q (back)" q
