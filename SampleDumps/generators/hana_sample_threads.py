"""The indexserver's threads of the synthetic HANA dumps (see hana_samples.py) and the sections and views made from
them and from the allocator tree."""

from hana_sample_parts import *  # noqa: F401,F403 (the dumps' shared pieces)


class Thread:
    def __init__(self, ctx, tid, name, frames, state, cid=-1, user="", method="", detail="", cpu=0.0,
                 exception=None, stmt_hash=""):
        self.ctx, self.tid, self.name, self.frames, self.state = ctx, tid, name, frames, state
        self.cid, self.user, self.method, self.detail, self.cpu = cid, user, method, detail, cpu
        self.exception = exception
        self.stmt_hash = stmt_hash
        self.failing = False


def make_threads(rng, scenario, count):
    """The threads of the indexserver; the first ones carry the story, the rest are idle or busy workers."""
    threads = []
    ctx = 1871
    tid = 22817

    def add(name, frames, state, **kw):
        nonlocal ctx, tid
        t = Thread(ctx, tid, name, frames, state, **kw)
        threads.append(t)
        ctx += rng.randint(3, 900)
        tid += rng.randint(1, 9)
        return t

    if scenario == "oom1":
        add("SqlExecutor", ALLOC_TOP + SEARCH_MID + SQL_TAIL + THREAD_BASE, "Running", cid=300517,
            user="ANALYTICS_APP", method="ExecutePrepared", detail=STATEMENT_1, cpu=412.3,
            stmt_hash=STATEMENT_HASH_1,
            exception=("no.1000002", "ltt/impl/memory.cpp:64",
                       "Allocation failed ; $size$=2415919104; $name$=SearchAlloc; $type$=pool; "
                       "$inuse_count$=1184; $allocated_size$=58012736512"))
        for k in range(6):
            mid = JOB_MID[k % 3:k % 3 + 3] + JOB_MID[4:]
            add("JobWrk%04d" % (1200 + k * 37), [IDLE_TAIL[0]] + ALLOC_TOP[:2] + mid + IDLE_TAIL[3:] + THREAD_BASE,
                "Running", cid=300517, user="ANALYTICS_APP", method="AggregationJob",
                detail="JobWorker for statement %s" % STATEMENT_HASH_1, cpu=95.0 + k, stmt_hash=STATEMENT_HASH_1)
    elif scenario == "oom2":
        add("JobWrk0311", ALLOC_TOP + STATS_MID + IDLE_TAIL[3:] + THREAD_BASE, "Running", cid=200101,
            user="_SYS_STATISTICS", method="StatisticsServer", detail=STATEMENT_2, cpu=77.5,
            stmt_hash=STATEMENT_HASH_2,
            exception=("no.1000002", "ltt/impl/memory.cpp:64",
                       "Allocation failed ; $size$=1073741824; $name$=Statistics; $type$=pool; "
                       "$inuse_count$=918113; $allocated_size$=70691955349"))
        for k in range(3):
            add("JobWrk%04d" % (330 + k * 11), STATS_MID[1:] + IDLE_TAIL[3:] + THREAD_BASE, "Running", cid=200101,
                user="_SYS_STATISTICS", method="StatisticsServer", detail=STATEMENT_2, cpu=12.0 + k,
                stmt_hash=STATEMENT_HASH_2)
        add("SqlExecutor", IDLE_TAIL[:2] + SEARCH_MID[1:] + SQL_TAIL + THREAD_BASE, "Running", cid=300990,
            user="ANALYTICS_APP", method="ExecutePrepared", detail=STATEMENT_1, cpu=3.2, stmt_hash=STATEMENT_HASH_1)
    elif scenario == "stale":
        # An earlier failure: this thread still carries the allocation-failure exception of a request that failed
        # before; it is idle now. The thread that hit the limit this time has no exception yet (the dump is written
        # inside the OOM handler, before the failure is thrown).
        add("SqlExecutor", IDLE_TAIL[:2] + SQL_TAIL[4:] + THREAD_BASE, "Inactive", cid=300233, user="SAPHANADB",
            method="Idle", detail="", stmt_hash="",
            exception=("no.1000002", "ltt/impl/memory.cpp:64",
                       "Allocation failed ; $size$=536870912; $name$=itab; $type$=pool; "
                       "$inuse_count$=211; $allocated_size$=7516192768"))
        add("SqlExecutor", DUMP_WRITER + OOM_HANDLER + ALLOC_TOP + SEARCH_MID + SQL_TAIL + THREAD_BASE, "Running",
            cid=300871, user="ANALYTICS_APP", method="ExecutePrepared", detail=STATEMENT_1, cpu=388.0,
            stmt_hash=STATEMENT_HASH_1).failing = True
        # Same statement on another connection, same code path but not in the allocator: a near match.
        add("SqlExecutor", SEARCH_MID + SQL_TAIL + THREAD_BASE, "Running", cid=300874, user="ANALYTICS_APP",
            method="ExecutePrepared", detail=STATEMENT_1, cpu=201.5, stmt_hash=STATEMENT_HASH_1)
    elif scenario == "old":
        # An older dump: a job worker of an aggregation hit the PAL; no thread has a pending exception.
        for k in range(3):
            mid = JOB_MID[k % 3:k % 3 + 3] + JOB_MID[4:]
            add("JobWrk%04d" % (2200 + k * 41), [IDLE_TAIL[0]] + ALLOC_TOP[:2] + mid + IDLE_TAIL[3:] + THREAD_BASE,
                "Running", cid=300412, user="BW_LOADER", method="AggregationJob",
                detail="JobWorker for statement %s" % STATEMENT_HASH_3, cpu=61.0 + k, stmt_hash=STATEMENT_HASH_3)
        add("JobWrk2391", DUMP_WRITER + OOM_HANDLER + ALLOC_TOP + JOB_MID[1:] + IDLE_TAIL[3:] + THREAD_BASE,
            "Running", cid=300412, user="BW_LOADER", method="AggregationJob",
            detail="JobWorker for statement %s" % STATEMENT_HASH_3, cpu=70.2, stmt_hash=STATEMENT_HASH_3).failing = True
        add("SqlExecutor", IDLE_TAIL[:2] + SEARCH_MID[1:] + SQL_TAIL + THREAD_BASE, "Running", cid=300412,
            user="BW_LOADER", method="ExecutePrepared", detail=STATEMENT_3, cpu=5.5, stmt_hash=STATEMENT_HASH_3)
    elif scenario == "crash":
        add("SqlExecutor", CRASH_HANDLER + CRASH_MID + SQL_TAIL + THREAD_BASE, "Running", cid=300733,
            user="SALES_REPORTING", method="ExecutePrepared", detail=STATEMENT_3, cpu=0.8,
            stmt_hash=STATEMENT_HASH_3,
            exception=("no.2000004", "ptime/query/qe_sort.cc:1498",
                       "Cannot allocate enough memory: sort buffer; $size$=0; $rows$=1000"))
    while len(threads) < count:
        r = rng.random()
        if r < 0.55:
            add("JobWrk%04d" % rng.randint(0, 9999), IDLE_TAIL + THREAD_BASE, "Inactive")
        elif r < 0.7:
            add("Request", REQUEST_TAIL + THREAD_BASE, "Running", method="Request")
        elif r < 0.8:
            add("SqlExecutor", IDLE_TAIL[:2] + SQL_TAIL[4:] + THREAD_BASE, "Inactive", cid=rng.randint(300000, 301000),
                user="SAPHANADB", method="Idle")
        elif r < 0.9:
            add("JobWrk%04d" % rng.randint(0, 9999), [UNKNOWN] + JOB_MID[rng.randint(0, 3):] + THREAD_BASE,
                "Running", cid=rng.randint(300000, 301000), user="SAPHANADB", method="JobWorker",
                detail="JobWorker for statement %032x" % rng.getrandbits(128), cpu=round(rng.random() * 20, 1))
        else:
            add("MemoryCompactor" if r < 0.93 else "LoadHistoryTimer", [], "Inactive")
    return threads


