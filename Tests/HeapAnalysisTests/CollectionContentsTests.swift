import Foundation
import Testing
import DumpKit
import GeneratedDumps
@testable import HeapAnalysis
import HeapGraph

/// Collections read as their contents, checked against what the generating programs put in them
/// (SampleDumps/generators/java/CollectionsDemo.java and v8_collections.js, run here with the JDK and node).
@Suite(.serialized) struct CollectionContentsTests {
    /// The CollectionsDemo dump, written by javac + java now; nil (with a notice) without a JDK.
    static func javaDump() throws -> LoadedDump? {
        try GeneratedDumps.java("CollectionsDemo", notChecked: "Java collection contents")
    }

    /// The static field `name` of class `cls` (its value's node).
    static func staticField(_ dump: LoadedDump, _ cls: String, _ name: String) throws -> UInt32 {
        let g = dump.index.graph
        let k = try #require(g.classes.names.firstIndex(of: cls))
        let classObject = try #require(g.classes.classObjects[k])
        return try #require(dump.index.details.fields(of: classObject).first { $0.name == name }?.target)
    }

    static func global(_ found: [String: UInt32], _ name: String) throws -> UInt32 { try #require(found[name]) }

    static func pairs(_ c: CollectionContents) -> [String: String] {
        Dictionary(c.entries.map { ($0.keyText, $0.valueText) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func javaCollections() throws {
        guard let dump = try Self.javaDump() else { return }
        let idx = dump.index
        let holder = "CollectionsDemo$Holder"
        let map = try #require(CollectionContents.read(try Self.staticField(dump, holder, "MAP"), in: idx))
        #expect(map.kind == .hashMap && map.declaredSize == 3 && map.capacity == 16)
        #expect(Self.pairs(map) == ["\"k0\"": "\"v0\"", "\"k1\"": "\"v1\"", "\"k2\"": "\"v2\""])
        #expect(map.fillRatio == 3.0 / 16)
        // An entry (HashMap$Node) retains itself, its key and value Strings and their byte[] arrays.
        #expect(map.entries.allSatisfy { $0.retained > 0 && $0.key != nil && $0.value != nil })

        let linked = try #require(CollectionContents.read(try Self.staticField(dump, holder, "LINKED"), in: idx))
        #expect(Self.pairs(linked) == ["\"first\"": "\"1st\"", "\"second\"": "\"2nd\""] && linked.declaredSize == 2)

        let chm = try #require(CollectionContents.read(try Self.staticField(dump, holder, "CHM"), in: idx))
        #expect(chm.kind == .concurrentHashMap && chm.declaredSize == 100 && chm.entries.count == 100)
        #expect(Self.pairs(chm) == Dictionary(uniqueKeysWithValues: (0..<100).map { ("\"c\($0)\"", "\"w\($0)\"") }))

        let set = try #require(CollectionContents.read(try Self.staticField(dump, holder, "SET"), in: idx))
        #expect(set.kind == .hashSet && Set(set.entries.map(\.keyText)) == ["\"red\"", "\"green\"", "\"blue\""])

        let list = try #require(CollectionContents.read(try Self.staticField(dump, holder, "LIST"), in: idx))
        #expect(list.kind == .list && list.capacity == 20 && list.size == 3)
        #expect(list.entries.map(\.keyText) == ["\"a\"", "\"b\"", "\"c\""] && list.entries.map(\.slot) == [0, 1, 2])

        let array = try #require(CollectionContents.read(try Self.staticField(dump, holder, "ARRAY"), in: idx))
        #expect(array.kind == .objectArray && array.capacity == 8 && array.size == 2)
        #expect(array.entries.map(\.slot) == [1, 5] && array.entries.map(\.keyText) == ["\"x\"", "\"y\""])

        // The limit: one entry read, the walk says it stopped.
        let first = try #require(CollectionContents.read(try Self.staticField(dump, holder, "CHM"), in: idx, limit: 1))
        #expect(first.entries.count == 1 && first.truncated && first.declaredSize == 100)
    }

    /// V8 table layouts by hand: 3 header slots, the buckets, then `key, value, chain` (Set: `key, chain`).
    @Test func v8BucketCountFromSlots() {
        #expect(CollectionReader.buckets(slots: [5, 6, 8, 9, 11, 12], stride: 3) == 2)
        #expect(CollectionReader.buckets(slots: [5, 7, 9, 11], stride: 2) == 2)
        // 8 buckets: entries from slot 11; entry 0 and 1 with objects.
        #expect(CollectionReader.buckets(slots: [11, 12, 14], stride: 3) == 8)
        #expect(CollectionReader.buckets(slots: [], stride: 3) == 0)
    }

    @Test func v8Collections() throws {
        guard let node = GeneratedDumps.tool("node") else {
            print("notice: no node on PATH, V8 collection contents not checked")
            return
        }
        let file = NSTemporaryDirectory() + "hdx-collections-\(UUID().uuidString).heapsnapshot"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try GeneratedDumps.run(node, [GeneratedDumps.generators + "v8_collections.js", file])
        let dump = try DumpLoader.load(path: file)
        let idx = dump.index
        // The globals: properties of the global object named keepMap, keepSet, keepArr.
        var found: [String: UInt32] = [:]
        for v in 1..<idx.graph.nodeCount where ["Map", "Set", "Array"].contains(idx.graph.className(UInt32(v))) {
            for raw in idx.graph.predecessors(UInt32(v)) {
                let name = idx.details.referenceName(from: Edge.target(raw), to: UInt32(v)) ?? ""
                if name.hasPrefix("keep") { found[name] = UInt32(v) }
            }
        }
        let mapNode = try Self.global(found, "keepMap")
        let map = try #require(CollectionContents.read(mapNode, in: idx))
        #expect(map.kind == .jsMap && map.entries.count == 3 && map.capacity == 4)
        #expect(map.entries.map(\.keyText) == ["\"alpha\"", "\"beta\"", "\"gamma\""])
        #expect(map.entries[0].valueText == "\"one\"" && map.entries[2].valueText == "\"three\"")
        #expect(map.entries[1].valueText.hasPrefix("Object"))
        let set = try #require(CollectionContents.read(try Self.global(found, "keepSet"), in: idx))
        #expect(set.kind == .jsSet && set.entries.map(\.keyText) == ["\"red\"", "\"green\"", "\"blue\"", "\"cyan\""])
        #expect(set.capacity == 4 && set.fillRatio == 1)
        let array = try #require(CollectionContents.read(try Self.global(found, "keepArr"), in: idx))
        #expect(array.kind == .jsArray && array.entries.map(\.slot) == [0, 1, 2] && array.capacity == 3 && array.fillRatio == 1)
        #expect(array.entries.prefix(2).map(\.keyText) == ["\"a1\"", "\"b2\""])
    }
}
