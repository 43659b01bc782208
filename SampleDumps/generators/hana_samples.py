#!/usr/bin/env python3
"""Writes synthetic SAP HANA runtime dumps for hdx's tests and benchmarks (stdlib only, deterministic).

    python3 hana_samples.py [OUTDIR]        # the five committed samples (default: ../hana next to this script):
                                            # two OOMs, a crash, and two OOM variants for the culprit rule: "stale"
                                            # (another thread carries an earlier allocation failure) and "old" (an
                                            # older-form PAL dump in which no thread has a pending exception)
    python3 hana_samples.py --big PATH      # a ~1 GB dump for Benchmarks/hana_summary.sh (never commit it)
    python3 hana_samples.py --series OUTDIR # days 1, 2, 3 of one service (for `hdx growth`, made at test time)
                                            # plus OUTDIR/truth.json: inclusive bytes per allocator per day

The layout follows the public fragments collected in /work/shared/reference/hana-rtedump.md: section headers
`[TAG]  Description: (YYYY-MM-DD HH:MM:SS mmm Local)`, `[OK]` + `--` after each section, a table of contents,
the OOM block of KBA 3582397 (IPMM short info, totals, fragmentation, top allocators with exact `(NNNb)` figures),
`[STACK_SHORT]` thread blocks with pending exceptions, `[CRASH_SHORTINFO]`/`[CRASH_STACK]`, and `[STATISTICS]`
views as `VIEW - text` / header / rows / `(VIEW, n rows)`. All values are invented but agree across sections:
  Total allocated = Sum AB + SHARED_MEMORY + CODE_SIZE,  Total used = Sum U + SHARED_MEMORY + CODE_SIZE,
  fragmentation = floor((allocated - used) * 100 / allocated),  U(indexserver) = sum of allocator exclusive sizes,
  inclusive = exclusive + inclusive of the children,  own AB + own shared + request > PAL for the OOMs.
"""
import os
import random
import sys
from hana_sample_parts import *    # noqa: F401,F403 (sizes, allocators, frames, formatting, processes, statements)
from hana_sample_threads import *  # noqa: F401,F403 (threads, their sections and views)


VARIANTS = {
    # name: (stamp, request, PM-INX, thread scenario, seed, old header form)
    "stale": ("20250314-093012", 1_610_612_736, 185533, "stale", 1103, False),
    "old": ("20240611-221503", 1_342_177_280, 90211, "old", 1104, True),
}


