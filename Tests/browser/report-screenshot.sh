#!/usr/bin/env bash
# Renders `hdx report --html` of a sample in Debian's headless chromium and checks the page: it loads with no
# network (the browser runs with networking disabled), shows the suspects and the SVG flame graphs, logs nothing to
# the console (the console check is first proven on a page with a script error), and fits a laptop screen.
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
# Console messages (script errors, blocked loads reported by the page) go to stderr as ":CONSOLE:" lines.
console() { "$browser" --headless --no-sandbox --disable-gpu --proxy-server=127.0.0.1:9 --enable-logging=stderr --v=0 \
  --dump-dom "file://$1" 2> "$2"; }
printf '<html><body><script>console.error("self-check")</script></body></html>' > "$tmp/bad.html"
console "$tmp/bad.html" "$tmp/bad.err" > /dev/null
grep -q ':CONSOLE:.*self-check' "$tmp/bad.err" || { echo "cannot see console messages: check broken"; exit 1; }
console "$tmp/report.html" "$tmp/console.err" > "$tmp/dom.html"
if grep ':CONSOLE:' "$tmp/console.err"; then echo "console messages on the report page"; exit 1; fi
grep -q "Leak suspects" "$tmp/dom.html" || grep -q "Verdict" "$tmp/dom.html" || { echo "page did not render"; exit 1; }
grep -q '<svg class="flame"' "$tmp/dom.html" && grep -q '<rect ' "$tmp/dom.html" || { echo "no flame graph in the page"; exit 1; }
"$browser" --headless --no-sandbox --disable-gpu --proxy-server=127.0.0.1:9 --window-size=1280,2400 \
  --screenshot="$png" "file://$tmp/report.html" 2>/dev/null
[ -s "$png" ] || { echo "no screenshot"; exit 1; }
echo "report-screenshot.sh: ok ($png)"
