import DumpKit
import Foundation
import Testing
import DumpReports

/// The suspects' way in on the samples, against what the generators planted.
@Suite struct WayInReportTests {
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]

    /// LeakDemo.java puts every Session into `SessionCache.CACHE`, a HashMap: the biggest suspect's memory is held
    /// through that static field and spreads out in the map's table. HashMap's table length is the smallest power of
    /// two ≥ 16 whose ¾ is at least the entry count (java.util.HashMap's resize rule).
    @Test func javaSampleNamesTheStaticCache() throws {
        let dump = try DumpLoader.load(path: Self.root + "/SampleDumps/java/leakdemo.hprof")
        let report = DumpReport(dump: dump)
        let suspects = try #require(report.suspects)
        let sessions = try #require(dump.index.histogram.rows.first {
            dump.index.graph.classes[$0.classIndex] == "LeakDemo$Session"
        }).count
        var length = 16
        while Double(sessions) > 0.75 * Double(length) { length *= 2 }
        let expected = "LeakDemo$SessionCache.CACHE → HashMap → table → HashMap$Node[\(length)]"
        #expect(suspects.first?.wayInText == expected)
        let steps = try #require(suspects.first?.wayIn)
        #expect(steps.map(\.class) == ["class LeakDemo$SessionCache", "java.util.HashMap", "java.util.HashMap$Node[]"])
        #expect(steps.map(\.field) == ["CACHE", "table", nil])
        let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(report)) as! [String: Any]
        let first = try #require((json["suspects"] as? [[String: Any]])?.first)
        #expect((first["wayIn"] as? [[String: Any]])?.first?["id"] as? String == steps[0].id)
        #expect(first["wayInText"] as? String == expected)
        #expect(ReportText.render(report).contains("way in: " + expected))
    }

    /// v8_leak.js keeps the leak in `globalThis.leakyApp` (a LeakyApp instance).
    @Test func v8SampleStartsAtTheGlobal() throws {
        let dump = try DumpLoader.load(path: Self.root + "/SampleDumps/v8/leak-1.heapsnapshot")
        let suspects = try #require(DumpReport(dump: dump).suspects)
        #expect(suspects.first?.wayInText == "global.leakyApp → LeakyApp")
    }

    @Test func shortNames() {
        #expect(WayInText.shortName("java.util.HashMap$Node[]") == "HashMap$Node[]")
        #expect(WayInText.shortName("class java.lang.System") == "System")
        #expect(WayInText.shortName("system / Context") == "system / Context")
        #expect(WayInText.shortName("(array)") == "(array)")
        #expect(WayInText.shortName("java.util.Map<java.lang.String>") == "Map<java.lang.String>")
    }
}
