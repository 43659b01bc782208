import Foundation
import Testing
import DumpKit
import GeneratedDumps
@testable import HeapAnalysis
import HeapGraph

/// V8 WeakMap/WeakSet entries (through their `table`) and Array capacity against what
/// `SampleDumps/generators/v8_weak_collections.js` put in them, on a snapshot node writes now.
@Suite(.serialized) struct V8WeakCollectionTests {
    @Test func weakCollectionsAndArrayCapacity() throws {
        guard let node = GeneratedDumps.tool("node") else {
            print("notice: no node on PATH, V8 weak collections not checked")
            return
        }
        let file = NSTemporaryDirectory() + "hdx-weak-\(UUID().uuidString).heapsnapshot"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try GeneratedDumps.run(node, [GeneratedDumps.generators + "v8_weak_collections.js", file])
        let dump = try DumpLoader.loadWithoutIndex(path: file)
        let idx = dump.index
        var found: [String: UInt32] = [:]
        for v in 1..<idx.graph.nodeCount
        where ["WeakMap", "WeakSet", "Array"].contains(idx.graph.className(UInt32(v))) {
            for raw in idx.graph.predecessors(UInt32(v)) {
                let name = idx.details.referenceName(from: Edge.target(raw), to: UInt32(v)) ?? ""
                if name.hasPrefix("keep") || name.hasSuffix("Arr") { found[name] = UInt32(v) }
            }
        }
        func global(_ name: String) throws -> UInt32 {
            guard let n = found[name] else { throw CollectionTestError.missing(name) }
            return n
        }
        let map = try #require(CollectionContents.read(global("keepWeakMap"), in: idx))
        #expect(map.kind == .jsWeakMap && map.size == 3)
        // Each key is a Key (its number is a small integer: no node), each value what the program set.
        #expect(map.entries.allSatisfy { $0.keyText.hasPrefix("Key") && $0.key != nil })
        #expect(Set(map.entries.map(\.valueText)).isSuperset(of: ["\"w-one\"", "\"w-three\""]))
        #expect(map.entries.contains { $0.valueText.hasPrefix("Object") })
        // A power of two that holds them, from the table's recorded size.
        #expect(map.capacity >= 3 && map.capacity & (map.capacity - 1) == 0)
        #expect(map.storeBytes != nil)
        let set = try #require(CollectionContents.read(global("keepWeakSet"), in: idx))
        #expect(set.kind == .jsWeakSet && set.size == 2 && set.entries.allSatisfy { $0.keyText.hasPrefix("Key") })
        #expect(Set(set.entries.compactMap(\.key)).isSubset(of: Set(map.entries.compactMap(\.key))))
        #expect(set.capacity >= 2 && set.capacity & (set.capacity - 1) == 0)

        let holey = try #require(CollectionContents.read(global("holeyArr"), in: idx))
        #expect(holey.kind == .jsArray && holey.capacity == 100)
        #expect(holey.size == 2 && holey.lengthAtLeast == 42 && holey.entries.map(\.slot) == [0, 41])
        let filled = try #require(CollectionContents.read(global("filledArr"), in: idx))
        #expect(filled.capacity == 7 && filled.size == 7 && filled.lengthAtLeast == 7 && filled.fillRatio == 1)
        let grown = try #require(CollectionContents.read(global("grownArr"), in: idx))
        #expect(grown.size == 5 && grown.lengthAtLeast == 5 && grown.capacity > 5)
        #expect(grown.fillRatio == 5 / Double(grown.capacity))
    }
}

enum CollectionTestError: Error { case missing(String) }
