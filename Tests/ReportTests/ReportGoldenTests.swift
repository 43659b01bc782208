import DumpKit
import Foundation
import GoldenFiles
import Testing
import DumpReports

/// The report's text and HTML renderings of the committed samples, compared with golden files
/// (`HDX_UPDATE_GOLDENS=1 swift test --filter ReportTests` rewrites them), and its JSON checked for the contract keys.
@Suite struct ReportGoldenTests {
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]
    static let goldens = root + "/Tests/ReportTests/Goldens/"

    static func relative(_ s: String) -> String { s.replacingOccurrences(of: root + "/", with: "") }

    func compare(_ actual: String, golden name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if let failure = GoldenFile.check(actual, path: Self.goldens + name) {
            Issue.record(Comment(rawValue: failure), sourceLocation: sourceLocation)
        }
    }

    static let samples: [(String, String)] = [
        ("java/leakdemo.hprof", "leakdemo"),
        ("hana/indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc", "hana-oom"),
        ("hana/indexserver_hanaprd01.30003.crashdump.20250313-031544.021734.trc", "hana-crash"),
        ("v8/leak-2.heapsnapshot", "v8-leak-2"),
    ]

    @Test(arguments: samples)
    func textAndHTMLMatchGoldens(sample: (String, String)) throws {
        let dump = try DumpLoader.load(path: Self.root + "/SampleDumps/" + sample.0)
        let report = DumpReport(dump: dump)
        compare(Self.relative(ReportText.render(report)) + "\n", golden: sample.1 + ".txt")
        let html = Self.relative(ReportHTML.render(report, flames: FlameSVG.forReport(dump)))
        compare(html, golden: sample.1 + ".html")
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"),
                "self-contained: no network, no scripts")
    }

    @Test func jsonHasTheContractKeys() throws {
        let dump = try DumpLoader.load(path: Self.root + "/SampleDumps/java/leakdemo.hprof")
        let data = try JSONEncoder().encode(DumpReport(dump: dump))
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let suspects = try #require(json["suspects"] as? [[String: Any]])
        #expect(!suspects.isEmpty)
        for s in suspects {
            for key in ["id", "class", "retained", "percent", "path"] { #expect(s[key] != nil, "suspect key \(key)") }
            let path = try #require(s["path"] as? [[String: Any]])
            #expect(path.last?["field"] == nil)
            #expect(path.dropLast().allSatisfy { $0["field"] != nil })
        }
        let hana = try DumpLoader.load(path: Self.root + "/SampleDumps/" + Self.samples[1].0)
        let h = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(DumpReport(dump: hana))) as! [String: Any]
        let verdict = try #require(h["verdict"] as? [String: Any])
        for key in ["kind", "failureType", "failedAllocationBytes", "pid", "topAllocators"] {
            #expect(verdict[key] != nil, "verdict key \(key)")
        }
        #expect(verdict["kind"] as? String == "oom")
        let top = try #require(verdict["topAllocators"] as? [[String: Any]])
        #expect(top.allSatisfy { $0["class"] != nil && $0["exclusive"] != nil && $0["inclusive"] != nil })
    }

    /// V8 pair of one process (SampleDumps/generators/v8_leak.js): between the snapshots `grow(3000)` adds a history
    /// session every 20th step (150), a handler closure every 200th (15), a never-removed listener every 50th (60)
    /// and one detached subtree; the cache's Map re-allocates its table. Each shows up as new and still retained,
    /// reached from the global object through `leakyApp`.
    @Test func v8BaselineFindsNewRetainedObjects() throws {
        let cmp = try DumpComparison.load(oldPath: Self.root + "/SampleDumps/v8/leak-1.heapsnapshot",
                                          newPath: Self.root + "/SampleDumps/v8/leak-2.heapsnapshot")
        let report = DumpReport(dump: cmp.new, baseline: cmp, options: { var o = DumpReport.Options(); o.top = 20; return o }())
        let clusters = try #require(report.newRetained)
        func cluster(_ cls: String, via field: String) -> DumpReport.NewRetainedCluster? {
            clusters.first { $0.class == cls && $0.path.contains { $0.field == field } }
        }
        #expect(cluster("{session}", via: "history")?.count == 150, "\(clusters.map { ($0.class, $0.count) })")
        #expect(cluster("Function", via: "handlers")?.count == 15)
        #expect(cluster("Function", via: "_events")?.count == 60)
        #expect(cluster("TreeNode", via: "undo")?.count == 1)
        #expect(clusters.first.map { $0.path.contains { $0.field == "cache" } } == true, "the re-allocated cache table")
        // The five biggest are the planted ones (smaller clusters are the process's own new objects).
        #expect(clusters.prefix(5).allSatisfy { $0.path.first?.class == "global" && $0.path.contains { $0.field == "leakyApp" } })
        // A Node.js snapshot has no DOM: its natives flagged detached (binding data) are not DOM nodes.
        #expect(report.overview.detachedDOMNodes == nil && report.overview.dom == "none")
        let rows = try #require(report.growth)
        #expect(rows.contains { $0.class == "LeakyEntry" && $0.added == 3000 && $0.removed == 0 })
    }

    @Test func baselineAddsGrowth() throws {
        let cmp = try DumpComparison.load(oldPath: Self.root + "/SampleDumps/java/leakdemo-before.hprof.gz",
                                          newPath: Self.root + "/SampleDumps/java/leakdemo-after.hprof.gz")
        let report = DumpReport(dump: cmp.new, baseline: cmp)
        #expect(report.growth?.isEmpty == false)
        #expect(report.growthPath?.last?.key == "java.util.HashMap$Node[]")
        #expect(report.newRetained == nil, "HPROF ids move: no object matching")
    }
}
