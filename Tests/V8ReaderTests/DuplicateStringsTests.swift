import Foundation
import Testing
import HeapGraph
@testable import V8Reader

/// V8 duplicate strings against `SampleDumps/generators/v8_duplicate_strings.js`, which groups the snapshot JSON's
/// `string` nodes by value itself: the number of duplicated texts, the bytes they waste, and the most wasteful
/// texts with their copies (by node id).
@Suite(.serialized) struct DuplicateStringsTests {
    @Test(arguments: ["leak-1.heapsnapshot", "leak-2.heapsnapshot"])
    func duplicatesMatchAnIndependentCount(_ name: String) throws {
        guard DevToolsReferenceTests.nodeBinary() != nil else {
            print("DuplicateStringsTests: skipped, node is not installed")
            return
        }
        let path = Fixture.repoRoot + "/SampleDumps/v8/" + name
        guard let out = try DevToolsReferenceTests.runNode([DevToolsReferenceTests.generators
                                                            + "v8_duplicate_strings.js", path]) else { return }
        let ref = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let s = try Fixture.sample(name)
        let found = s.duplicateStrings(limit: 10_000)
        let groups = try #require(ref["groups"] as? Int)
        #expect(groups > 100)
        #expect(found.groups == groups)
        #expect(found.rows.count == groups)
        #expect(found.wasted == UInt64(try #require(ref["wasted"] as? Int)))
        let top = try #require(ref["top"] as? [[String: Any]])
        for (i, t) in top.enumerated() {
            let row = found.rows[i]
            #expect(String(row.value.prefix(40)) == t["value"] as? String, "\(name) #\(i)")
            #expect(row.copies.count == t["copies"] as? Int, "\(name) #\(i) \(row.value)")
            #expect(row.wastedBytes == UInt64(t["wasted"] as? Int ?? -1), "\(name) #\(i) \(row.value)")
            let ids = row.copies.map { s.nodeID($0) }.sorted()
            #expect(ids == (t["ids"] as? [Int] ?? []).map { UInt64($0) }, "\(name) #\(i) \(row.value)")
        }
        // Copies biggest first, and the waste is all but the biggest.
        for row in found.rows {
            let sizes = row.copies.map { s.selfSize($0) }
            #expect(sizes == sizes.sorted(by: >))
            #expect(row.wastedBytes == row.totalBytes - sizes[0])
        }
    }
}
