import Foundation
import Testing
import DumpKit
import GeneratedDumps
@testable import HeapAnalysis
import HeapGraph

/// IdentityHashMap read as its contents (`c`), against what SampleDumps/generators/java/AccumulationDemo.java put in
/// `Ident.MAP` (run here with the JDK): "k0".."k4" → "v0".."v4", null → "vnull", "knull" → null; size() 7 (the
/// program prints it), table length 64 (default capacity 32 pairs: 7 × 3 ≤ 64, no resize by IdentityHashMap's rule).
@Suite(.serialized) struct IdentityHashMapTests {
    @Test func keysValuesAndNullKey() throws {
        guard let dump = try GeneratedDumps.java("AccumulationDemo", notChecked: "IdentityHashMap contents") else {
            return
        }
        let node = try CollectionContentsTests.staticField(dump, "AccumulationDemo$Ident", "MAP")
        let map = try #require(CollectionContents.read(node, in: dump.index))
        #expect(map.kind == .identityHashMap && map.kind.isMap)
        #expect(map.declaredSize == 7 && map.entries.count == 7 && map.capacity == 32)
        #expect(map.fillRatio == 7.0 / 32)
        var expected = Dictionary(uniqueKeysWithValues: (0..<5).map { ("\"k\($0)\"", "\"v\($0)\"") })
        expected["null"] = "\"vnull\""
        expected["\"knull\""] = "null"
        #expect(CollectionContentsTests.pairs(map) == expected)
        // The null key is no object; every slot is a pair index below the capacity.
        #expect(map.entries.first { $0.keyText == "null" }?.key == nil)
        #expect(map.entries.allSatisfy { $0.slot >= 0 && $0.slot < map.capacity })
        #expect(Set(map.entries.map(\.slot)).count == 7)
        // A limit cuts the walk and says so.
        let cut = try #require(CollectionContents.read(node, in: dump.index, limit: 3))
        #expect(cut.entries.count == 3 && cut.truncated && cut.declaredSize == 7)
    }
}
