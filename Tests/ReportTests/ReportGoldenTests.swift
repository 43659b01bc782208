import Foundation
import Testing
import DumpKit

/// The report's text and HTML renderings of the committed samples, compared with golden files
/// (`HDX_UPDATE_GOLDENS=1 swift test --filter ReportTests` rewrites them), and its JSON checked for the contract keys.
@Suite struct ReportGoldenTests {
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]
    static let goldens = root + "/Tests/ReportTests/Goldens/"

    static func relative(_ s: String) -> String { s.replacingOccurrences(of: root + "/", with: "") }

    func compare(_ actual: String, golden name: String) throws {
        let path = Self.goldens + name
        if ProcessInfo.processInfo.environment["HDX_UPDATE_GOLDENS"] == "1" {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        if actual != expected {
            let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
            let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            Issue.record("""
            \(name) differs from the golden file at line \(line + 1):
              expected: \(line < e.count ? e[line] : "<end>")
              actual:   \(line < a.count ? a[line] : "<end>")
            (HDX_UPDATE_GOLDENS=1 rewrites goldens)
            """)
        }
    }

    static let samples: [(String, String)] = [
        ("java/leakdemo.hprof", "leakdemo"),
        ("hana/indexserver_hanaprd01.30003.rtedump.20250311-142207.021734.oom.trc", "hana-oom"),
        ("hana/indexserver_hanaprd01.30003.crashdump.20250313-031544.021734.trc", "hana-crash"),
    ]

    @Test(arguments: samples)
    func textAndHTMLMatchGoldens(sample: (String, String)) throws {
        let dump = try DumpLoader.load(path: Self.root + "/SampleDumps/" + sample.0)
        let report = DumpReport(dump: dump)
        try compare(Self.relative(ReportText.render(report)) + "\n", golden: sample.1 + ".txt")
        let html = Self.relative(ReportHTML.render(report))
        try compare(html, golden: sample.1 + ".html")
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

    @Test func baselineAddsGrowth() throws {
        let cmp = try DumpComparison.load(oldPath: Self.root + "/SampleDumps/java/leakdemo-before.hprof.gz",
                                          newPath: Self.root + "/SampleDumps/java/leakdemo-after.hprof.gz")
        let report = DumpReport(dump: cmp.new, baseline: cmp)
        #expect(report.growth?.isEmpty == false)
        #expect(report.growthPath?.last?.key == "java.util.HashMap$Node[]")
        #expect(report.newRetained == nil, "HPROF ids move: no object matching")
    }
}
