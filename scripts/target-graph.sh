#!/bin/sh
# The module graph as the code has it: for every target under Sources/ and Tests/, the modules its files import
# (`^import X`, platform modules left out), compared with the dependencies Package.swift declares for it.
# Prints one line per target: `Target -> A, B` and, when they differ, `undeclared: …` / `declared, not imported: …`.
# Usage: scripts/target-graph.sh [repo]   (run from the repository root by default)
cd "${1:-.}" || exit 1
python3 - <<'PY'
import os, re
src = open("Package.swift").read()
decl = {}
where = {}
for m in re.finditer(r'\.(?:target|executableTarget|testTarget)\(\s*name:\s*"(\w+)"(.*?)swiftSettings', src, re.S):
    deps = re.search(r'dependencies:\s*\[(.*?)\]\s*,', m.group(2), re.S)
    names = set()
    if deps:
        for d in re.findall(r'"([\w-]+)"|\.product\(name:\s*"(\w+)"', deps.group(1)):
            names.add(d[0] or d[1])
        names.discard("swift-argument-parser")
    decl[m.group(1)] = names
    pm = re.search(r'path:\s*"([^"]+)"', m.group(2))
    srcs = re.search(r'sources:\s*\[(.*?)\]', m.group(2), re.S)
    where[m.group(1)] = (pm.group(1) if pm else None, re.findall(r'"([^"]+)"', srcs.group(1)) if srcs else None)
platform = {"Foundation", "Glibc", "Darwin", "Dispatch", "Synchronization", "Testing", "XCTest", "Musl", "WinSDK"}
for name in sorted(decl):
    root = where[name][0] or os.path.join("Tests" if name.endswith("Tests") else "Sources", name)
    only = where[name][1]
    imports = set()
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(".swift") and (only is None or os.path.relpath(os.path.join(d, f), root) in only):
                for line in open(os.path.join(d, f), encoding="utf-8"):
                    m = re.match(r'\s*(?:@testable\s+|@preconcurrency\s+|@_exported\s+)?import\s+(\w+)', line)
                    if m and m.group(1) not in platform:
                        imports.add(m.group(1))
    line = f"{name} -> {', '.join(sorted(imports)) or '(nothing)'}"
    extra, missing = imports - decl[name], decl[name] - imports
    if extra: line += f"   undeclared: {', '.join(sorted(extra))}"
    if missing: line += f"   declared, not imported: {', '.join(sorted(missing))}"
    print(line)
PY
