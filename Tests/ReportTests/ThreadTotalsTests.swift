import Foundation
import Testing
import DumpKit
import DumpReports
import GeneratedDumps
import HeapGraph

/// The Threads screen's totals on a dump the JDK writes now (SampleDumps/generators/java/ThreadsDemo.java): each
/// thread's total (its object and locals) and each frame's (its locals) against what removing them frees, node by
/// node (domination by its definition), and the planted frame's known arrays.
@Suite(.serialized) struct ThreadTotalsTests {
    @Test func threadAndFrameTotals() throws {
        guard let dump = try GeneratedDumps.java("ThreadsDemo", notChecked: "thread totals") else { return }
        let g = dump.index.graph
        let reachable = (0..<g.nodeCount).map { dump.index.tree.isReachable(UInt32($0)) }
        let threads = try #require(ReportScreens.compute(dump).threads)
        for t in threads {
            var all = t.otherLocals + (t.object.map { [$0] } ?? [])
            for f in t.frames {
                #expect(f.retained == RemovalBruteForce.unionRetained(g, f.locals, reachable: reachable), "\(t.name) \(f.text)")
                all += f.locals
            }
            #expect(t.total == RemovalBruteForce.unionRetained(g, all, reachable: reachable), "\(t.name)")
        }
        // The planted frame: its locals are the 100,000-byte array, the list of ten 1,000-byte ones and the 5,000-byte
        // SHARED array (a local too, so counted as itself though a static also holds it); headers and the list's
        // array add less than 1,000 bytes.
        let holder = try #require(threads.first { $0.name == "holder-1" })
        let hold = try #require(holder.frames.first { $0.text.contains("ThreadsDemo.hold(") })
        let planted: UInt64 = 100_000 + 10 * 1_000 + 5_000
        #expect(hold.retained >= planted && hold.retained < planted + 1_000, "\(hold.retained)")
        #expect(holder.total >= hold.retained)
        #expect(threads.first?.name == "holder-1")
    }
}
