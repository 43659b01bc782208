#!/usr/bin/env bash
# Times loading a ~1 GB SAP HANA runtime dump (many threads, a big [STATISTICS]) with the release build.
# Target: <= 1.5 s wall clock and <= 300 MB peak resident set.
#
#   Benchmarks/hana_summary.sh            # generates Benchmarks/dumps/hana_big.oom.trc once (git-ignored), then times
#   HDX_BIN=path/to/hdx Benchmarks/hana_summary.sh
export HDX_NO_INDEX=1  # the first-open cost: never read or write the persisted index
set -euo pipefail
cd "$(dirname "$0")/.."
DUMP=Benchmarks/dumps/hana_big.oom.trc
mkdir -p Benchmarks/dumps
if [ ! -s "$DUMP" ]; then
    echo "generating $DUMP (~1 GB) ..." >&2
    python3 SampleDumps/generators/hana_samples.py --big "$DUMP" >/dev/null
fi
HDX=${HDX_BIN:-.build/release/hdx}
if [ -z "${HDX_BIN:-}" ]; then
    swift build -c release --product hdx >&2
fi
ls -l "$DUMP" >&2
cat "$DUMP" > /dev/null   # warm the page cache: the benchmark measures parsing, not the disk
for run in 1 2 3; do
    /usr/bin/time -v "$HDX" summary "$DUMP" --json > /tmp/hdx-hana-summary.$$.json 2> /tmp/hdx-hana-time.$$.txt || {
        cat /tmp/hdx-hana-time.$$.txt >&2; exit 1; }
    wall=$(grep 'Elapsed (wall clock)' /tmp/hdx-hana-time.$$.txt | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' /tmp/hdx-hana-time.$$.txt | awk '{print $NF}')
    echo "run $run: wall ${wall}  peak RSS $((rss / 1024)) MB"
done
head -c 600 /tmp/hdx-hana-summary.$$.json; echo
rm -f /tmp/hdx-hana-summary.$$.json /tmp/hdx-hana-time.$$.txt
