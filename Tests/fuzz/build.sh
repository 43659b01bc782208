#!/usr/bin/env bash
# Builds the libFuzzer targets: one binary per target in $OUT (default .build-fuzz/bin).
#
# A SwiftPM executable does not link with -sanitize=fuzzer (libFuzzer brings its own main), so the reader modules are
# compiled here directly with swiftc, each with coverage instrumentation and AddressSanitizer, and every harness in
# Tests/fuzz/targets/ is linked against them. Exit 3 when the toolchain cannot build with -sanitize=fuzzer.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${OUT:-$ROOT/.build-fuzz}
SAN=${FUZZ_SANITIZE:-fuzzer,address}
mkdir -p "$OUT/mod" "$OUT/bin"
SWIFTC=${SWIFTC:-swiftc}
LD=()
if command -v ld.lld >/dev/null 2>&1 || [ -x "$(dirname "$(command -v "$SWIFTC")")/ld.lld" ]; then LD=(-use-ld=lld); fi

# Can this toolchain link a fuzzer at all?
probe="$OUT/probe"
mkdir -p "$probe"
cat > "$probe/p.swift" <<'SW'
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { 0 }
SW
if ! "$SWIFTC" -sanitize="$SAN" -parse-as-library "${LD[@]}" "$probe/p.swift" -o "$probe/p" >"$probe/log" 2>&1; then
    echo "fuzz: this Swift toolchain cannot link with -sanitize=$SAN:" >&2
    head -5 "$probe/log" >&2
    exit 3
fi

FLAGS=(-parse-as-library -O -g -wmo -sanitize="$SAN" -enable-testing -swift-version 6 -I "$OUT/mod" -I "$ROOT/Sources/CZlib" -I "$ROOT/Sources/CSystemShims")
# Modules in dependency order; a module is rebuilt when one of its sources (or an earlier module) is newer.
MODULES=(DumpProgress DumpInput HeapGraph HprofReader V8Reader HanaReader HeapAnalysis DumpKit DumpReports)
stale=0
for m in "${MODULES[@]}"; do
    obj="$OUT/mod/$m.o"
    if [ "$stale" = 1 ] || [ ! -f "$obj" ] || [ -n "$(find "$ROOT/Sources/$m" -name '*.swift' -newer "$obj" | head -1)" ]; then
        stale=1
        echo "fuzz: compiling $m" >&2
        "$SWIFTC" "${FLAGS[@]}" -module-name "$m" -emit-module -emit-module-path "$OUT/mod/$m.swiftmodule" \
            -c "$ROOT"/Sources/$m/*.swift -o "$obj"
    fi
done

objs=()
for m in "${MODULES[@]}"; do objs+=("$OUT/mod/$m.o"); done
for h in "$ROOT"/Tests/fuzz/targets/*.swift; do
    [ "$(basename "$h")" = Common.swift ] && continue
    t=$(basename "$h" .swift)
    bin="$OUT/bin/$t"
    if [ "$stale" = 1 ] || [ ! -x "$bin" ] || [ "$h" -nt "$bin" ] || [ -n "$(find "$ROOT/Tests/fuzz/targets" "$ROOT/Tests/fuzz/Pipeline.swift" -newer "$bin" | head -1)" ]; then
        echo "fuzz: linking $t" >&2
        # (in $OUT/bin: the driver leaves module files in the working directory)
        (cd "$OUT/bin" && "$SWIFTC" "${FLAGS[@]}" "${LD[@]}" -module-name "fuzz_${t//-/_}" "$h" "$ROOT/Tests/fuzz/targets/Common.swift" "$ROOT/Tests/fuzz/Pipeline.swift" \
            "${objs[@]}" -lz -o "$bin")
    fi
done
