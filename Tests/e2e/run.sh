#!/usr/bin/env bash
# End-to-end checks of the built hdx binary: every script beside this one, in order. Exits non-zero on a failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# The e2e scripts read SampleDumps/ in the repo: no persisted index there (index.sh tests it on copies).
export HDX_NO_INDEX=1
failed=0
passed=0
for t in "$here"/*.sh; do
  [ "$(basename "$t")" = run.sh ] && continue
  if bash "$t"; then passed=$((passed + 1)); else echo "FAILED: $(basename "$t")"; failed=$((failed + 1)); fi
done
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
