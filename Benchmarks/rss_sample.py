#!/usr/bin/env python3
"""Run a command and report its wall, user and system time and its peak memory by kind, sampled from
/proc/PID/status every 10 ms: RssAnon (hdx's own allocations: heap, stacks), RssFile (pages of mapped files: the
dump, and out of core the index's temporary files, which the kernel can write back and drop), RssShmem, and the
kernel's VmHWM (peak of all three together). Peak RssAnon is the figure `--max-memory` bounds.

Usage: rss_sample.py LABEL -- COMMAND [ARGS...]   (stdout of the command goes to Benchmarks/out/LABEL.out)
Prints one line: LABEL wall=S.SSs user=S.SSs sys=S.SSs peakRssAnon=N MiB peakRssFile=N MiB VmHWM=N MiB exit=C
"""
import os
import resource
import subprocess
import sys
import time


def status(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("RssAnon", "RssFile", "RssShmem", "VmHWM"):
                    out[k] = int(v.split()[0])
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    return out


def main():
    if "--" not in sys.argv:
        sys.exit(__doc__)
    sep = sys.argv.index("--")
    label = " ".join(sys.argv[1:sep])
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
    os.makedirs(out_dir, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in label)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    with open(os.path.join(out_dir, safe + ".out"), "wb") as f:
        proc = subprocess.Popen(sys.argv[sep + 1:], stdout=f)
        peak = {"RssAnon": 0, "RssFile": 0, "RssShmem": 0, "VmHWM": 0}
        while proc.poll() is None:
            for k, v in status(proc.pid).items():
                peak[k] = max(peak[k], v)
            time.sleep(0.01)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    user, sys_ = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    hwm = max(peak["VmHWM"], after.ru_maxrss)
    print(f"{label}  wall={wall:.2f}s  user={user:.2f}s  sys={sys_:.2f}s  peakRssAnon={peak['RssAnon'] / 1024:.0f} MiB"
          f"  peakRssFile={peak['RssFile'] / 1024:.0f} MiB  VmHWM={hwm / 1024:.0f} MiB  exit={proc.returncode}",
          flush=True)
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
