# Shared by the explorer latency benchmarks (explorer_keys.sh, explorer_paths_keys.sh, explorer_views.sh): opens
# DUMP (default: the ≈ 2 GB LeakDemo dump of hprof_summary.sh, generated if missing) with the release hdx in a
# private tmux server, prints the time to the first screen, and defines `key NAME KEYS…` (time until the pane changes,
# text and attributes, tmux's capture overhead included) and `tm` (tmux on that server).
#   source "$(dirname "$0")/lib/explorer_session.sh" [DUMP]
export HDX_NO_INDEX=1  # the first-open cost: never read or write the persisted index
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
dump=${1:-$here/dumps/leakdemo-1700000.hprof}
[ -f "$dump" ] || "$here/hprof_summary.sh" 1700000 > /dev/null
hdx=${HDX:-$root/.build/release/hdx}
[ -n "${HDX:-}" ] || (cd "$root" && swift build -c release --product hdx 2>&1 | tail -1)
sock=hdx-bench-$$
tm() { tmux -L "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null' EXIT
cat "$dump" > /dev/null   # warm the page cache: we measure hdx, not the disk
tm -f /dev/null new-session -d -s s -x 120 -y 36 "env LANG=C.UTF-8 '$hdx' '$dump'; sleep 600"
start=$(date +%s%N)
until tm capture-pane -p -t s | grep -Eq "Leak suspects|Biggest objects"; do sleep 0.05; done
echo "open (load + first screen): $(( ($(date +%s%N) - start) / 1000000 )) ms"
# hdx's main (UI) thread: its CPU time per key (ns on a core, /proc schedstat) says what the key cost hdx itself,
# whatever else the box runs; the wall time includes waiting for a core.
hdx_pid=$(pgrep -P "$(tm list-panes -t s -F '#{pane_pid}')" | head -1)
ui_ns() { cut -d' ' -f1 "/proc/$hdx_pid/task/$hdx_pid/schedstat" 2>/dev/null || echo 0; }

key() {  # key NAME KEYS...: time until the screen changes
    local name=$1; shift
    local before t0 c0 i
    before=$(tm capture-pane -e -p -t s | md5sum)
    c0=$(ui_ns)
    t0=$(date +%s%N)
    tm send-keys -t s "$@"
    for ((i = 0; i < 4000; i++)); do
        if [ "$(tm capture-pane -e -p -t s | md5sum)" != "$before" ]; then
            printf '%-52s %6d ms  (UI thread CPU %3d ms)\n' "$name" $(( ($(date +%s%N) - t0) / 1000000 )) \
                $(( ($(ui_ns) - c0) / 1000000 )); return
        fi
    done
    printf '%-52s no change on screen\n' "$name"
}