def stack_short(threads, addr):
    out = []
    for t in threads:
        if not t.frames:
            out.append("%d[thr=%d]: %s is inactive" % (t.ctx, t.tid, t.name))
            out.append("--")
            continue
        out.append("%d[thr=%d]: %s at" % (t.ctx, t.tid, t.name))
        out.extend(frame_lines(t.frames, addr))
        if t.exception:
            no, loc, text = t.exception
            out.append("exception  1: %s  (%s)" % (no, loc))
            out.append("    " + text)
            out.append("exception throw location:")
            out.extend(frame_lines(t.frames, addr))
        out.append("--")
    return out


def threads_section(threads):
    out = []
    for t in threads:
        out.append('%d[thr=%d]: %s, TID: %d, CID: %d, SQLUserName: "%s", ThreadMethod: "%s", ThreadDetail: "%s", '
                   'State: %s, CPU: %.1fs' % (t.ctx, t.tid, t.name, t.tid, t.cid, t.user, t.method,
                                              t.detail.replace('"', '""'), t.state, t.cpu))
    return out


def service_threads_view(threads):
    cols = ["HOST", "PORT", "THREAD_ID", "THREAD_TYPE", "THREAD_METHOD", "THREAD_STATE", "CONNECTION_ID",
            "STATEMENT_HASH", "USER_NAME", "CPU_TIME_SELF"]
    rows = [(HOST, PORT, t.tid, t.name, t.method, t.state, t.cid, t.stmt_hash, t.user, int(t.cpu * 1_000_000))
            for t in threads]
    return view("M_SERVICE_THREADS", "Threads of the service", cols, rows)


