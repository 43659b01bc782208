#!/usr/bin/env bash
# `--json` and `--csv` of the table commands (one option group, Sources/hdx/OutputFormatOptions.swift): each of
# histogram, dominators, immediate-dominators, diff and growth refuses both at once with the contract's one error
# line and exit 2 (usage), before reading any dump; each lists both flags in --help with its own wording.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
hdx=${HDX:-$root/.build/debug/hdx}
fail() { echo "output-format.sh: $*"; exit 1; }
J=$root/SampleDumps/java/leakdemo.hprof
missing=/nonexistent/never.hprof   # never opened: the usage error comes first
for args in "histogram $missing" "dominators $missing" "immediate-dominators $missing java.lang.String" \
            "diff $missing $missing" "growth $missing $missing $missing"; do
  # shellcheck disable=SC2086
  err=$("$hdx" $args --json --csv 2>&1 >/dev/null); rc=$?
  [ "$rc" -eq 2 ] || fail "$args --json --csv: exit $rc, expected 2"
  [ "$(head -1 <<< "$err")" = "Error: --json and --csv exclude each other" ] || fail "$args --json --csv: $err"
done
check_help() {  # check_help COMMAND JSON_HELP CSV_HELP
  local help; help=$("$hdx" "$1" --help)
  grep -Eq -- "--json +$2" <<< "$help" || fail "$1 --help: --json not described as '$2'"
  grep -Eq -- "--csv +$3" <<< "$help" || fail "$1 --help: --csv not described as '$3'"
}
check_help histogram "Print JSON\." "Print CSV \(RFC 4180, integer bytes\)\."
check_help dominators "Print JSON\." "Print CSV \(RFC 4180, integer bytes\)\."
check_help immediate-dominators "Print JSON\." "Print CSV \(RFC 4180, integer bytes\)\."
check_help diff "Print JSON instead of opening the side-by-side" "Print the rows as CSV \(RFC 4180, integer bytes\)\."
check_help growth "Print JSON instead of opening the explorer" "Print the rows as CSV \(RFC 4180, integer bytes\)\."
# Either flag alone still works.
"$hdx" histogram "$J" --json --top 3 --no-index | python3 -c "import json,sys; json.load(sys.stdin)" \
    || fail "histogram --json is not JSON"
[ "$("$hdx" histogram "$J" --csv --top 3 --no-index | wc -l)" -eq 4 ] || fail "histogram --csv: not a header and 3 rows"
echo "output-format.sh: ok"
