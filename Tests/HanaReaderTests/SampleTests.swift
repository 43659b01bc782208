import DumpInput
import Foundation
import HeapGraph
import DumpReports
import Testing
@testable import HanaReader

/// The three committed samples: numbers are the generator's (SampleDumps/generators/hana_samples.py), checked
/// by hand against the files, and the invariants that must hold across their sections.
struct SampleTests {
    @Test func oomDayOneVerdict() throws {
        let d = try Samples.load(Samples.oom1)
        #expect(d.warnings.isEmpty)
        let v = d.verdict
        #expect(v.kind == "oom")
        #expect(v.failureType == "PROCESS_ALLOCATION_LIMIT")
        #expect(v.failedAllocationBytes == 2_415_919_104)
        #expect(v.pid == 21734)
        #expect(v.processName == "hdbindexserver")
        let limit = try #require(v.limit)
        #expect(limit.limit == "PAL")
        #expect(limit.limitBytes == 214_748_364_800)
        #expect(limit.parts.map(\.bytes) == [201_756_088_730, 11_811_160_064, 2_415_919_104])
        #expect(limit.parts[1].name == "own shared memory")
        // AB + own shared + request − PAL, computed by hand.
        #expect(limit.overByBytes == 1_234_803_098)
        #expect(v.topAllocators.first?.path == "Pool/RowEngine/QueryExecution/SearchAlloc")
        #expect(v.topAllocators.first?.exclusive == 58_012_736_512)
        #expect(v.topAllocators.first?.hint?.contains("expensive statement") == true)
        #expect(v.culpritThread?.id == "thr=22817")
        #expect(v.culpritThread?.name == "SqlExecutor")
        #expect(v.statement?.connectionID == 300_517)
        #expect(v.statement?.statementHash == "7d3e0f6c1a9b4e2d8c5f0a7b3e6d9c21")
        #expect(v.statement?.text?.hasPrefix("SELECT T1.\"MATNR\"") == true)
        #expect(v.statement?.threads.count == 7)
        #expect(v.fragmentationPercent == 6)
        #expect(v.signal == nil && v.crashingThread == nil)
        let text = HanaVerdictText.render(v).joined(separator: "\n")
        // 1,234,803,098 B = 1.1500000004 GiB (2^30 B each), to one decimal as every hdx size: 1.2 GiB.
        #expect(text.contains("over the limit by 1.2 GiB"))
        #expect(!text.contains("gb"))
        #expect(text.contains("Culprit thread thr=22817 SqlExecutor"))
    }

    @Test func oomDayTwoPointsAtStatistics() throws {
        let d = try Samples.load(Samples.oom2)
        let v = d.verdict
        #expect(v.failedAllocationBytes == 1_073_741_824)
        #expect(v.topAllocators.first?.path == "Pool/Statistics")
        #expect(v.topAllocators.first?.exclusive == 70_691_955_349)
        #expect(v.topAllocators.first?.hint?.contains("statistics server") == true)
        #expect(v.culpritThread?.name == "JobWrk0311")
        #expect(v.statement?.threads.count == 4)
        // The allocator grew between the two dumps of the same process.
        let before = try Samples.load(Samples.oom1).allocators["Pool/Statistics"]?.exclusive
        #expect(before == 11_811_160_064)
        #expect(d.process.pid == 21734 && d.process.port == 30003)
    }

    @Test func crashVerdict() throws {
        let d = try Samples.load(Samples.crash)
        #expect(d.warnings.isEmpty)
        let v = d.verdict
        #expect(v.kind == "crash")
        #expect(v.signal == "SIGSEGV")
        #expect(v.signalNumber == 11)
        #expect(v.failureType == nil)
        #expect(v.crashingThread?.id == "thr=22817")
        #expect(v.crashingThread?.name == "SqlExecutor")
        // Handler frames (crash handler, signal trampoline) are skipped: the top frame is where it crashed.
        #expect(v.crashingThread?.topFrames.first?.hasPrefix("ptime::Itab_column::get_value at itab_column.cc:318") == true)
        #expect(v.rootCauses.count == 1)
        #expect(v.rootCauses.first?.code == "no.2000004")
        #expect(v.rootCauses.first?.location == "ptime/query/qe_sort.cc:1498")
        #expect(v.statement?.connectionID == 300_733)
        let crash = try #require(d.crash)
        #expect(crash.backtrace.first?.number == 0)
        #expect(crash.backtrace.count == 18)  // 2 handler + 4 crash + 10 SQL + 2 thread base frames
        #expect(crash.causeFrames.count == 16)
    }

