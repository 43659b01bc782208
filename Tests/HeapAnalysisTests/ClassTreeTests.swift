import Testing
@testable import HeapAnalysis
@testable import HeapGraph

/// The dominator tree folded by class, and Shark's growing paths over a series, on heaps small enough to fold by
/// hand.
@Suite struct ClassTreeTests {
    /// root → Holder(1) → List(2) → n × Entry (each 10 bytes + a 30-byte Blob); Noise(…) beside Holder.
    static func heap(entries: Int, noise: UInt32) throws -> HeapIndex {
        let n = 3 + 2 * entries
        var shallow: [UInt32] = [8, 16, noise]
        var classOf: [UInt32] = [0, 1, 4]
        var edges: [(UInt32, UInt32)] = [(1, 2)]
        for k in 0..<entries {
            let e = UInt32(4 + 2 * k), b = e + 1
            shallow += [10, 30]
            classOf += [2, 3]
            edges += [(2, e), (e, b)]
        }
        return try makeIndex(n: n, shallow: shallow, classOf: classOf,
                             classes: ["Holder", "List", "Entry", "Blob", "Noise"], edges: edges, roots: [1, 3])
    }

    @Test func foldsChildrenByClass() throws {
        let t = ClassTree(index: try Self.heap(entries: 3, noise: 5))
        let keys = t.nodes.map(\.key)
        #expect(keys == ["(roots)", "Holder", "Noise", "List", "Entry", "Blob"])
        let entry = t.nodes[4], blob = t.nodes[5]
        #expect(entry.count == 3 && entry.retained == 3 * 40)
        #expect(blob.count == 3 && blob.retained == 90 && blob.parent == 4)
        #expect(t.nodes[1].retained == 8 + 16 + 120)
        #expect(t.nodes[0].retained == 144 + 5)
        #expect(t.path(to: 5) == [1, 3, 4, 5])
    }

    @Test func limitsDepthAndSlivers() throws {
        let idx = try Self.heap(entries: 3, noise: 5)
        #expect(ClassTree(index: idx, maxDepth: 2).nodes.map(\.key) == ["(roots)", "Holder", "Noise", "List"])
        #expect(ClassTree(index: idx, minBytes: 6).nodes.map(\.key) == ["(roots)", "Holder", "List", "Entry", "Blob"])
    }

    @Test func growingPathsEndWhereObjectsAccumulate() throws {
        // Entries 1, 2, 3 (grow every step); Noise 50, 10, 60 (up and down).
        let idx = [try Self.heap(entries: 1, noise: 50), try Self.heap(entries: 2, noise: 10),
                   try Self.heap(entries: 3, noise: 60)]
        let template = ClassTree(index: idx[2])
        let trees = idx.map { ClassTree(index: $0, template: template) }
        let sizes = trees.map { $0.nodes.map(\.retained) }
        let counts = trees.map { $0.nodes.map(\.count) }
        let entry = template.nodes.firstIndex { $0.key == "Entry" }!
        #expect(sizes.map { $0[entry] } == [40, 80, 120])
        // Without counts: the Blob carries 75 % of each Entry's growth, so the path goes on to it.
        let blob = template.nodes.firstIndex { $0.key == "Blob" }!
        #expect(ClassTree.growingPaths(template: template, series: sizes) == [blob])
        // With counts: more Entries at every step, so the path ends at them.
        #expect(ClassTree.growingPaths(template: template, series: sizes, counts: counts) == [entry])
        #expect(template.path(to: entry).map { template.nodes[$0].key } == ["Holder", "List", "Entry"])
        // Two steps that grow and one that does not: nothing reported.
        let flat = [sizes[0], sizes[1], sizes[1]]
        #expect(ClassTree.growingPaths(template: template, series: flat).isEmpty)
    }
}
