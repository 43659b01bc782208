import Testing
@testable import HanaReader

/// Every line format the reader understands, checked on literal lines (most quoted from public KBAs and blogs).
struct LineFormatTests {
    @Test func fullFrame() throws {
        let f = try #require(HanaFrame.parse(
            " 2: 0x00007fcf3a5e2019 in Synchronization::BinarySemaphore::timedWait(unsigned long, Execution::Context&)+0x255 at LinuxFutexOps.hpp:53 (libhdbbasis.so)"))
        #expect(f.number == 2)
        #expect(f.address == 0x00007fcf3a5e2019)
        #expect(f.symbol == "Synchronization::BinarySemaphore::timedWait(unsigned long, Execution::Context&)")
        #expect(f.offset == 0x255)
        #expect(f.file == "LinuxFutexOps.hpp")
        #expect(f.line == 53)
        #expect(f.library == "libhdbbasis.so")
        #expect(f.function == "Synchronization::BinarySemaphore::timedWait")
        #expect(f.text == " 2: 0x00007fcf3a5e2019 in Synchronization::BinarySemaphore::timedWait(unsigned long, Execution::Context&)+0x255 at LinuxFutexOps.hpp:53 (libhdbbasis.so)")
    }

    @Test func frameWithTemplatesAndConst() throws {
        let f = try #require(HanaFrame.parse(
            "11: 0x00007fcf45c28e89 in ptime::qe_hash_table<ptime::qe_key<ptime::Value, 4ul>, ptime::qe_group_value>::grow(unsigned long) const+0x425 at qe_trex_search.cc:4215 (libhdbrskernel.so)"))
        #expect(f.number == 11)
        #expect(f.symbol == "ptime::qe_hash_table<ptime::qe_key<ptime::Value, 4ul>, ptime::qe_group_value>::grow(unsigned long) const")
        #expect(f.offset == 0x425)
        #expect(f.function == "ptime::qe_hash_table<ptime::qe_key<ptime::Value, 4ul>, ptime::qe_group_value>::grow")
    }

    @Test func operatorFrames() throws {
        let a = try #require(HanaFrame.parse(
            " 5: 0x00007f0000000010 in ltt::string_base<char, ltt::char_traits<char> >::operator+=(char const*)+0x44 at string.hpp:1320 (libhdbbasis.so)"))
        #expect(a.symbol == "ltt::string_base<char, ltt::char_traits<char> >::operator+=(char const*)")
        #expect(a.offset == 0x44)
        #expect(a.function == "ltt::string_base<char, ltt::char_traits<char> >::operator+=")
        let b = try #require(HanaFrame.parse(" 6: 0x00007f0000000020 in Foo::operator()(int)+0x1a (libfoo.so)"))
        #expect(b.symbol == "Foo::operator()(int)")
        #expect(b.function == "Foo::operator()")
        #expect(b.file == nil && b.line == nil)
        #expect(b.library == "libfoo.so")
        let c = try #require(HanaFrame.parse(" 7: 0x00007f0000000030 in ltt::vector<int>::operator[](unsigned long)+0x1a at vector.hpp:812 (libhdbcs.so)"))
        #expect(c.function == "ltt::vector<int>::operator[]")
        let d = try #require(HanaFrame.parse(" 8: 0x00007f0000000040 in bool operator<(A const&, B const&)+0x9 (libx.so)"))
        #expect(d.function == "bool operator<")
        #expect(d.offset == 9)
    }

    @Test func framesWithMissingParts() throws {
        let libc = try #require(HanaFrame.parse(" 1: 0x00007fcf3887dfd9 in syscall+0x15 (libc.so.6)"))
        #expect(libc.symbol == "syscall")
        #expect(libc.offset == 0x15)
        #expect(libc.file == nil)
        #expect(libc.library == "libc.so.6")
        let none = try #require(HanaFrame.parse(" 1: 0x0000000000000000 in <no symbol>+0x0 (<unknown>)"))
        #expect(none.symbol == "<no symbol>")
        #expect(none.address == 0)
        #expect(none.offset == 0)
        #expect(none.library == "<unknown>")
        #expect(none.function == "<no symbol>")
        // Emergency dumps (KBA 3028979): no offset and no library, and even a missing blank after "in".
        let raise = try #require(HanaFrame.parse("1: 0x00007ff89edf79db in raise"))
        #expect(raise.symbol == "raise")
        #expect(raise.offset == nil && raise.library == nil)
        let glued = try #require(HanaFrame.parse("8: 0x00007ff8abf5fd3e inptime::PTimeFactory::create"))
        #expect(glued.symbol == "ptime::PTimeFactory::create")
        #expect(glued.number == 8)
        // No offset but a library (signal trampoline).
        let tramp = try #require(HanaFrame.parse(" 3: 0x00007f0012345678 in __restore_rt (libpthread.so.0)"))
        #expect(tramp.symbol == "__restore_rt")
        #expect(tramp.library == "libpthread.so.0")
        // Not frames.
        #expect(HanaFrame.parse("exception throw location:") == nil)
        #expect(HanaFrame.parse("1871[thr=22817]: SqlExecutor at") == nil)
        #expect(HanaFrame.parse("--") == nil)
    }

    @Test func sizesInAllUnits() throws {
        #expect(HanaSize.parse("146.20gb (156989510500b)") == .init(bytes: 156_989_510_500, exact: true))
        #expect(HanaSize.parse("0b") == .init(bytes: 0, exact: true))
        #expect(HanaSize.parse("0") == .init(bytes: 0, exact: true))
        #expect(HanaSize.parse("256kb (262144b)")?.bytes == 262_144)
        #expect(HanaSize.parse("786815 byte") == .init(bytes: 786_815, exact: true))
        #expect(HanaSize.parse("512b") == .init(bytes: 512, exact: true))
        #expect(HanaSize.parse("3kb") == .init(bytes: 3072, exact: false))
        #expect(HanaSize.parse("16mb")?.bytes == 16 << 20)
        #expect(HanaSize.parse("1.50gb") == .init(bytes: 3 << 29, exact: false))
        #expect(HanaSize.parse("2TB")?.bytes == 2 << 40)
        #expect(HanaSize.parse("1.25tb")?.bytes == UInt64(1_374_389_534_720))
        #expect(HanaSize.parse("12xb") == nil)
        #expect(HanaSize.parse("") == nil)
        // The human part is truncated, never rounded: 11218614504 b is 10.448 GiB.
        #expect(HanaSize.format(11_218_614_504) == "10.44gb")
        #expect(HanaSize.format(156_989_510_500) == "146.20gb")
        #expect(HanaSize.format(262_144) == "256kb")
        #expect(HanaSize.format(100_810_752) == "96.14mb")
        #expect(HanaSize.format(0) == "0b")
        #expect(HanaSize.format(1023) == "1023b")
        #expect(HanaSize.format(3 << 40) == "3tb")
    }

    @Test func ipmmProcessLines() throws {
        var w: [String] = []
        let p = try #require(HanaOOMParser.ipmmProcess(
            "PID=3918216 (hdbcompileserver), PAL=146.48gb (157286400000b), AB=4.19gb (4507324416b), UA=0, U=207.32mb (217391321b), FRO=0b, FSL=0b, FMC=0b, Blocked=1.14gb (1226760192b)",
            line: 7, warnings: &w))
        #expect(p.pid == 3_918_216)
        #expect(p.name == "hdbcompileserver")
        #expect(p.pal == 157_286_400_000)
        #expect(p.ab == 4_507_324_416)
        #expect(p.used == 217_391_321)
        #expect(p.value("UA") == 0)
        #expect(p.value("FSL") == 0)
        #expect(p.value("Blocked") == 1_226_760_192)
        #expect(w.isEmpty)
        _ = HanaOOMParser.ipmmProcess("PID=1 (x), PAL=12zb (1x2b), AB=0b", line: 9, warnings: &w)
        #expect(w.count == 1)
        #expect(w.first?.hasPrefix("line 9:") == true)
    }

    @Test func oomBlockLines() throws {
        let text = """
        OUT OF MEMORY occurred.
        MemoryType: NearDRAM
        Host: h1
        Executable: hdbindexserver
        PID: 745217
        Failed to allocate 256kb (262144b).
        Allocation failure type: GLOBAL_ALLOCATION_LIMIT (early exit)
        Current callstack:
         1: 0x00007f0000000001 in MemoryManager::PoolAllocator::allocate(unsigned long)+0x6d (libhdbbasis.so)

        Memory consumption information of last failing ProvideMemory, PM-INX=177221:
        IPMM NearDRAM short info:
        GLOBAL_ALLOCATION_LIMIT (GAL) = 728.35gb (782065299456b), SHARED_MEMORY = 11.71gb (12575715328b), CODE_SIZE = 3.07gb (3300929536b), NVM_ALLOCATED_SIZE = 0b, OOM_RESERVATION_ALLOCATOR_SIZE = 96.14mb (100810752b)
        PID=745217 (hdbindexserver), PAL=199.80gb (214534455296b), AB=195.88gb (210333065216b), UA=0, U=194.55gb (208906964893b), FRO=0b, FSL=0b, FMC=0b
        [Some processes may have been skipped]
        Total allocated memory= 627.86gb (674166763520b)
        Total used memory     = 439.53gb (471946724706b)
        Sum AB                = 658290118656
        Sum Used              = 456070079842
        Heap memory fragmentation: 29% (this value may be high if defragmentation does not help solving the current memory request)
        Top "M_HEAP_MEMORY" allocators (component, name, size). Ordered descending by exclusive_size_in_use.
         1: Column Store Tables:                        Pool/ColumnStore/Main/Dictionary/RoDict                                  146.20gb (156989510500b)
         2: System:                                     Pool/PersistenceManager/PersistentSpace/DefaultPageProvider:DataPage     10.44gb (11218614504b) (128mb (134217728b) precharged, 16.25mb (17039360b) in preparation)
         3: System:                                     Pool/PersistenceManager/PersistentSpace/DefaultLPA/ShadowPage 8.67gb (9311371424b) (64mb (67108864b) precharged, 16mb (16777216b) in preparation)
        """
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { ($0.offset + 1, String($0.element)) }
        var w: [String] = []
        let oom = HanaOOMParser.parse(lines, tag: "MEMORY_OOM", warnings: &w)
        #expect(w.isEmpty)
        #expect(oom.pid == 745_217)
        #expect(oom.failedAllocationBytes == 262_144)
        #expect(oom.failureType == "GLOBAL_ALLOCATION_LIMIT")
        #expect(oom.earlyExit)
        #expect(oom.callstack.count == 1)
        #expect(oom.provideMemoryIndex == 177_221)
        #expect(oom.globalAllocationLimit == 782_065_299_456)
        #expect(oom.sharedMemory == 12_575_715_328)
        #expect(oom.codeSize == 3_300_929_536)
        #expect(oom.global("NVM_ALLOCATED_SIZE") == 0)
        #expect(oom.global("OOM_RESERVATION_ALLOCATOR_SIZE") == 100_810_752)
        #expect(oom.processesSkipped)
        // The KBA's own arithmetic: total allocated = Sum AB + SHARED_MEMORY + CODE_SIZE, to the byte.
        #expect(oom.totalAllocated == 674_166_763_520)
        #expect(oom.sumAB! + oom.sharedMemory! + oom.codeSize! == oom.totalAllocated!)
        #expect(oom.sumUsed! + oom.sharedMemory! + oom.codeSize! == oom.totalUsed!)
        #expect(oom.fragmentationPercent == 29)
        #expect(oom.topByExclusive.map(\.name) == ["Pool/ColumnStore/Main/Dictionary/RoDict",
                                                    "Pool/PersistenceManager/PersistentSpace/DefaultPageProvider:DataPage",
                                                    "Pool/PersistenceManager/PersistentSpace/DefaultLPA/ShadowPage"])
        #expect(oom.topByExclusive.map(\.bytes) == [156_989_510_500, 11_218_614_504, 9_311_371_424])
        #expect(oom.topByExclusive.map(\.component) == ["Column Store Tables", "System", "System"])
        #expect(oom.topByExclusive[1].extra == "(128mb (134217728b) precharged, 16.25mb (17039360b) in preparation)")
        #expect(oom.topByExclusive[0].extra == nil)
    }

    @Test func oldFailedToAllocateAndBadNumbers() throws {
        let lines = [(1, "OUT OF MEMORY occurred. "), (2, "Failed to allocate 786815 byte."),
                     (3, "Failed to allocate 2.2xgb (24159x9104b)."), (4, "Heap memory fragmentation: lots")]
        var w: [String] = []
        let oom = HanaOOMParser.parse(lines, tag: "MEMORY_OOM", warnings: &w)
        #expect(oom.failedAllocationBytes == 786_815)
        #expect(w.count == 2)
        #expect(w[0].hasPrefix("line 3: cannot read the failed allocation size"))
        #expect(w[1].hasPrefix("line 4: cannot read the heap memory fragmentation"))
    }

    @Test func threadsLine() throws {
        let info = try #require(HanaThreadInfo.parse(
            #"1871[thr=22817]: SqlExecutor, TID: 22817, CID: 300517, SQLUserName: "APP", ThreadMethod: "ExecutePrepared", ThreadDetail: "SELECT ""A"", B FROM T", State: Running, CPU: 412.3s"#,
            line: 4))
        #expect(info.tid == 22817)
        #expect(info.name == "SqlExecutor")
        #expect(info.connectionID == 300_517)
        #expect(info.user == "APP")
        #expect(info.method == "ExecutePrepared")
        #expect(info.detail == #"SELECT "A", B FROM T"#)
        #expect(info.state == "Running")
        #expect(info.value("CPU") == "412.3s")
    }

    @Test func exceptionFields() throws {
        let lines = [(10, "exception  1: no.1000002  (ltt/impl/memory.cpp:64)"),
                     (11, "    Allocation failed ; $size$=600; $name$=DPAPI_DataEncApi; $type$=pool; $inuse_count$=4; $allocated_size$=2896"),
                     (12, "exception throw location:"),
                     (13, " 1: 0x00007f0000000001 in ltt::allocator::allocate(unsigned long)+0x2e at memory.cpp:64 (libhdbbasis.so)"),
                     (14, "--")]
        let (ex, next) = try #require(HanaExceptionParser.parse(lines, at: 0))
        #expect(next == 4)
        #expect(ex.number == 1)
        #expect(ex.code == "no.1000002")
        #expect(ex.location == "ltt/impl/memory.cpp:64")
        #expect(ex.reason == "Allocation failed")
        #expect(ex.isAllocationFailure)
        #expect(ex.allocationSize == 600)
        #expect(ex.allocatorName == "DPAPI_DataEncApi")
        #expect(ex.field("allocated_size") == "2896")
        #expect(ex.throwLocation.count == 1)
        #expect(ex.line == 10)
    }

    @Test func topAllocatorLineWithRootAndLongName() throws {
        let root = try #require(HanaOOMParser.topAllocator(
            " 1: System:                                     /                                                                        181.65gb (195045202330b)", line: 3))
        #expect(root.name == "/")
        #expect(root.bytes == 195_045_202_330)
        let long = try #require(HanaOOMParser.topAllocator(
            " 4: System:  AllocateOnlyAllocator-unlimited/FLA-UL<24592,1>/MemoryMapLevel3Nodes 204.79mb (214748364b)", line: 5))
        #expect(long.name == "AllocateOnlyAllocator-unlimited/FLA-UL<24592,1>/MemoryMapLevel3Nodes")
        #expect(long.bytes == 214_748_364)
        #expect(long.rank == 4)
    }

    @Test func viewRowSplitting() throws {
        let (cols, d) = HanaView.header("HOST;PORT;\"NAME\";TEXT")
        #expect(cols == ["HOST", "PORT", "NAME", "TEXT"])
        #expect(d == UInt8(ascii: ";"))
        #expect(HanaView.header("A,B,C").delimiter == UInt8(ascii: ","))
        #expect(HanaView.header("A\tB").delimiter == 0x09)
        #expect(HanaView.splitRow(Array(#""h1";30003;"a;b";"say ""hi""""#.utf8), delimiter: d)
                == ["h1", "30003", "a;b", #"say "hi""#])
        #expect(HanaView.splitRow(Array(#""open;1"#.utf8), delimiter: d) == nil)
        #expect(HanaView.csvField("plain") == "plain")
        #expect(HanaView.csvField("a,b") == "\"a,b\"")
        #expect(HanaView.csvField(#"say "hi""#) == #""say ""hi""""#)
    }

    @Test func hintsByFamily() {
        #expect(HanaAllocatorHints.hint(for: "Pool/Statistics")?.contains("statistics server") == true)
        #expect(HanaAllocatorHints.hint(for: "Pool/RowEngine/QueryExecution/SearchAlloc")?.contains("expensive statement") == true)
        #expect(HanaAllocatorHints.hint(for: "Pool/JoinEvaluator/TranslationTable")?.contains("1998599") == true)
        #expect(HanaAllocatorHints.hint(for: "Pool/ColumnStore/Delta/Index")?.contains("delta merges") == true)
        #expect(HanaAllocatorHints.hint(for: "Pool/Unknown") == nil)
    }
}
