#!/usr/bin/env bash
# Latency of the path views' keys on a big dump, measured as explorer_keys.sh does (tmux, time until the screen
# changes): the package tree (`t`, built on first use), the class-loader tree (`t` again), merged shortest paths of
# LeakDemo$Session (`M`), the dominator tree grouped by class (`C`) at the top and inside the session cache's table.
#   Benchmarks/explorer_paths_keys.sh [DUMP]     default: the ≈ 2 GB LeakDemo dump of hprof_summary.sh
export HDX_NO_INDEX=1
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dump=${1:-$here/dumps/leakdemo-1700000.hprof}
[ -f "$dump" ] || "$here/hprof_summary.sh" 1700000 > /dev/null
hdx=${HDX:-$root/.build/release/hdx}
[ -x "$hdx" ] || (cd "$root" && swift build -c release --product hdx 2>&1 | tail -1)
sock=hdx-pathkeys-$$
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null' EXIT
cat "$dump" > /dev/null
tm -f /dev/null new-session -d -s s -x 120 -y 36 "env LANG=C.UTF-8 '$hdx' '$dump'; sleep 600"
start=$(date +%s%N)
until tm capture-pane -p -t s | grep -Eq "Leak suspects|Biggest objects"; do sleep 0.05; done
echo "open (load + first screen): $(( ($(date +%s%N) - start) / 1000000 )) ms"
key() {  # key NAME KEYS...: time until the screen changes
    local name=$1; shift
    local before t0 i
    before=$(tm capture-pane -e -p -t s | md5sum)
    t0=$(date +%s%N)
    tm send-keys -t s "$@"
    for ((i = 0; i < 4000; i++)); do
        if [ "$(tm capture-pane -e -p -t s | md5sum)" != "$before" ]; then
            printf '%-52s %6d ms\n' "$name" $(( ($(date +%s%N) - t0) / 1000000 )); return
        fi
    done
    printf '%-52s no change on screen\n' "$name"
}
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