    @Test func contractKeysInJSON() throws {
        for (path, kind) in [(Samples.oom1, "oom"), (Samples.crash, "crash")] {
            let d = try Samples.load(path)
            let json = Samples.json(d.verdict)
            for key in ["kind", "failureType", "failedAllocationBytes", "pid", "topAllocators", "signal", "crashingThread"] {
                #expect(json.keys.contains(key), "missing \(key)")
            }
            #expect(json["kind"] as? String == kind)
            let top = try #require((json["topAllocators"] as? [[String: Any]])?.first)
            #expect(top["class"] is String)
            #expect(top["exclusive"] is NSNumber && top["inclusive"] is NSNumber)
        }
    }

    @Test func sectionsAndThreads() throws {
        let d = try Samples.load(Samples.oom1)
        #expect(d.tableOfContents.map(\.tag) == ["BUILD", "PROCESS_INFO", "MEMORY_OOM", "IPMM_MEMORY", "STACK_SHORT",
                                                  "THREADS", "INDEXMANAGER_WAITGRAPH", "STATISTICS"])
        #expect(d.sections.map(\.tag) == d.tableOfContents.map(\.tag))
        let allComplete = d.sections.allSatisfy { $0.complete }
        #expect(allComplete)
        #expect(d.sections[0].timestamp == "2025-03-11 14:22:07 113")
        #expect(d.sections[0].description == "Build information")
        #expect(d.process.version == "2.00.076.00.1705400033")
        #expect(d.threads.count == 90)
        #expect(d.threads.filter { !$0.active }.count == 7)
        let first = d.thread(at: 0)
        #expect(first.frames.count == 20)
        #expect(first.entry.frameCount == 20)
        #expect(first.exceptions.count == 1)
        #expect(first.exceptions[0].throwLocation.count == 20)
        #expect(first.exceptions[0].allocatorName == "SearchAlloc")
        // The OOM block's callstack is the failing thread's.
        #expect(d.oom?.callstack == first.frames)
        let info = d.threadInfo(tid: 22817)
        #expect(info?.connectionID == 300_517)
        #expect(d.threadIDs(connection: 300_517).count == 7)
    }

    /// Total allocated = Σ AB + SHARED_MEMORY + CODE_SIZE; used = Σ U + …; the tree sums to the process's U.
    @Test func numbersAgreeAcrossSections() throws {
        for path in [Samples.oom1, Samples.oom2] {
            let d = try Samples.load(path)
            let oom = try #require(d.oom)
            let sumAB = oom.processes.reduce(UInt64(0)) { $0 + $1.ab! }
            let sumU = oom.processes.reduce(UInt64(0)) { $0 + $1.used! }
            #expect(oom.sumAB == sumAB)
            #expect(oom.sumUsed == sumU)
            #expect(oom.totalAllocated == sumAB + oom.sharedMemory! + oom.codeSize!)
            #expect(oom.totalUsed == sumU + oom.sharedMemory! + oom.codeSize!)
            #expect(oom.fragmentationPercent == Int((oom.totalAllocated! - oom.totalUsed!) * 100 / oom.totalAllocated!))
            let me = try #require(oom.failingProcess)
            #expect(d.allocators.totalInclusive == me.used)
            #expect(d.allocators.rootPrintedInclusive == me.used)
            // The top lists agree with the tree.
            for t in oom.topByExclusive { #expect(d.allocators[t.name]?.exclusive == t.bytes, "\(t.name)") }
            for t in oom.topByInclusive where t.name != "/" { #expect(d.allocators[t.name]?.inclusive == t.bytes, "\(t.name)") }
        }
    }

    @Test func allocatorTreeIsTheGraph() throws {
        let d = try Samples.load(Samples.oom1)
        let tree = d.allocators
        #expect(tree.source == .heapMemoryView)
        #expect(tree.allocators.count == 60)
        for (i, a) in tree.allocators.enumerated() {
            let children = tree.children(of: i).reduce(UInt64(0)) { $0 + tree.allocators[$1].inclusive }
            #expect(a.inclusive == a.exclusive + children)
            #expect(a.printedInclusive == a.inclusive)
        }
        let index = d.index
        #expect(index.info.format.id == "hana")
        #expect(index.objectCount == 60)
        #expect(index.reachableBytes == 195_045_202_330)
        #expect(Set(index.graph.roots.map { index.details.idString($0.node) })
                == ["Pool", "AllocateOnlyAllocator-unlimited", "StackAllocator"])
        let allOther = index.graph.roots.allSatisfy { $0.kind == .other }
        #expect(allOther)
        for node in 1..<UInt32(index.graph.nodeCount) {
            let path = index.details.idString(node)
            let a = try #require(tree[path])
            #expect(index.tree.retained[Int(node)] == a.inclusive, "\(path)")
            #expect(index.graph.shallowSize(node) == a.exclusive)
            #expect(index.details.node(forIDString: path) == node)
        }
        // ≥ 4 GiB exclusive sizes go through largeShallow.
        let search = try #require(index.details.node(forIDString: "Pool/RowEngine/QueryExecution/SearchAlloc"))
        #expect(index.graph.shallow32[Int(search)] == UInt32.max)
        #expect(index.graph.shallowSize(search) == 58_012_736_512)
        // Histogram: one row per allocator, retained = inclusive; dominators walk the tree.
        let rows = index.histogram.sorted(by: .retained, classes: index.graph.classes)
        #expect(rows.count == 60)
        #expect(index.graph.classes[rows[0].classIndex] == "Pool")
        #expect(rows[0].retained == 193_919_031_707)
        let qe = try #require(index.details.node(forIDString: "/Pool/RowEngine/QueryExecution"))
        #expect(index.tree.children(of: qe).map { index.details.idString($0) } == ["Pool/RowEngine/QueryExecution/SearchAlloc"])
        #expect(index.tree.retained[Int(qe)] == 60_160_220_160)
        #expect(index.details.referenceName(from: qe, to: search) == "SearchAlloc")
    }

    @Test func foldedStacksOfSample() throws {
        let d = try Samples.load(Samples.oom1)
        let all = d.foldedStacks()
        let total = all.reduce(0) { $0 + Int($1.split(separator: " ").last!)! }
        #expect(total == d.threads.filter { $0.frameCount > 0 }.count)
        let one = d.foldedStacks(tid: 22817)
        #expect(one.count == 1)
        #expect(one[0].hasPrefix("Execution::Thread::staticMain;Execution::Thread::staticMainImp;TrexThreads::PoolThread::run;"))
        #expect(one[0].hasSuffix(";ltt::allocator::allocate;MemoryManager::PoolAllocator::allocate;MemoryManager::PoolAllocator::allocateNoThrowImpl 1"))
        #expect(d.foldedStacks(tid: 1) == [])
    }

    @Test func viewsOfSample() throws {
        let d = try Samples.load(Samples.oom1)
        #expect(d.views.map(\.name) == ["M_HEAP_MEMORY", "M_SERVICE_MEMORY", "M_SERVICE_THREADS", "M_CONNECTIONS_",
                                         "M_ACTIVE_STATEMENTS"])
        let heap = try #require(d.view("M_HEAP_MEMORY"))
        #expect(heap.complete)
        #expect(heap.lineCount == 61)
        #expect(d.rows(of: heap).count == 61)
        let rowsFit = d.rows(of: heap).allSatisfy { $0.count == heap.columns.count }
        #expect(rowsFit)
        let dir = NSTemporaryDirectory() + "hdx-hana-views-\(UUID().uuidString)"
        let written = try d.writeViews(to: dir)
        #expect(written.count == 5)
        let csv = try String(contentsOfFile: dir + "/M_ACTIVE_STATEMENTS.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0] == "HOST,PORT,CONNECTION_ID,STATEMENT_HASH,STATEMENT_STATUS,ALLOCATED_MEMORY_SIZE,STATEMENT_STRING")
        #expect(lines[1].hasPrefix("hanaprd01,30003,300517,7d3e0f6c1a9b4e2d8c5f0a7b3e6d9c21,ACTIVE,7247757312,\"SELECT T1.\"\"MATNR\"\", "))
        let attrs = try FileManager.default.attributesOfItem(atPath: dir + "/M_HEAP_MEMORY.csv")
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}