def oom_dump(day, variant=None):
    rng = random.Random(1000 + day if variant is None else VARIANTS[variant][4])
    addr = Addr(rng)
    if variant is not None:
        stamp, request, pm, scenario, _, old_form = VARIANTS[variant]
        ts = "%s-%s-%s %s:%s:%s" % (stamp[:4], stamp[4:6], stamp[6:8], stamp[9:11], stamp[11:13], stamp[13:15])
        headroom = 1_181_116_006
        threads = make_threads(rng, scenario, 40)
    elif day == 1:
        stamp, ts, request, pm = "20250311-142207", "2025-03-11 14:22:07", 2_415_919_104, 177221
        headroom = 1_181_116_006
        threads = make_threads(rng, "oom1", 90)
    elif day == 2:
        stamp, ts, request, pm = "20250312-141905", "2025-03-12 14:19:05", 1_073_741_824, 181907
        headroom = 503_316_480
        threads = make_threads(rng, "oom2", 90)
    else:
        stamp, ts, request, pm = "20250313-140211", "2025-03-13 14:02:11", 1_073_741_824, 186012
        headroom = 503_316_480
        threads = make_threads(rng, "oom2", 90)
    ab_index = PAL_INDEX - INDEX_SHARED - headroom
    fsl, fmc = 2_818_572_288, 1_207_959_552
    used_index = ab_index - fsl - fmc - (2_684_354_560 if day == 1 else 3_221_225_472)
    tree = allocator_tree(day, used_index)
    procs = processes(day, used_index)
    procs.insert(3, dict(pid=PID, name="hdbindexserver", PAL=PAL_INDEX, AB=ab_index, U=used_index, FRO=0, FSL=fsl,
                         FMC=fmc, shared=INDEX_SHARED))
    shared_total = sum(p["shared"] for p in procs)
    sum_ab = sum(p["AB"] for p in procs)
    sum_u = sum(p["U"] for p in procs)
    total_alloc = sum_ab + shared_total + CODE_SIZE
    total_used = sum_u + shared_total + CODE_SIZE
    frag = (total_alloc - total_used) * 100 // total_alloc
    failing = threads[0] if variant is None else next(t for t in threads if t.failing)
    name = "indexserver_%s.%d.rtedump.%s.%06d.oom.trc" % (HOST, PORT, stamp, PID)

    out = ["Runtime dump time: %s (Local)" % ts.replace("-", "/"), "",
           "Service: indexserver, Host: %s, Port: %d, PID: %d, SID: %s" % (HOST, PORT, PID, SID), ""]
    toc = [("BUILD", "Build information"), ("PROCESS_INFO", "Process information"),
           ("MEMORY_OOM", "Information about current out of memory situation"),
           ("IPMM_MEMORY", "Information about IPMM"),
           ("STACK_SHORT", "Short call stacks and pending exceptions of all threads"),
           ("THREADS", "Running threads"), ("INDEXMANAGER_WAITGRAPH", "Wait graph of index handles"),
           ("STATISTICS", "Statistics data")]
    out.extend("[%s] %s" % t for t in toc)
    out.append("")
    ms = 113
    section(out, "BUILD", "Build information", ts, ms, build_lines())
    section(out, "PROCESS_INFO", "Process information", ts, ms + 2, [
        "PID: %d" % PID, "Executable: hdbindexserver", "Host: %s" % HOST, "Port: %d" % PORT, "SID: %s" % SID,
        "Start time: 2025-02-27 05:12:44", ""])
    if variant is not None and VARIANTS[variant][5]:
        # The older form (KBA 2964136): no memory type, the size in plain bytes.
        oom = ["OUT OF MEMORY occurred.", "Host: %s" % HOST, "Executable: hdbindexserver", "PID: %d" % PID,
               "Failed to allocate %d byte." % request, "Allocation failure type: PROCESS_ALLOCATION_LIMIT",
               "Current callstack:"]
    else:
        oom = ["OUT OF MEMORY occurred.", "MemoryType: NearDRAM", "Host: %s" % HOST, "Executable: hdbindexserver",
               "PID: %d" % PID, "Failed to allocate %s." % hb(request),
               "Allocation failure type: PROCESS_ALLOCATION_LIMIT", "Current callstack:"]
    # The failing thread's stack from the OOM handler down (the dump writer above it is not part of it).
    from_handler = failing.frames[len(DUMP_WRITER):] if failing.frames[:len(DUMP_WRITER)] == DUMP_WRITER \
        else failing.frames
    oom.extend(frame_lines(from_handler, addr))
    oom.append("")
    oom.append("Memory consumption information of last failing ProvideMemory, PM-INX=%d:" % pm)
    oom.append("IPMM NearDRAM short info:")
    oom.append("GLOBAL_ALLOCATION_LIMIT (GAL) = %s, SHARED_MEMORY = %s, CODE_SIZE = %s, NVM_ALLOCATED_SIZE = 0b, "
               "OOM_RESERVATION_ALLOCATOR_SIZE = %s" % (hb(GAL), hb(shared_total), hb(CODE_SIZE),
                                                        hb(OOM_RESERVATION)))
    for p in procs:
        line = "PID=%d (%s), PAL=%s, AB=%s, UA=0, U=%s, FRO=%s, FSL=%s, FMC=%s" % (
            p["pid"], p["name"], hb(p["PAL"]), hb(p["AB"]), hb(p["U"]), hb(p["FRO"]) if p["FRO"] else "0b",
            hb(p["FSL"]) if p["FSL"] else "0b", hb(p["FMC"]) if p["FMC"] else "0b")
        if p["name"] == "hdbcompileserver":
            line += ", Blocked=%s" % hb(1_226_760_192)
        oom.append(line)
    oom.append("Total allocated memory= %s" % hb(total_alloc))
    oom.append("Total used memory     = %s" % hb(total_used))
    oom.append("Sum AB                = %d" % sum_ab)
    oom.append("Sum Used              = %d" % sum_u)
    oom.append("Heap memory fragmentation: %d%% (this value may be high if defragmentation does not help solving "
               "the current memory request)" % frag)
    oom.append('Top "M_HEAP_MEMORY" allocators (component, name, size). Ordered descending by exclusive_size_in_use.')
    by_excl = sorted(tree, key=lambda r: (-r[3], r[0]))[:20]
    for i, (path, comp, _, excl, _) in enumerate(by_excl, 1):
        extra = ""
        if path.endswith("DefaultPageProvider:DataPage"):
            extra = " (%s precharged, %s in preparation)" % (hb(134_217_728), hb(17_039_360))
        oom.append(top_line(i, comp, path, excl, extra))
    oom.append('Top "M_HEAP_MEMORY" allocators (component, name, size). Ordered descending by inclusive_size_in_use.')
    by_incl = sorted(tree, key=lambda r: (-r[4], r[0]))[:20]
    for i, (path, comp, _, _, incl) in enumerate(by_incl, 1):
        oom.append(top_line(i, comp, path, incl))
    oom.append("")
    section(out, "MEMORY_OOM", "Information about current out of memory situation", ts, ms + 5, oom)
    section(out, "IPMM_MEMORY", "Information about IPMM", ts, ms + 9, [
        "Inter Process Memory Management", "IPMM shared memory segment: SAP_IPMM_O048_%s" % SID,
        "Sum of allocation limits of all processes: %d" % sum(p["PAL"] for p in procs), ""])
    section(out, "STACK_SHORT", "Short call stacks and pending exceptions of all threads", ts, ms + 12,
            stack_short(threads, addr))
    section(out, "THREADS", "Running threads", ts, ms + 40, threads_section(threads))
    section(out, "INDEXMANAGER_WAITGRAPH", "Wait graph of index handles", ts, ms + 41,
            ["digraph WaitGraph {", "}"])
    stats = []
    stats += heap_view(tree)
    stats += service_memory_view(procs)
    stats += service_threads_view(threads)
    stats += connections_view(threads)
    stats += view("M_ACTIVE_STATEMENTS", "Active statements",
                  ["HOST", "PORT", "CONNECTION_ID", "STATEMENT_HASH", "STATEMENT_STATUS", "ALLOCATED_MEMORY_SIZE",
                   "STATEMENT_STRING"],
                  [(HOST, PORT, failing.cid, failing.stmt_hash, "ACTIVE", request * 3,
                    STATEMENT_TEXTS.get(failing.stmt_hash, failing.detail))])
    if day == 2:
        stats += view("M_OUT_OF_MEMORY_EVENTS", "Out of memory events",
                      ["TIMESTAMP", "HOST", "PORT", "CONNECTION_ID", "STATEMENT_HASH", "EVENT_REASON",
                       "ALLOCATION_SIZE", "PROCESS_ALLOCATION_LIMIT"],
                      [("2025-03-11 14:22:07.113000000", HOST, PORT, 300517, STATEMENT_HASH_1,
                        "PROCESS_ALLOCATION_LIMIT", 2_415_919_104, PAL_INDEX)])
    section(out, "STATISTICS", "Statistics data", ts, ms + 44, stats)
    return name, out


