import Testing
import DumpKit
import HeapGraph
@testable import V8Reader

/// V8 snapshots compared: objects matched by node id within one process (DevTools' Comparison view), and a
/// clear fallback to class matching for snapshots of different processes.
@Suite struct V8ComparisonTests {
    typealias N = Fixture.Node

    /// root → global → holder → items; `extra` more Item objects in the newer snapshot; ids shifted by `idBase`.
    static func snapshot(items: Int, idBase: Int) -> String {
        var nodes = [
            N(type: .synthetic, name: "", id: idBase + 1, size: 0, edges: [(.shortcut, "global", 1)]),
            N(type: .object, name: "global", id: idBase + 3, size: 100, edges: [(.property, "holder", 2)]),
            N(type: .object, name: "Holder", id: idBase + 5, size: 40, edges: []),
        ]
        for i in 0..<items {
            nodes[2].edges.append((.element, "\(i)", 3 + i))
            nodes.append(N(type: .object, name: "Item", id: idBase + 7 + 2 * i, size: 24))
        }
        return Fixture.text(nodes)
    }

    @Test func sameProcessMatchesObjectsByID() throws {
        let old = try DumpLoader.load(path: Fixture.write(Self.snapshot(items: 3, idBase: 0)))
        let new = try DumpLoader.load(path: Fixture.write(Self.snapshot(items: 5, idBase: 0)))
        let cmp = try DumpComparison(old: old, new: new)
        let item = try #require(cmp.objectMatch?["Item"])
        #expect(item.added == 2 && item.removed == 0 && item.addedBytes == 48)
        let row = try #require(cmp.histogram.rows.first { $0.className == "Item" })
        #expect(row.countDelta == 2 && row.shallowDelta == 48 && row.retainedDelta == 48)
        #expect(cmp.notes.isEmpty)
    }

    @Test func differentProcessesFallBackToClasses() throws {
        let old = try DumpLoader.load(path: Fixture.write(Self.snapshot(items: 3, idBase: 0)))
        let new = try DumpLoader.load(path: Fixture.write(Self.snapshot(items: 5, idBase: 100_000)))
        let cmp = try DumpComparison(old: old, new: new)
        #expect(cmp.objectMatch == nil)
        #expect(cmp.notes.contains { $0.contains("share no node ids") && $0.contains("by class only") })
        #expect(cmp.histogram.rows.first { $0.className == "Item" }?.countDelta == 2)
    }
}