def heap_view(tree):
    cols = ["HOST", "PORT", "CATEGORY", "COMPONENT", "DEPTH", "EXCLUSIVE_SIZE_IN_USE", "EXCLUSIVE_ALLOCATED_SIZE",
            "EXCLUSIVE_ALLOCATED_COUNT", "INCLUSIVE_SIZE_IN_USE"]
    rows = []
    for path, comp, depth, excl, incl in tree:
        rows.append((HOST, PORT, path, comp, depth, excl, excl + excl // 16, max(excl // 65536, 1 if excl else 0),
                     incl))
    return view("M_HEAP_MEMORY", "Heap memory allocators of the service", cols, rows)


def service_memory_view(procs):
    cols = ["HOST", "PORT", "SERVICE_NAME", "PROCESS_ID", "HEAP_MEMORY_ALLOCATED_SIZE", "HEAP_MEMORY_USED_SIZE",
            "SHARED_MEMORY_ALLOCATED_SIZE", "ALLOCATION_LIMIT"]
    ports = {"hdbnameserver": 30001, "hdbcompileserver": 30010, "hdbpreprocessor": 30002,
             "hdbindexserver": 30003, "hdbwebdispatcher": 30006}
    rows = [(HOST, ports[p["name"]], p["name"][3:], p["pid"], p["AB"], p["U"], p["shared"], p["PAL"])
            for p in procs]
    return view("M_SERVICE_MEMORY", "Memory of the services", cols, rows)


def connections_view(threads):
    cols = ["HOST", "PORT", "CONNECTION_ID", "CONNECTION_STATUS", "USER_NAME", "CLIENT_HOST", "CURRENT_STATEMENT_ID"]
    seen = {}
    for t in threads:
        if t.cid > 0 and t.cid not in seen:
            seen[t.cid] = (HOST, PORT, t.cid, "RUNNING" if t.state == "Running" else "IDLE", t.user,
                           "appsrv%02d" % (t.cid % 7), "%d" % (t.cid * 1000 + 17))
    return view("M_CONNECTIONS_", "Connections", cols, list(seen.values()))


def processes(day, used_index):
    procs = []
    for pid, name, ab, u, fro, fsl, fmc, shared in OTHER_PROCESSES:
        grow = 1 if day == 1 else 2
        procs.append(dict(pid=pid, name=name, PAL=GAL, AB=ab + (grow - 1) * 31_457_280, U=u + (grow - 1) * 1_048_576,
                          FRO=fro, FSL=fsl, FMC=fmc, shared=shared))
    return procs