def build_lines():
    return ["Version         : 2.00.076.00.1705400033", "Branch          : fa/hana2sp07",
            "Git hash        : 6c2b1a9d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b", "Compile date    : 2024-01-16 11:37:42",
            "Compile host    : ld4554", "Compile type    : rel", ""]


def crash_dump():
    rng = random.Random(3003)
    addr = Addr(rng)
    stamp, ts = "20250313-031544", "2025-03-13 03:15:44"
    threads = make_threads(rng, "crash", 60)
    crashing = threads[0]
    name = "indexserver_%s.%d.crashdump.%s.%06d.trc" % (HOST, PORT, stamp, PID)
    used_index = sum(d2 for _, _, _, d2 in ALLOCATORS if d2) + 1_073_741_824
    tree = allocator_tree(2, used_index)
    out = ["Runtime dump time: %s (Local)" % ts.replace("-", "/"), "",
           "Service: indexserver, Host: %s, Port: %d, PID: %d, SID: %s" % (HOST, PORT, PID, SID), ""]
    toc = [("CRASH_SHORTINFO", "Exception short info"), ("CRASH_STACK", "Stacktrace of crash"),
           ("BUILD", "Build information"), ("PROCESS_INFO", "Process information"),
           ("STACK_SHORT", "Short call stacks and pending exceptions of all threads"), ("THREADS", "Running threads"),
           ("CRASH_REGISTERS", "Registers of crashing thread"), ("STATISTICS", "Statistics data")]
    out.extend("[%s] %s" % t for t in toc)
    out.append("")
    section(out, "CRASH_SHORTINFO", "Exception short info", ts, 512, [
        "SIGNAL 11 (SIGSEGV) caught, thread: %d[thr=%d]: %s, code: 1 (SEGV_MAPERR), address: 0x0000000000000018, "
        "value int: 0, ptr: 0x0000000000000000" % (crashing.ctx, crashing.tid, crashing.name)])
    no, loc, text = crashing.exception
    cs = ["----> Pending exceptions (possible root cause) <----",
          "exception 1: %s (%s)" % (no, loc), text, "exception throw location:"]
    cs.extend(frame_lines(crashing.frames[len(CRASH_HANDLER) + 2:], addr))
    cs.append("----> Symbolic stack backtrace <----")
    cs.extend(frame_lines(crashing.frames, addr, start=0))
    section(out, "CRASH_STACK", "Stacktrace of crash", ts, 512, cs)
    section(out, "BUILD", "Build information", ts, 514, build_lines())
    section(out, "PROCESS_INFO", "Process information", ts, 515, [
        "PID: %d" % PID, "Executable: hdbindexserver", "Host: %s" % HOST, "Port: %d" % PORT, "SID: %s" % SID, ""])
    section(out, "STACK_SHORT", "Short call stacks and pending exceptions of all threads", ts, 520,
            stack_short(threads, addr))
    section(out, "THREADS", "Running threads", ts, 541, threads_section(threads))
    section(out, "CRASH_REGISTERS", "Registers of crashing thread", ts, 542, [
        "rax=0x0000000000000000 rbx=0x00007f1a2c3d4e50 rcx=0x0000000000000018 rdx=0x0000000000000001",
        "rip=0x%016x rsp=0x00007f19e7ffb2a0" % addr.of(CRASH_MID[0])])
    stats = heap_view(tree) + service_threads_view(threads)
    section(out, "STATISTICS", "Statistics data", ts, 543, stats)
    return name, out


