#!/usr/bin/env python3
"""Run a command and report its wall time and peak resident memory (from the kernel's rusage of the child).

Usage: measure.py LABEL -- COMMAND [ARGS...]
Prints one line: LABEL  wall=S.SSs  peakRSS=N MiB  exit=C, and the command's stdout goes to LABEL.out beside
Benchmarks/out/ when --save is given.
"""
import os
import resource
import subprocess
import sys
import time


def main():
    if "--" not in sys.argv:
        sys.exit(__doc__)
    sep = sys.argv.index("--")
    label = " ".join(sys.argv[1:sep])
    cmd = sys.argv[sep + 1:]
    start = time.monotonic()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE)
    wall = time.monotonic() - start
    rss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
    os.makedirs(out_dir, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in label)
    with open(os.path.join(out_dir, safe + ".out"), "wb") as f:
        f.write(proc.stdout)
    print(f"{label}  wall={wall:.2f}s  peakRSS={rss_kib / 1024:.0f} MiB  exit={proc.returncode}", flush=True)
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
