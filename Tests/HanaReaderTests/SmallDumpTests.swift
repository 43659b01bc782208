import DumpInput
import Foundation
import Testing
@testable import HanaReader

/// Tiny hand-written dumps: exact folded stacks and CSV, the top-list fallback, and bad input.
struct SmallDumpTests {
    static let stacks = """
    Runtime dump time: 2025/01/02 03:04:05 (Local)
    [BUILD] Build information
    [STACK_SHORT] Short call stacks and pending exceptions of all threads
    [STATISTICS] Statistics data

    [BUILD]  Build information: (2025-01-02 03:04:05 001 Local)
    Version         : 2.00.059.00
    [OK]
    --
    [STACK_SHORT]  Short call stacks and pending exceptions of all threads: (2025-01-02 03:04:05 002 Local)
    10[thr=101]: JobWrk0001 at
     1: 0x0000000000000001 in syscall+0x15 (libc.so.6)
     2: 0x0000000000000002 in Sync::wait(int)+0x1 at Sync.cpp:5 (libb.so)
     3: 0x0000000000000003 in Main::run()+0x2 at Main.cpp:9 (libb.so)
    --
    11[thr=102]: JobWrk0002 at
     1: 0x0000000000000001 in syscall+0x15 (libc.so.6)
     2: 0x0000000000000002 in Sync::wait(int)+0x1 at Sync.cpp:5 (libb.so)
     3: 0x0000000000000003 in Main::run()+0x2 at Main.cpp:9 (libb.so)
    --
    12[thr=103]: SqlExecutor at
     1: 0x0000000000000004 in Vec<int, Alloc<int> >::operator[](unsigned long)+0x3 (libc2.so)
     2: 0x0000000000000003 in Main::run()+0x2 at Main.cpp:9 (libb.so)
    exception  1: no.1000002  (ltt/impl/memory.cpp:64)
        Allocation failed ; $size$=4096; $name$=Leaf
    exception throw location:
     1: 0x0000000000000004 in Vec<int, Alloc<int> >::operator[](unsigned long)+0x3 (libc2.so)
    --
    13[thr=104]: Request is inactive
    --
    [OK]
    --
    [STATISTICS]  Statistics data: (2025-01-02 03:04:05 003 Local)
    M_TEST - a view
    ID;NAME;TEXT
    1;"a";"x;y"
    2;"b";"say ""hi"", ok"
    3;"c";"two
    lines"
    (M_TEST, 3 rows)

    [OK]
    --
    """