# ----------------------------------------------------------------------------------------------------------------
# The big dump for the benchmark: the day-1 OOM scenario with ~45k threads and a big [STATISTICS].

def big_dump(path, target_bytes=1_050_000_000):
    name, lines = oom_dump(1)
    rng = random.Random(42)
    addr = Addr(rng)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        stack_at = lines.index(next(l for l in lines if l.startswith("[STACK_SHORT]  ")))
        stats_at = lines.index(next(l for l in lines if l.startswith("[STATISTICS]  ")))
        f.write("\n".join(lines[:stack_at + 1]) + "\n")
        # Many threads: the story threads of the sample plus generated ones.
        end_stack = lines.index("[OK]", stack_at)
        f.write("\n".join(lines[stack_at + 1:end_stack]) + "\n")
        extra = make_threads(rng, "none", 45_000)
        for t in extra:
            t.ctx += 10_000_000
            t.tid += 1_000_000
        chunk = []
        for t in extra:
            chunk.extend(stack_short([t], addr))
            if len(chunk) > 20000:
                f.write("\n".join(chunk) + "\n")
                chunk = []
        f.write("\n".join(chunk) + "\n")
        f.write("\n".join(lines[end_stack:stats_at + 1]) + "\n")
        f.write("\n".join(lines[stats_at + 1:-2]) + "\n")
        written = f.tell()
        # A big plan-cache view with long statement texts fills the rest.
        cols = ["HOST", "PORT", "PLAN_ID", "STATEMENT_HASH", "EXECUTION_COUNT", "TOTAL_EXECUTION_TIME",
                "PLAN_MEMORY_SIZE", "STATEMENT_STRING"]
        f.write("M_SQL_PLAN_CACHE - SQL plan cache\n" + ";".join(cols) + "\n")
        tables = ["MSEG", "MKPF", "VBAP", "VBAK", "BSEG", "ACDOCA", "MARA", "MARC", "EKPO", "LIPS"]
        row = 0
        block = []
        while written < target_bytes:
            row += 1
            t = tables[row % len(tables)]
            stmt = ('SELECT * FROM "SAPHANADB"."%s" WHERE "MANDT" = ? AND "ID%d" IN (%s) ORDER BY 1' %
                    (t, row % 97, ", ".join("?" * 1 for _ in range(30 + row % 40))))
            line = '"%s";%d;%d;"%032x";%d;%d;%d;"%s"' % (HOST, PORT, 900000 + row, row * 2654435761 % (1 << 128),
                                                        row % 5000, row * 37 % 10_000_000, 40_000 + row % 9000,
                                                        stmt)
            block.append(line)
            written += len(line) + 1
            if len(block) >= 50000:
                f.write("\n".join(block) + "\n")
                block = []
        if block:
            f.write("\n".join(block) + "\n")
        f.write("(M_SQL_PLAN_CACHE, %d rows)\n\n" % row)
        f.write("[OK]\n--\n")
    return path


