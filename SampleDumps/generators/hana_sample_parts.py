"""The pieces of the synthetic HANA dumps (see hana_samples.py): sizes, the allocator tree, stack frames, section and
view formatting, and the processes, limits and statements the dumps agree on."""

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
