#!/usr/bin/env bash
# Key latency of the explorer on a big dump, as a person sees it: hdx runs in tmux, each key is sent and the pane is
# polled (text and attributes) until it changes; the time includes tmux's own capture overhead.
#   Benchmarks/explorer_keys.sh [DUMP]     default: the ≈ 2 GB LeakDemo dump of hprof_summary.sh (generated if missing)
export HDX_NO_INDEX=1  # the first-open cost: never read or write the persisted index
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dump=${1:-$here/dumps/leakdemo-1700000.hprof}
[ -f "$dump" ] || "$here/hprof_summary.sh" 1700000 > /dev/null
(cd "$root" && swift build -c release --product hdx 2>&1 | tail -1)
sock=hdx-keys-$$
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null' EXIT
cat "$dump" > /dev/null
tm -f /dev/null new-session -d -s s -x 120 -y 36 "env LANG=C.UTF-8 '$root/.build/release/hdx' '$dump'; sleep 600"
start=$(date +%s%N)
until tm capture-pane -p -t s | grep -Eq "Leak suspects|Biggest objects"; do sleep 0.05; done
echo "open (load + first screen): $(( ($(date +%s%N) - start) / 1000000 )) ms"
key() {  # key NAME KEYS...: time until the screen changes
    local name=$1; shift
    local before t0 i
    before=$(tm capture-pane -e -p -t s | md5sum)
    t0=$(date +%s%N)
    tm send-keys -t s "$@"
    for ((i = 0; i < 2000; i++)); do
        if [ "$(tm capture-pane -e -p -t s | md5sum)" != "$before" ]; then
            printf '%-40s %5d ms\n' "$name" $(( ($(date +%s%N) - t0) / 1000000 )); return
        fi
    done
    printf '%-40s no change on screen\n' "$name"
}
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
