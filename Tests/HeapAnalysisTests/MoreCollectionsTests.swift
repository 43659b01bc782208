import Foundation
import Testing
import DumpKit
import GeneratedDumps
@testable import HeapAnalysis
import HeapGraph

/// WeakHashMap, TreeMap, TreeSet, LinkedList, ArrayDeque, CopyOnWriteArrayList, Hashtable and LinkedHashSet read as
/// their contents, checked against what SampleDumps/generators/java/MoreCollectionsDemo.java put in them (run here
/// with the JDK).
@Suite(.serialized) struct MoreCollectionsTests {
    static func demoDump() throws -> LoadedDump? {
        try GeneratedDumps.java("MoreCollectionsDemo", notChecked: "more Java collections")
    }

    @Test func javaCollections() throws {
        guard let dump = try Self.demoDump() else { return }
        let idx = dump.index
        func read(_ name: String, limit: Int = CollectionContents.defaultLimit) throws -> CollectionContents {
            let node = try CollectionContentsTests.staticField(dump, "MoreCollectionsDemo$Holder", name)
            return try #require(CollectionContents.read(node, in: idx, limit: limit))
        }
        let weak = try read("WEAK")
        #expect(weak.kind == .weakHashMap && weak.declaredSize == 4 && weak.capacity == 16 && weak.fillRatio == 0.25)
        #expect(CollectionContentsTests.pairs(weak) == Dictionary(uniqueKeysWithValues: (0..<4).map {
            ("\"wk\($0)\"", "\"wv\($0)\"") }))

        let tree = try read("TREE")
        #expect(tree.kind == .treeMap && tree.declaredSize == 50 && tree.fillRatio == nil)
        // In key order, whatever the insertion order was.
        #expect(tree.entries.map(\.keyText) == (0..<50).map { String(format: "\"t%02d\"", $0) })
        #expect(tree.entries.map(\.valueText) == (0..<50).map { String(format: "\"u%02d\"", $0) })
        let cut = try read("TREE", limit: 7)
        #expect(cut.truncated && cut.entries.map(\.keyText) == (0..<7).map { String(format: "\"t%02d\"", $0) })

        let tset = try read("TSET")
        #expect(tset.kind == .treeSet && tset.entries.map(\.keyText) == ["\"s1\"", "\"s2\"", "\"s3\""])

        let linked = try read("LINKED")
        #expect(linked.kind == .linkedList && linked.declaredSize == 7)
        #expect(linked.entries.map(\.keyText) == (0..<7).map { "\"l\($0)\"" })

        let deque = try read("DEQUE")
        #expect(deque.kind == .arrayDeque && deque.size == 10 && deque.capacity == 16)
        #expect(deque.entries.map(\.keyText) == (0..<10).map { "\"d\($0)\"" })
        // It wraps: the first element sits after the last one in the array.
        let first = try #require(deque.entries.first), last = try #require(deque.entries.last)
        #expect(first.slot > last.slot)

        let cow = try read("COW")
        #expect(cow.kind == .copyOnWriteList && cow.size == 5 && cow.capacity == 5 && cow.fillRatio == 1)
        #expect(cow.entries.map(\.keyText) == (0..<5).map { "\"c\($0)\"" })

        let table = try read("TABLE")
        #expect(table.kind == .hashtable && table.declaredSize == 3)
        #expect(CollectionContentsTests.pairs(table) == ["\"h0\"": "\"i0\"", "\"h1\"": "\"i1\"", "\"h2\"": "\"i2\""])

        let lset = try read("LSET")
        #expect(lset.kind == .hashSet && Set(lset.entries.map(\.keyText)) == ["\"x\"", "\"y\""])

        // Size and capacity only (limit 0), as the Object screen and the under-filled report read them.
        for name in ["WEAK", "TREE", "TSET", "LINKED", "DEQUE", "COW"] {
            let c = try read(name, limit: 0), full = try read(name)
            #expect(c.entries.isEmpty && c.size == full.entries.count, "\(name)")
        }
    }
}
