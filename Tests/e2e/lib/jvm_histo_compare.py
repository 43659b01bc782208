#!/usr/bin/env python3
"""Compares `hdx histogram --json` with the JVM's own `jcmd GC.class_histogram` of the same live set.

Usage: jvm_histo_compare.py JVM.histo HDX.json [--also=AFTER.histo] [--min-bytes-match=FRACTION]
                             [--exact=CLASS,CLASS...] [--verbose]
Prints one line: classes whose bytes match / classes, total bytes hdx / JVM, count mismatches.
With --also, a class also counts as matching when it matches the second histogram (taken right after the dump; the
JVM's own numbers may differ between the two by a TLAB filler).
Exits 1 when a class count differs, fewer than FRACTION of the classes have the JVM's bytes, or a class named in
--exact (when the JVM lists it) does not have the JVM's bytes.
Names: the JVM prints descriptors (`[B`, `[Ljava.lang.String;`) and hidden classes as `Name/0x…`; hdx prints
source form (`byte[]`, `java.lang.String[]`) and whatever the dump's UTF8 record says. Both are normalised, and rows
with the same name (one class per loader) are summed on both sides.
"""
import json
import re
import sys

PRIMS = {"Z": "boolean", "C": "char", "F": "float", "D": "double", "B": "byte", "S": "short", "I": "int", "J": "long"}


def source_form(name):
    dims = 0
    while name.startswith("["):
        dims += 1
        name = name[1:]
    if dims:
        if name.startswith("L") and name.endswith(";"):
            name = name[1:-1]
        else:
            name = PRIMS.get(name, name)
    return name.replace("/", ".") + "[]" * dims


def normal(name):
    # Hidden classes: `Foo$$Lambda/0x…` (JVM) vs `Foo$$Lambda+0x…` or `Foo$$Lambda.0x…` (dump): keep the stem.
    return re.sub(r"[/+.]0x[0-9a-f]+", "", name)


def jvm_rows(path):
    rows = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if not m:
            continue
        name = normal(source_form(m.group(3)))
        # JDK 19+ fills unused heap with arrays of class `[Ljdk.internal.vm.FillerElement;`, which are int arrays
        # inside; the dumper writes them as int[] records (nothing in the dump tells them apart).
        if name == "jdk.internal.vm.FillerElement[]":
            name = "int[]"
        c, b = rows.get(name, (0, 0))
        rows[name] = (c + int(m.group(1)), b + int(m.group(2)))
    return rows


def hdx_rows(path):
    rows = {}
    for r in json.load(open(path))["rows"]:
        if r["count"] == 0:
            continue
        name = normal(r["class"])
        c, b = rows.get(name, (0, 0))
        rows[name] = (c + r["count"], b + r["shallow"])
    return rows


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    verbose = "--verbose" in sys.argv
    need = 0.99
    for a in sys.argv[1:]:
        if a.startswith("--min-bytes-match="):
            need = float(a.split("=", 1)[1])
    jvm, hdx = jvm_rows(args[0]), hdx_rows(args[1])
    exact = set()
    for a in sys.argv[1:]:
        if a.startswith("--exact="):
            exact = set(a.split("=", 1)[1].split(","))
    also = {}
    for a in sys.argv[1:]:
        if a.startswith("--also="):
            also = jvm_rows(a.split("=", 1)[1])
    names = sorted(set(jvm) | set(hdx))
    count_bad, bytes_bad = [], []
    for n in names:
        jc, jb = jvm.get(n, (0, 0))
        hc, hb = hdx.get(n, (0, 0))
        if also and (jc, jb) != (hc, hb) and also.get(n, (0, 0)) == (hc, hb):
            jc, jb = hc, hb
        if jc != hc:
            count_bad.append((n, jc, hc))
        elif jb != hb:
            bytes_bad.append((n, jc, jb, hb))
    matching = len(names) - len(count_bad) - len(bytes_bad)
    jt = sum(b for _, b in jvm.values())
    ht = sum(b for _, b in hdx.values())
    print(f"{matching}/{len(names)} classes exact, bytes hdx {ht:,} / JVM {jt:,}, {len(count_bad)} count mismatches")
    sys.stdout.flush()
    if verbose or count_bad:
        for n, jc, hc in count_bad[:20]:
            print(f"  count {n}: JVM {jc}, hdx {hc}")
    if verbose or len(bytes_bad) > (1 - need) * len(names):
        for n, c, jb, hb in bytes_bad[:40]:
            print(f"  bytes {n}: {c} instances, JVM {jb} ({jb / c:.1f}/obj), hdx {hb} ({hb / c:.1f}/obj)")
    exact_bad = [b for b in bytes_bad if b[0] in exact]
    for n, c, jb, hb in exact_bad:
        print(f"  not exact: {n}: JVM {jb}, hdx {hb}")
    ok = not count_bad and not exact_bad and matching >= need * len(names)
    sys.exit(0 if ok else 1)


main()
