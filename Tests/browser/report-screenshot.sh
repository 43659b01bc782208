#!/usr/bin/env bash
# Renders `hdx report --html` of a sample in Debian's headless chromium and checks the page: it loads with no
# network (the browser runs with networking disabled), shows the suspects, and fits a laptop screen.
# Needs `apt-get install -y chromium` (not installed by .ci/run: it is large); skips when chromium is absent.
#   Tests/browser/report-screenshot.sh [DUMP] [OUT.png]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dump=${1:-$root/SampleDumps/java/leakdemo.hprof}
png=${2:-$(mktemp -d)/report.png}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "report-screenshot.sh: skipped (no chromium)"; exit 0; }
hdx=${HDX:-$root/.build/debug/hdx}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$hdx" report "$dump" --html "$tmp/report.html" > /dev/null
[ "$(stat -c %a "$tmp/report.html")" = 600 ] || { echo "report.html is not mode 0600"; exit 1; }
# --dump-dom proves the page parses and renders in a real engine; the screenshot is for a person to look at.
"$browser" --headless --no-sandbox --disable-gpu --proxy-server=127.0.0.1:9 --dump-dom "file://$tmp/report.html" \
  2>/dev/null > "$tmp/dom.html"
grep -q "Leak suspects" "$tmp/dom.html" || grep -q "Verdict" "$tmp/dom.html" || { echo "page did not render"; exit 1; }
"$browser" --headless --no-sandbox --disable-gpu --proxy-server=127.0.0.1:9 --window-size=1280,2400 \
  --screenshot="$png" "file://$tmp/report.html" 2>/dev/null
[ -s "$png" ] || { echo "no screenshot"; exit 1; }
echo "report-screenshot.sh: ok ($png)"
