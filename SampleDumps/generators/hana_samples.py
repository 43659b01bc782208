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

GB = 1024 ** 3
MB = 1024 ** 2
HOST = "hanaprd01"
PORT = 30003
PID = 21734
SID = "PRD"


def human(b):
    """HANA's human size: binary units, truncated to two decimals, exact multiples without decimals."""
    if b == 0:
        return "0b"
    units = ["b", "kb", "mb", "gb", "tb"]
    u = 0
    while u < 4 and b >= 1024 ** (u + 1):
        u += 1
    if u == 0:
        return "%db" % b
    div = 1024 ** u
    if b % div == 0:
        return "%d%s" % (b // div, units[u])
    h = b * 100 // div
    return "%d.%02d%s" % (h // 100, h % 100, units[u])


def hb(b):
    return "%s (%db)" % (human(b), b)


# ----------------------------------------------------------------------------------------------------------------
# Allocators of the indexserver: (path, component, exclusive bytes on day 1, exclusive bytes on day 2)
CST = "Column Store Tables"
SYS = "System"
STM = "Statement Execution & Intermediate Results"
MON = "Monitoring & Statistical Data"
CAC = "Caches"
RST = "Row Store Tables"
OTH = "Other"
STK = "Stack"

ALLOCATORS = [
    ("Pool", SYS, None, None),  # balancing value: U - sum of the others
    ("Pool/ColumnStore", CST, 41 * MB, 41 * MB),
    ("Pool/ColumnStore/Main", CST, 187 * MB, 190 * MB),
    ("Pool/ColumnStore/Main/Dictionary", CST, 12 * MB, 12 * MB),
    ("Pool/ColumnStore/Main/Dictionary/RoDict", CST, 38_411_223_040, 38_502_117_376),
    ("Pool/ColumnStore/Main/Dictionary/ValueDict", CST, 6_120_448_000, 6_131_900_416),
    ("Pool/ColumnStore/Main/Compressed", CST, 3 * MB, 3 * MB),
    ("Pool/ColumnStore/Main/Compressed/Indirect", CST, 12_306_006_016, 12_318_588_928),
    ("Pool/ColumnStore/Main/Compressed/Rle", CST, 4_200_112_128, 4_205_355_008),
    ("Pool/ColumnStore/Main/Compressed/Prefix", CST, 3_076_521_984, 3_079_667_712),
    ("Pool/ColumnStore/Main/Compressed/Sparse", CST, 1_611_661_312, 1_612_709_888),
    ("Pool/ColumnStore/Main/Compressed/Cluster", CST, 838_860_800, 839_909_376),
    ("Pool/ColumnStore/Main/Uncompressed", CST, 5_758_254_408, 5_761_400_136),
    ("Pool/ColumnStore/Main/Index", CST, 1 * MB, 1 * MB),
    ("Pool/ColumnStore/Main/Index/Single", CST, 3_221_225_472, 3_225_419_776),
    ("Pool/ColumnStore/Main/Index/Block", CST, 2_147_483_648, 2_149_580_800),
    ("Pool/ColumnStore/Delta", CST, 24 * MB, 24 * MB),
    ("Pool/ColumnStore/Delta/Dictionary", CST, 2_013_265_920, 2_411_724_800),
    ("Pool/ColumnStore/Delta/Index", CST, 1_610_612_736, 1_879_048_192),
    ("Pool/RowEngine", STM, 64 * MB, 64 * MB),
    ("Pool/RowEngine/QueryExecution", STM, 2_147_483_648, 1_073_741_824),
    ("Pool/RowEngine/QueryExecution/SearchAlloc", STM, 58_012_736_512, 4_294_967_296),
    ("Pool/RowEngine/SQLPlan", CAC, 3_435_973_836, 3_489_660_928),
    ("Pool/RowEngine/Session", STM, 1_181_116_006, 1_203_765_248),
    ("Pool/RowEngine/QueryCompilation", STM, 966_367_641, 912_261_120),
    ("Pool/RowEngine/MonitorView", MON, 644_245_094, 2_791_728_742),
    ("Pool/RowEngine/LOB", STM, 214_748_364, 209_715_200),
    ("Pool/RowEngine/CpbTree", RST, 429_496_729, 431_000_000),
    ("Pool/Statistics", MON, 11_811_160_064, 70_691_955_349),
    ("Pool/itab", STM, 3_221_225_472, 1_288_490_188),
    ("Pool/itab/VectorColumn", STM, 1_073_741_824, 536_870_912),
    ("Pool/JoinEvaluator", STM, 104_857_600, 104_857_600),
    ("Pool/JoinEvaluator/TranslationTable", STM, 2_684_354_560, 2_717_908_992),
    ("Pool/JoinEvaluator/JERequestedAttributes", STM, 2 * MB, 2 * MB),
    ("Pool/JoinEvaluator/JERequestedAttributes/Results", STM, 1_288_490_188, 322_122_547),
    ("Pool/JoinEvaluator/JECalculate", STM, 1 * MB, 1 * MB),
    ("Pool/JoinEvaluator/JECalculate/Results", STM, 858_993_459, 214_748_364),
    ("Pool/parallel", STM, 4 * MB, 4 * MB),
    ("Pool/parallel/aggregates", STM, 1_610_612_736, 402_653_184),
    ("Pool/parallel/temp_aggregates", STM, 2_362_232_012, 536_870_912),
    ("Pool/parallel/ihm", STM, 751_619_276, 268_435_456),
    ("Pool/CalculationEngine", STM, 1_073_741_824, 966_367_641),
    ("Pool/PersistenceManager", SYS, 214_748_364, 216_006_656),
    ("Pool/PersistenceManager/PersistentSpace(0)", SYS, 107_374_182, 107_374_182),
    ("Pool/PersistenceManager/PersistentSpace(0)/DefaultLPA", SYS, 2 * MB, 2 * MB),
    ("Pool/PersistenceManager/PersistentSpace(0)/DefaultLPA/Page", SYS, 9_311_371_424, 9_663_676_416),
    ("Pool/PersistenceManager/PersistentSpace(0)/DefaultLPA/ShadowPage", SYS, 1_288_490_188, 1_342_177_280),
    ("Pool/PersistenceManager/PersistentSpace(0)/DefaultPageProvider:DataPage", SYS, 3_221_225_472, 3_355_443_200),
    ("Pool/CS", CAC, 1 * MB, 1 * MB),
    ("Pool/CS/BufferPage", CAC, 2_147_483_648, 2_147_483_648),
    ("Pool/NameIdMapping", SYS, 1 * MB, 1 * MB),
    ("Pool/NameIdMapping/RoDict", SYS, 322_122_547, 325_058_560),
    ("Pool/malloc", OTH, 8 * MB, 8 * MB),
    ("Pool/malloc/libhdbcs.so", OTH, 429_496_729, 431_161_344),
    ("Pool/malloc/libhdbbasis.so", OTH, 107_374_182, 108_003_328),
    ("Pool/LVCAllocator", STM, 536_870_912, 541_065_216),
    ("AllocateOnlyAllocator-unlimited", SYS, 52_428_800, 52_428_800),
    ("AllocateOnlyAllocator-unlimited/FLA-UL<24592,1>", SYS, 0, 0),
    ("AllocateOnlyAllocator-unlimited/FLA-UL<24592,1>/MemoryMapLevel3Nodes", SYS, 214_748_364, 218_103_808),
    ("StackAllocator", STK, 858_993_459, 872_415_232),
]




def allocator_tree(day, used_total):
    """Rows (path, component, depth, exclusive, inclusive) with '/' first; 'Pool' balances the sum to used_total."""
    excl = {}
    comp = {}
    for path, c, d1, d2 in ALLOCATORS:
        comp[path] = c
        excl[path] = d1 if day == 1 else d2
        if day == 3 and d1 is not None:
            # Day 3 goes on from day 2: what grew grows a little more, what shrank comes back up a little
            # (noise, not a leak); the sum stays within Pool's day-2 share.
            excl[path] = d2 + (d2 - d1) // 128 if d2 >= d1 else d2 + (d1 - d2) // 256
    others = sum(v for k, v in excl.items() if v is not None)
    excl["Pool"] = used_total - others
    assert excl["Pool"] > 0, excl["Pool"]
    incl = dict(excl)
    for path in sorted(excl, key=lambda p: -p.count("/")):
        if "/" in path:
            parent = path.rsplit("/", 1)[0]
            incl[parent] += incl[path]
    top_level = [p for p in excl if "/" not in p]
    root_incl = sum(incl[p] for p in top_level)
    assert root_incl == used_total
    rows = [("/", SYS, 0, 0, root_incl)]
    for path, c, _, _ in ALLOCATORS:
        rows.append((path, c, path.count("/") + 1, excl[path], incl[path]))
    return rows


# ----------------------------------------------------------------------------------------------------------------
# Frames

def F(sym, off, file=None, line=None, lib=None):
    return (sym, off, file, line, lib)


IDLE_TAIL = [
    F("syscall", 0x15, lib="libc.so.6"),
    F("Synchronization::BinarySemaphore::timedWait(unsigned long, Execution::Context&)", 0x255,
      "LinuxFutexOps.hpp", 53, "libhdbbasis.so"),
    F("Execution::JobWorker::waitForWork(Execution::JobWorkerContext&, unsigned long)", 0x1c4,
      "JobExecutorThreads.cpp", 1187, "libhdbbasis.so"),
    F("Execution::JobWorker::run(void*&)", 0x3b2, "JobExecutorThreads.cpp", 774, "libhdbbasis.so"),
]
THREAD_BASE = [
    F("Execution::Thread::staticMainImp(Execution::Thread*)", 0x4ae, "Thread.cpp", 522, "libhdbbasis.so"),
    F("Execution::Thread::staticMain(void*)", 0x34, "ThreadMain.cpp", 26, "libhdbbasis.so"),
]
ALLOC_TOP = [
    F("MemoryManager::PoolAllocator::allocateNoThrowImpl(unsigned long, void const*)", 0x3a1,
      "PoolAllocator.cpp", 1215, "libhdbbasis.so"),
    F("MemoryManager::PoolAllocator::allocate(unsigned long, void const*)", 0x6d, "PoolAllocator.cpp", 1087,
      "libhdbbasis.so"),
    F("ltt::allocator::allocate(unsigned long)", 0x2e, "memory.cpp", 64, "libhdbbasis.so"),
]
# The OOM handler as it runs on the failing thread: the runtime dump is written from inside it, so the thread's
# [STACK_SHORT] stack has the dump writer on top, and the [MEMORY_OOM] "Current callstack" is the part from dumpOOM
# down (frame names from the public OOM trace line `mmReportMemoryProblems.cpp`; signatures invented).
DUMP_WRITER = [
    F("Diagnose::RuntimeDumpWriter::writeStackShort(Diagnose::RuntimeDumpContext&)", 0x1c2, "RuntimeDump.cpp", 1544,
      "libhdbbasis.so"),
    F("Diagnose::RuntimeDumpWriter::write(Diagnose::RuntimeDumpContext&, Diagnose::RuntimeDumpSections const&)",
      0x4d0, "RuntimeDump.cpp", 911, "libhdbbasis.so"),
]
OOM_HANDLER = [
    F("MemoryManager::ReportMemoryProblems::dumpOOM(MemoryManager::OOMReportInfo const&, bool)", 0x2f1,
      "mmReportMemoryProblems.cpp", 2082, "libhdbbasis.so"),
    F("MemoryManager::ProvideMemoryImpl::handleOOM(unsigned long, MemoryManager::OOMFailureType, bool)", 0x1a4,
      "mmProvideMemory.cpp", 911, "libhdbbasis.so"),
    F("MemoryManager::ProvideMemoryImpl::provideMemory(unsigned long, bool, bool)", 0x3c2, "mmProvideMemory.cpp",
      604, "libhdbbasis.so"),
    F("MemoryManager::PoolAllocator::getMoreMemory(unsigned long, bool)", 0x11b, "PoolAllocator.cpp", 2311,
      "libhdbbasis.so"),
]
SQL_TAIL = [
    F("ptime::Query::execute(ptime::Transaction&, char const*, ptime::Parameters*, ptime::Table*, "
      "ptime::ResultSet*, bool)", 0x1f5, "query.cc", 6077, "libhdbrskernel.so"),
    F("ptime::Statement::execute_(Execution::Context&, bool, bool, bool, bool)", 0x3f7, "Statement.cc", 2318,
      "libhdbrskernel.so"),
    F("ptime::CallableStatement::execute(Execution::Context&, bool, bool, bool, bool, bool, bool, bool)", 0x4b9,
      "CallableStatement.cc", 512, "libhdbrskernel.so"),
    F("ptime::PreparedStatement::execute(Execution::Context&, bool, bool, bool, bool, bool, bool, bool)", 0x2c0,
      "PreparedStatement.cc", 1050, "libhdbrskernel.so"),
    F("ptime::SessionHandler::handleExecute(ptime::Session&, ptime::ConnectionHandle&)", 0x611,
      "SessionHandler.cc", 1845, "libhdbrskernel.so"),
    F("ptime::SessionHandler::receiveMessage(ptime::CommEvent*)", 0x5b2, "SessionHandler.cc", 713,
      "libhdbrskernel.so"),
    F("ptime::TcpReceiver::doWork(ptime::CommMgr*)", 0xcf9, "tcp_receiver.cc", 507, "libhdbrskernel.so"),
    F("ptime::TcpReceiver::run(void*)", 0x1d6, "tcp_receiver.cc", 700, "libhdbrskernel.so"),
    F("TrexThreads::PoolThread::run()", 0x8ac, "PoolThread.cpp", 462, "libhdbbasement.so"),
    F("TrexThreads::PoolThread::run(void*&)", 0x10, "PoolThread.cpp", 141, "libhdbbasement.so"),
]
SEARCH_MID = [
    F("ptime::qe_hash_table<ptime::qe_key<ptime::Value, 4ul>, ptime::qe_group_value>::grow(unsigned long)",
      0x192, "qe_hash_table.h", 411, "libhdbrskernel.so"),
    F("ptime::Hash_group_by::do_fetch(ptime::OperatorEnv&, ptime::Table*, int)", 0x8d3, "qe_group_by.cc", 1772,
      "libhdbrskernel.so"),
    F("ptime::Trex_oltp_search::do_open(ptime::OperatorEnv&, ptime::QEParams, int) const", 0x425,
      "qe_trex_search.cc", 4215, "libhdbrskernel.so"),
    F("ptime::TrexOltpSearch::search(Execution::Context&, bool, bool)", 0x93, "trex_oltp_query.cc", 194,
      "libhdbcswrapper.so"),
    F("ptime::Query::open_result_set(ptime::Env&, ptime::ResultSet*)", 0x2a4, "query.cc", 5131,
      "libhdbrskernel.so"),
]
JOB_MID = [
    F("TRexUtils::Parallel::Job<AttributeEngine::AggregationJob<long, AttributeEngine::SumFunctor> >::run(void*&)",
      0x8f, "Parallel.h", 233, "libhdbcs.so"),
    F("AttributeEngine::AggregationJob<long, AttributeEngine::SumFunctor>::aggregate(unsigned long, unsigned long)",
      0x21c, "AggregationJob.cpp", 488, "libhdbcs.so"),
    F("ltt::vector<unsigned long>::operator[](unsigned long)", 0x1a, "vector.hpp", 812, "libhdbcs.so"),
    F("ltt::string_base<char, ltt::char_traits<char> >::operator+=(char const*)", 0x44, "string.hpp", 1320,
      "libhdbbasis.so"),
    F("JoinEvaluator::TranslationTable::build(JoinEvaluator::JEContext&, ltt::vector<int> const&)", 0x5c1,
      "TranslationTable.cpp", 902, "libhdbjoinevaluator.so"),
    F("Executor::PlanExecutor::calculateX2(TRexCommonObjects::TRexApiError&, Executor::X2Statistics&)", 0x295,
      "PlanExecutor.cpp", 862, "libhdbexecutor.so"),
    F("Executor::X2OldLock::calculate(Executor::X2Statistics&)", 0x4a1, "X2OldLock.cpp", 609,
      "libhdbexecutor.so"),
]
STATS_MID = [
    F("StatisticsServer::Collector::collect(StatisticsServer::CollectorContext&)", 0x3c8, "Collector.cpp", 377,
      "libhdbstatisticsserver.so"),
    F("StatisticsServer::HostServiceThreadSamplesCollector::run(Execution::Context&)", 0x6e2,
      "HostServiceThreadSamples.cpp", 219, "libhdbstatisticsserver.so"),
    F("StatisticsServer::Scheduler::executeJob(StatisticsServer::Job&)", 0x1b7, "Scheduler.cpp", 612,
      "libhdbstatisticsserver.so"),
    F("Execution::JobObjectImpl::run(Execution::JobWorker*)", 0x5e, "JobExecutorImpl.cpp", 434, "libhdbbasis.so"),
]
REQUEST_TAIL = [
    F("__GI_epoll_wait", 0x5a, lib="libc.so.6"),
    F("Network::Poller::wait(int)", 0x8c, "Poller.cpp", 301, "libhdbbasis.so"),
    F("TrexNet::EventDispatcher::run()", 0x2b1, "EventDispatcher.cpp", 188, "libhdbbasement.so"),
    F("TrexThreads::PoolThread::run()", 0x8ac, "PoolThread.cpp", 462, "libhdbbasement.so"),
]
UNKNOWN = F("<no symbol>", 0x0, lib="<unknown>")
CRASH_MID = [
    F("ptime::Itab_column::get_value(unsigned long, ptime::Value&) const", 0x2b, "itab_column.cc", 318,
      "libhdbrskernel.so"),
    F("ptime::Itab_materializer::materialize_row(ptime::Itab&, unsigned long)", 0x1fe, "itab_materializer.cc",
      911, "libhdbrskernel.so"),
    F("ptime::Sort_limit::do_fetch(ptime::OperatorEnv&, ptime::Table*, int)", 0x3c6, "qe_sort.cc", 1506,
      "libhdbrskernel.so"),
    F("ptime::Query::open_result_set(ptime::Env&, ptime::ResultSet*)", 0x2a4, "query.cc", 5131,
      "libhdbrskernel.so"),
]
CRASH_HANDLER = [
    F("Diagnose::CrashHandler::crashHandlerImpl(int, siginfo_t*, void*)", 0x3d1, "CrashHandler.cpp", 402,
      "libhdbbasis.so"),
    F("__restore_rt", None, lib="libpthread.so.0"),
]


class Addr:
    def __init__(self, rng):
        self.rng = rng
        self.libs = {}

    def of(self, frame):
        sym, off, _, _, lib = frame
        if sym == "<no symbol>":
            return 0
        base = self.libs.setdefault(lib, 0x00007f0000000000 + (len(self.libs) + 3) * 0x3a000000)
        return base + (hash_str(sym) % 0x1ffffff) + (off or 0)


def hash_str(s):
    h = 2166136261
    for ch in s.encode():
        h = ((h ^ ch) * 16777619) & 0xFFFFFFFF
    return h


def frame_lines(frames, addr, start=1):
    out = []
    for i, fr in enumerate(frames):
        sym, off, file, line, lib = fr
        text = "%2d: 0x%016x in %s" % (start + i, addr.of(fr), sym)
        if off is not None:
            text += "+0x%x" % off
        if file:
            text += " at %s:%d" % (file, line)
        if lib:
            text += " (%s)" % lib
        out.append(text)
    return out


# ----------------------------------------------------------------------------------------------------------------
# Writer helpers

def header(tag, desc, ts, ms):
    return "[%s]  %s: (%s %03d Local)" % (tag, desc, ts, ms)


def section(out, tag, desc, ts, ms, body):
    out.append(header(tag, desc, ts, ms))
    out.extend(body)
    out.append("[OK]")
    out.append("--")


def quote(v):
    if isinstance(v, str):
        return '"' + v.replace('"', '""') + '"'
    return str(v)


def view(name, text, columns, rows):
    lines = ["%s - %s" % (name, text), ";".join(columns)]
    for r in rows:
        lines.append(";".join(quote(v) for v in r))
    lines.append("(%s, %d rows)" % (name, len(rows)))
    lines.append("")
    return lines


def top_line(i, component, name, size, extra=""):
    return ("%2d: " % i) + (component + ":").ljust(44) + name.ljust(72) + " " + hb(size) + extra


# ----------------------------------------------------------------------------------------------------------------
# The scenario

OTHER_PROCESSES = [  # pid, name, AB, U, FRO, FSL, FMC, shared
    (21402, "hdbnameserver", 6_979_321_856, 3_147_138_916, 0, 945_139_712, 0, 402_653_184),
    (21518, "hdbcompileserver", 1_994_391_552, 217_391_321, 0, 0, 0, 8_388_608),
    (21520, "hdbpreprocessor", 1_711_276_032, 301_989_888, 0, 0, 0, 8_388_608),
    (21790, "hdbwebdispatcher", 943_718_400, 260_046_848, 0, 0, 0, 4_194_304),
]
GAL = 262_144_000_000          # 250000 MB
PAL_INDEX = 214_748_364_800    # 204800 MB
CODE_SIZE = 3_300_929_536
OOM_RESERVATION = 100_810_752
INDEX_SHARED = 11_811_160_064

STATEMENT_1 = ('SELECT T1."MATNR", T1."WERKS", T2."BUDAT", SUM(T1."MENGE") AS "MENGE", COUNT(*) '
               'FROM "SAPHANADB"."MSEG" AS T1 INNER JOIN "SAPHANADB"."MKPF" AS T2 ON T1."MBLNR" = T2."MBLNR" '
               'AND T1."MJAHR" = T2."MJAHR" WHERE T2."BUDAT" BETWEEN ? AND ? GROUP BY T1."MATNR", T1."WERKS", '
               'T2."BUDAT" ORDER BY 4 DESC')
STATEMENT_HASH_1 = "7d3e0f6c1a9b4e2d8c5f0a7b3e6d9c21"
STATEMENT_2 = ('INSERT INTO "_SYS_STATISTICS"."HOST_SERVICE_THREAD_SAMPLES" SELECT * FROM '
               '"SYS"."M_SERVICE_THREAD_SAMPLES" WHERE "TIMESTAMP" > ?')
STATEMENT_HASH_2 = "c1f4e2a98b7d6053e4a1f2b3c4d5e6f7"
STATEMENT_3 = ('SELECT "VBELN", "POSNR", "MATNR", "NETWR" FROM "SAPHANADB"."VBAP" WHERE "ERDAT" >= ? '
               'ORDER BY "NETWR" DESC LIMIT 1000')
STATEMENT_HASH_3 = "0a9e8d7c6b5a49382716f5e4d3c2b1a0"
STATEMENT_TEXTS = {STATEMENT_HASH_1: STATEMENT_1, STATEMENT_HASH_2: STATEMENT_2, STATEMENT_HASH_3: STATEMENT_3}


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
