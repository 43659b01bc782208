#!/usr/bin/env python3
"""First open of a dump, phase by phase: wall, user and system CPU, resident memory (all and anonymous).

Usage: first_open.py [--runs N] HDX DUMP

Runs `HDX summary DUMP --json --no-index` N times (default 3), samples /proc/PID/stat and /proc/PID/status every
20 ms, and cuts the samples at the phase boundaries hdx reports in `timings` (phases follow each other from the
start of the process; a "(thread 2)" phase ran beside the "(thread 1)" phase before it and is not a stretch of
its own: that stretch lasts as long as the longer of the two). Prints per phase the ranges over the runs of wall s, user s, sys s, peak RSS MiB and peak
anonymous RSS MiB, then the totals with CPU seconds and (user+sys)/wall: 2.0 would mean both cores busy throughout.
The last column gives each thread's CPU seconds in the phase (last run, busiest first, threads under 0.02 s left
out): one entry means the phase ran on one core; the busiest entries summed over the phases are the critical path
an idle box would see, which is the honest measure when the box is shared.
CPU figures have the kernel's 10 ms tick resolution; the box's load is printed before and after.
"""
import json
import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def sample(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        utime, stime = int(fields[11]) / TICK, int(fields[12]) / TICK
        rss = anon = 0
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
                elif line.startswith("RssAnon:"):
                    anon = int(line.split()[1]) / 1024
        return utime, stime, rss, anon, threads(pid)
    except (OSError, IndexError, ValueError):
        return None


def threads(pid):
    """CPU seconds (user+sys) so far of each thread of `pid`."""
    out = {}
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                out[tid] = (int(fields[11]) + int(fields[12])) / TICK
            except (OSError, IndexError, ValueError):
                pass
    except OSError:
        pass
    return out


def one_run(hdx, dump):
    env = dict(os.environ, HDX_NO_INDEX="1")
    start = time.monotonic()
    proc = subprocess.Popen([hdx, "summary", dump, "--json", "--no-index"], stdout=subprocess.PIPE, env=env)
    samples = []
    while proc.poll() is None:
        s = sample(proc.pid)
        if s:
            samples.append((time.monotonic() - start,) + s)
        time.sleep(0.02)
    out = proc.stdout.read()
    wall = time.monotonic() - start
    data = json.loads(out)
    return wall, samples, data


def main():
    args = sys.argv[1:]
    runs = 3
    if args[:1] == ["--runs"]:
        runs, args = int(args[1]), args[2:]
    hdx, dump = args
    print("load before:", open("/proc/loadavg").read().strip())
    table = {}
    totals = []
    before = os.times()
    for _ in range(runs):
        t0 = os.times()
        wall, samples, data = one_run(hdx, dump)
        t1 = os.times()
        user, sys_ = t1.children_user - t0.children_user, t1.children_system - t0.children_system
        totals.append((wall, user, sys_))
        edge = 0.0
        prev = (0.0, 0.0)
        prev_threads = {}
        phases = list(data["timings"].items())
        order = ["scan", "objects", "layout", "resolve", "header", "parse nodes, first edges (thread 1)",
                 "parse other edges, strings (thread 2)", "DOM state", "edge rules + shallow sizes (thread 1)",
                 "class names (thread 2)", "graph", "dominators", "retained", "histogram"]
        phases.sort(key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
        for i, (name, secs) in enumerate(phases):
            if "(thread 2)" in name:
                # Ran beside the thread-1 phase before it: the same stretch of the clock, not the next one.
                continue
            if "(thread 1)" in name and i + 1 < len(phases) and "(thread 2)" in phases[i + 1][0]:
                secs = max(secs, phases[i + 1][1])   # the stretch lasts until both threads are done
            lo, hi = edge, edge + secs
            edge = hi
            inside = [s for s in samples if lo <= s[0] < hi] or [min(samples, key=lambda s: abs(s[0] - hi))]
            last = inside[-1]
            cpu = (last[1] - prev[0], last[2] - prev[1])
            prev = (last[1], last[2])
            cum = dict(prev_threads)
            for s in (x for x in samples if x[0] < hi):
                cum.update(s[5])
            per_thread = sorted((cum[t] - prev_threads.get(t, 0) for t in cum), reverse=True)
            prev_threads = cum
            row = table.setdefault(name, [])
            row.append((secs, cpu[0], cpu[1], max(s[3] for s in inside), max(s[4] for s in inside),
                        [round(c, 2) for c in per_thread if c >= 0.02]))
    print("load after: ", open("/proc/loadavg").read().strip())

    def rng(vals, fmt):
        lo, hi = min(vals), max(vals)
        return fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else (fmt + "–" + fmt).format(lo, hi)

    print(f"| phase | wall s | user s | sys s | peak RSS MiB | peak anon MiB | per-thread CPU s (last run) |")
    print("|---|---|---|---|---|---|---|")
    critical = 0.0
    for name, rows in table.items():
        cols = list(zip(*rows))
        last = rows[-1][5]
        critical += last[0] if last else 0.0
        print(f"| {name} | {rng(cols[0], '{:.2f}')} | {rng(cols[1], '{:.2f}')} | {rng(cols[2], '{:.2f}')} | "
              f"{rng(cols[3], '{:.0f}')} | {rng(cols[4], '{:.0f}')} | {' + '.join(f'{c:.2f}' for c in last)} |")
    w, u, s = zip(*totals)
    cpu = [a + b for a, b in zip(u, s)]
    ratio = [c / x for c, x in zip(cpu, w)]
    peak = [max(r[3] for r in rows) for rows in zip(*table.values())]
    anon = [max(r[4] for r in rows) for rows in zip(*table.values())]
    print(f"| **total** | {rng(w, '{:.2f}')} | {rng(u, '{:.2f}')} | {rng(s, '{:.2f}')} | {rng(peak, '{:.0f}')} | "
          f"{rng(anon, '{:.0f}')} |")
    print(f"CPU seconds (user+sys): {rng(cpu, '{:.2f}')}; (user+sys)/wall: {rng(ratio, '{:.2f}')}")
    print(f"wall per run: {', '.join(f'{x:.2f}' for x in w)} (median {sorted(w)[len(w) // 2]:.2f})")
    print(f"busiest thread per phase, summed (last run): {critical:.2f} s")


if __name__ == "__main__":
    main()
