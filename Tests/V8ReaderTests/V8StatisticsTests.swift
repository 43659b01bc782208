import Foundation
import Testing
import DumpInput
@testable import V8Reader

/// DevTools' Statistics (code, strings, JS arrays, typed arrays, system, native) against the JavaScript port of
/// `calculateStatistics` in `SampleDumps/generators/v8_devtools_reference.js`, on every committed V8 sample.
@Suite(.serialized) struct V8StatisticsTests {
    @Test(arguments: ["leak-1.heapsnapshot", "leak-2.heapsnapshot"])
    func statisticsMatchDevTools(_ name: String) throws {
        let file = Fixture.repoRoot + "/SampleDumps/v8/" + name
        guard let out = try DevToolsReferenceTests.runNode([DevToolsReferenceTests.generators
                                                            + "v8_devtools_reference.js", file]) else {
            print("notice: no node on PATH, V8 statistics not checked")
            return
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let ref = try #require(json["statistics"] as? [String: Any])
        func value(_ key: String) -> UInt64 { (ref[key] as? NSNumber)?.uint64Value ?? .max }
        let s = try V8Snapshot.load(try MappedFile(path: file)).statistics()
        #expect(s.total == value("total"))
        #expect(s.native == value("native"))
        #expect(s.typedArrays == value("typedArrays"))
        #expect(s.code == value("code"))
        #expect(s.strings == value("strings"))
        #expect(s.jsArrays == value("jsArrays"))
        #expect(s.system == value("system"))
        #expect(s.v8Heap == value("v8heap"))
        #expect(s.code > 0 && s.strings > 0 && s.jsArrays > 0, "a real snapshot has all three")
    }
}
