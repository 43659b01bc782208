# Shared by the tmux end-to-end scripts: a private tmux server per run, screen capture, pass/fail counting.
# The caller sets SOCK_PREFIX and WAIT_TICKS (50 ms each) before sourcing.
RUN=0
SOCK="$SOCK_PREFIX-$$-$RUN"
S="e2e"
PASS=0; FAIL=0
tm() { tmux -L "$SOCK" "$@"; }
cleanup() { tm kill-server 2>/dev/null; }
trap cleanup EXIT
cap() { tm capture-pane -p -t "$S" 2>/dev/null; }
ok() { PASS=$((PASS + 1)); echo "ok   $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL $1"; echo "---- screen ----"; cap; echo "----------------"; }
# wait_for REGEX NAME: poll the pane until REGEX shows, for up to WAIT_TICKS × 50 ms.
wait_for() {
    for ((i = 0; i < WAIT_TICKS; i++)); do
        if cap | grep -Eq -- "$1"; then ok "$2"; return 0; fi
        sleep 0.05
    done
    bad "$2 (waited for /$1/)"; return 1
}