    @Test func foldedStacksExact() throws {
        let d = try Samples.load(Samples.temp(Self.stacks))
        #expect(d.warnings.isEmpty)
        #expect(d.foldedStacks() == [
            "Main::run;Sync::wait;syscall 2",
            "Main::run;Vec<int, Alloc<int> >::operator[] 1",
        ])
        #expect(d.foldedStacks(tid: 103, fullSymbols: true, threadNames: true) == [
            "SqlExecutor;Main::run();Vec<int, Alloc<int> >::operator[](unsigned long) 1",
        ])
        #expect(d.threads.map(\.id) == ["thr=101", "thr=102", "thr=103", "thr=104"])
        #expect(d.threads.map(\.frameCount) == [3, 3, 2, 0])
        #expect(d.thread(at: 2).exceptions.first?.allocationSize == 4096)
        #expect(d.thread(at: 3).entry.active == false)
        #expect(d.verdict.kind == "runtime")
        #expect(d.index.objectCount == 0)
        #expect(d.index.info.version == "SAP HANA 2.00.059.00")
    }

    @Test func csvExact() throws {
        let d = try Samples.load(Samples.temp(Self.stacks))
        let v = try #require(d.view("M_TEST"))
        #expect(v.columns == ["ID", "NAME", "TEXT"])
        #expect(d.rows(of: v) == [["1", "a", "x;y"], ["2", "b", #"say "hi", ok"#], ["3", "c", "two\nlines"]])
        let dir = NSTemporaryDirectory() + "hdx-hana-csv-\(UUID().uuidString)"
        try d.writeViews(to: dir)
        let csv = try String(contentsOfFile: dir + "/M_TEST.csv", encoding: .utf8)
        #expect(csv == "ID,NAME,TEXT\n1,a,x;y\n2,b,\"say \"\"hi\"\", ok\"\n3,c,\"two\nlines\"\n")
    }

    @Test func notARuntimeDump() throws {
        let path = Samples.temp("hello\nthis is a text file\n[not a section]\n")
        #expect {
            try Samples.load(path)
        } throws: { error in
            guard let e = error as? DumpError else { return false }
            return e.location == .line(1) && e.description.contains("not a SAP HANA runtime dump")
        }
        let binary = Samples.temp("[BUILD]\u{0}\u{1}\u{2}")
        #expect(throws: DumpError.self) { try Samples.load(binary) }
    }

    @Test func dumpCutInTheMiddleOfASection() throws {
        let full = Self.stacks
        // Cut inside the second frame line of the first thread: keep what is complete.
        let text = String(full[..<full.firstRange(of: "Sync.cpp:5 (libb.so)\n 3")!.lowerBound]) + "Sync.cp"
        let d = try Samples.load(Samples.temp(text))
        #expect(d.threads.count == 1)
        #expect(d.thread(at: 0).frames.count == 2)
        #expect(d.warnings.count == 1)
        #expect(d.warnings[0].hasPrefix("line 13: the file ends inside section [STACK_SHORT] (line 10)"))
        #expect(d.index.info.warnings == d.warnings)
        #expect(d.section("STACK_SHORT")?.complete == false)
        #expect(d.section("BUILD")?.complete == true)
    }

    static let topListsOnly = """
    [MEMORY_OOM]  Information about current out of memory situation: (2025-01-02 03:04:05 001 Local)
    OUT OF MEMORY occurred.
    PID: 77
    Failed to allocate 1gb (1073741824b).
    Allocation failure type: GLOBAL_ALLOCATION_LIMIT
    IPMM NearDRAM short info:
    GLOBAL_ALLOCATION_LIMIT (GAL) = 10gb (10737418240b), SHARED_MEMORY = 1gb (1073741824b), CODE_SIZE = 1gb (1073741824b)
    PID=77 (hdbindexserver), PAL=10gb (10737418240b), AB=3gb (3221225472b), UA=0, U=2gb (2147483648b), FRO=0b, FSL=0b, FMC=0b
    PID=78 (hdbxsengine), PAL=10gb (10737418240b), AB=4.5gb (4831838208b), UA=0, U=4gb (4294967296b), FRO=0b, FSL=0b, FMC=0b
    Total allocated memory= 10gb (10200547328b)
    Heap memory fragmentation: 2x% (oops)
    Top "M_HEAP_MEMORY" allocators (component, name, size). Ordered descending by exclusive_size_in_use.
     1: Statement Execution & Intermediate Results: Pool/itab 1gb (1073741824b)
     2: System:                                     Pool/Other 512mb (536870912b)
    Top "M_HEAP_MEMORY" allocators (component, name, size). Ordered descending by inclusive_size_in_use.
     1: System:                                     / 2gb (2147483648b)
     2: System:                                     Pool 1.75gb (1879048192b)
    [OK]
    --
    """

    /// Without M_HEAP_MEMORY the tree comes from the top lists, with (unlisted) remainders so retained = printed.
    @Test func treeFromTopLists() throws {
        let d = try Samples.load(Samples.temp(Self.topListsOnly))
        let t = d.allocators
        #expect(t.source == .topLists)
        #expect(t.allocators.map(\.path) == ["(unlisted)", "Pool", "Pool/(unlisted)", "Pool/Other", "Pool/itab"])
        #expect(t["Pool/(unlisted)"]?.exclusive == 1_879_048_192 - 1_073_741_824 - 536_870_912)
        #expect(t["(unlisted)"]?.exclusive == 2_147_483_648 - 1_879_048_192)
        #expect(t["Pool"]?.inclusive == 1_879_048_192)
        #expect(d.index.reachableBytes == 2_147_483_648)
        #expect(d.warnings.contains { $0.hasPrefix("line 11: cannot read the heap memory fragmentation") })
        #expect(d.warnings.contains { $0.contains("top lists") })
        let v = d.verdict
        #expect(v.failureType == "GLOBAL_ALLOCATION_LIMIT")
        #expect(v.limit?.limit == "GAL")
        // Total allocated + request − GAL.
        #expect(v.limit?.overByBytes == Int64(10_200_547_328 + 1_073_741_824 - 10_737_418_240))
        #expect(v.findings.contains { $0.contains("The largest process is hdbxsengine (PID 78") })
        #expect(v.topAllocators.map(\.path) == ["Pool/itab", "Pool/Other"])
    }

    @Test func headersWithoutTimestampAndUnknownSections() throws {
        let text = """
        [CRASH_SHORTINFO] Exception short info:
        SIGNAL 6 (SIGABRT) caught, ... , value int: 0, ptr: 0x0000000000000000 ...
        [OK]
        --
        [SOMETHING_NEW]  Not known to hdx: (2025-01-02 03:04:05 001 Local)
        whatever
        [OK]
        --
        [CRASH_STACK] :
        1: 0x00007ff89edf79db in raise
        2: 0x00007ff89f521942 in _crashImpl
        3: 0x00007ff89f51e91e in Basis::crashImpl
        5: 0x00007ff89f61bcb2 in Diagnose::exitHandler
        7: 0x00007ff89f621dec in Basis::errorExitWithoutCrashdump
        8: 0x00007ff8abf5fd3e inptime::PTimeFactory::create
        [OK]
        --
        """
        let d = try Samples.load(Samples.temp(text))
        #expect(d.sections.map(\.tag) == ["CRASH_SHORTINFO", "SOMETHING_NEW", "CRASH_STACK"])
        #expect(d.sections[0].timestamp == nil)
        #expect(d.sections[0].description == "Exception short info")
        let v = d.verdict
        #expect(v.kind == "crash")
        #expect(v.signal == "SIGABRT")
        #expect(v.signalNumber == 6)
        #expect(d.crash?.backtrace.count == 6)
        #expect(d.crash?.causeFrames.first?.symbol == "ptime::PTimeFactory::create")
        #expect(v.crashingThread == nil)
        #expect(d.warnings.isEmpty)
    }
}
