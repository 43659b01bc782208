import Testing
@testable import HeapGraph

/// The biggest children of a long child list, found on both cores (`DominatorTree.biggest`), against a plain sort.
@Suite struct BiggestChildrenTests {
    @Test(arguments: [1, 1_000, 7_000])
    func longChildListMatchesASort(limit: Int) throws {
        let n = DominatorTree.splitChildren + 10_001
        var t = TestGraph(n: n)
        var rng = SplitMix(state: 42)
        // One root holding every other node directly: one child list of n - 1 children, with many equal sizes so the
        // tie-break by node id matters.
        t.edges = (2...n).map { (1, UInt32($0), false) }
        t.roots = [1]
        t.shallow = (0...n).map { _ in UInt32.random(in: 1...500, using: &rng) }
        t.classOf = [UInt32](repeating: 0, count: n + 1)
        let g = try t.build()
        let tree = DominatorTree(graph: g, dominators: try Dominators(graph: g))
        #expect(tree.childCount(1) == n - 1)
        let expected = (2...n).map { UInt32($0) }.sorted { a, b in
            let ra = t.shallow[Int(a)], rb = t.shallow[Int(b)]
            return ra != rb ? ra > rb : a < b
        }
        #expect(tree.children(of: 1, limit: limit) == Array(expected.prefix(limit)))
    }
}