def write(path, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def main(argv):
    if len(argv) >= 2 and argv[0] == "--big":
        big_dump(argv[1])
        print(argv[1])
        return 0
    if len(argv) >= 2 and argv[0] == "--series":
        import json
        os.makedirs(argv[1], exist_ok=True)
        truth = {"files": [], "inclusive": {}}
        for day in (1, 2, 3):
            name, lines = oom_dump(day)
            write(os.path.join(argv[1], name), lines)
            truth["files"].append(name)
            print(os.path.join(argv[1], name))
        for day in (1, 2, 3):
            ab = PAL_INDEX - INDEX_SHARED - (1_181_116_006 if day == 1 else 503_316_480)
            used = ab - 2_818_572_288 - 1_207_959_552 - (2_684_354_560 if day == 1 else 3_221_225_472)
            for path, _c, _d, _e, incl in allocator_tree(day, used)[1:]:
                truth["inclusive"].setdefault(path, []).append(incl)
        with open(os.path.join(argv[1], "truth.json"), "w") as f:
            json.dump(truth, f, indent=1)
        return 0
    outdir = argv[0] if argv else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "hana")
    os.makedirs(outdir, exist_ok=True)
    for name, lines in (oom_dump(1), oom_dump(2), crash_dump(), oom_dump(1, "stale"), oom_dump(1, "old")):
        write(os.path.join(outdir, name), lines)
        print(os.path.join(outdir, name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
