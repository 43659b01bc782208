import DumpKit
import Foundation
import GeneratedDumps
import HeapGraph
import Testing
@testable import DumpReports

/// `report`'s paths to the accumulation point on the dump AccumulationDemo.java writes at test time (one 16 MiB
/// list held by HolderA.STORE, HolderB.MIRROR and the main thread's ThreadLocal): JSON, text and HTML, and the bound.
@Suite(.serialized) struct AccumulationReportTests {
    @Test func threeWaysIn() throws {
        guard let dump = try GeneratedDumps.java("AccumulationDemo", notChecked: "report paths to the accumulation point")
        else { return }
        let report = DumpReport(dump: dump)
        let suspect = try #require(report.suspects?.first { $0.class == "java.util.ArrayList" })
        let paths = try #require(suspect.accumulationPaths)
        #expect(paths.found == 3 && paths.shown == 3 && paths.more == 0 && paths.complete)
        #expect(paths.tree.first?.id == suspect.accumulationPoint.id && paths.tree.first?.paths == 3)
        #expect(Set(paths.tree.compactMap(\.holder)) == ["static field AccumulationDemo$HolderA.STORE",
                                                         "static field AccumulationDemo$HolderB.MIRROR",
                                                         "GC root: thread object"])
        // Each entry's count is the number of holders below it.
        for (i, e) in paths.tree.enumerated() {
            var leaves = 0
            var stack = [i]
            while let k = stack.popLast() {
                let kids = paths.tree.indices.filter { paths.tree[$0].parent == k }
                if kids.isEmpty { leaves += 1 }
                stack += kids
            }
            #expect(e.paths == leaves)
        }
        let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(report)) as! [String: Any]
        let js = try #require((json["suspects"] as? [[String: Any]])?.first { $0["class"] as? String == "java.util.ArrayList" })
        let acc = try #require(js["accumulationPaths"] as? [String: Any])
        #expect(acc["found"] as? Int == 3 && (acc["tree"] as? [Any])?.count == paths.tree.count)
        let text = ReportText.render(report)
        #expect(text.contains("paths to the accumulation point: 3 ways in"))
        #expect(text.contains("└─ held by static field AccumulationDemo$HolderA.STORE"))
        #expect(ReportHTML.render(report).contains("held by static field AccumulationDemo$HolderB.MIRROR"))

        // Bounded: two of three shown, and the heading says one more.
        let g = dump.index.graph
        let target = try #require((1..<UInt32(g.nodeCount)).first {
            dump.index.details.idString($0) == suspect.accumulationPoint.id
        })
        let rows = SuspectRows(dump: dump)
        let cut = try #require(rows.accumulationPaths(to: target, classObjects: rows.classObjects, limit: 2))
        #expect(cut.shown == 2 && cut.more == 1 && cut.tree.compactMap(\.holder).count == 2)
        #expect(cut.heading.contains("3 ways in, the first 2 shown, 1 more"))
    }
}
