import DumpKit
import Foundation
import HeapGraph
import Testing
@testable import DumpReports

/// `report`'s top packages on the committed LeakDemo sample: the top-level dominators split the reachable heap
/// without overlap, so the first-level packages add up to it exactly, and each package is at least the sum of its
/// listed subpackages.
@Suite struct TopPackagesTests {
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]

    @Test func packagesSplitTheReachableHeap() throws {
        let dump = try DumpLoader.load(path: Self.root + "/SampleDumps/java/leakdemo.hprof")
        let all = try #require(DumpReport.topPackages(of: dump, minimumShare: 0, maxDepth: 2, limit: 1_000_000))
        let first = all.filter { $0.depth == 1 }
        #expect(first.reduce(0) { $0 + $1.retained } == dump.index.reachableBytes)
        let topLevel = dump.index.tree.children(of: HeapGraph.superRoot)
        #expect(first.reduce(0) { $0 + $1.objects } == topLevel.count)
        for (i, r) in all.enumerated() where r.depth == 1 {
            let subs = all[(i + 1)...].prefix { $0.depth == 2 }
            #expect(subs.allSatisfy { $0.package.hasPrefix(r.package + ".") })
            #expect(subs.reduce(0) { $0 + $1.retained } <= r.retained)
        }
        // Biggest first at the first level; the app class loader's package holds over half of the heap.
        #expect(first.map(\.retained) == first.map(\.retained).sorted(by: >))
        let loaders = try #require(all.first { $0.package == "jdk.internal" })
        #expect(loaders.percent > 50)
        #expect(DumpReport.packagePrefixes(of: "java.util.HashMap$Node[]", maxDepth: 4) == ["java", "java.util"])
        #expect(DumpReport.packagePrefixes(of: "LeakDemo$Session", maxDepth: 4) == ["<default>"])
        // The report: text and JSON.
        let report = DumpReport(dump: dump)
        #expect(ReportText.render(report).contains("TOP PACKAGES"))
        let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(report)) as! [String: Any]
        #expect((json["topPackages"] as? [[String: Any]])?.first?["package"] as? String == "jdk")
    }

    @Test func notForV8() throws {
        let dump = try DumpLoader.load(path: Self.root + "/SampleDumps/v8/leak-1.heapsnapshot")
        #expect(DumpReport.topPackages(of: dump) == nil)
    }
}
