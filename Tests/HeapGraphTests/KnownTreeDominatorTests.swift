import Testing
@testable import HeapGraph

/// Graphs whose dominator tree is known by construction, big enough (over 65,536 nodes) for the steps that run on
/// both cores (`DominatorScratch.halves`, the retained walk): a random tree (each node's parent has a smaller
/// number) plus back edges (from a node to one of its ancestors) and weak edges anywhere. A node can only be first
/// reached through its tree parent (its other strong in-edges come from its own descendants), so each node's idom
/// is its tree parent.
@Suite struct KnownTreeDominatorTests {
    @Test(arguments: 0..<3)
    func idomIsTheTreeParent(seed: Int) throws {
        var rng = SplitMix(state: UInt64(seed) &+ 5_150)
        let n = 70_000 + seed * 25_000
        var t = TestGraph(n: n)
        var parent = [UInt32](repeating: 0, count: n + 1)
        for v in 2...n {
            // Mostly recent parents (deep trees), sometimes any earlier node (wide ones).
            let lo = Bool.random(using: &rng) ? max(1, v - 40) : 1
            parent[v] = UInt32(Int.random(in: lo..<v, using: &rng))
            t.edges.append((parent[v], UInt32(v), false))
        }
        for _ in 0..<(n / 2) {
            let v = Int.random(in: 2...n, using: &rng)
            var a = parent[v]
            for _ in 0..<Int.random(in: 0..<5, using: &rng) where a > 1 { a = parent[Int(a)] }
            t.edges.append((UInt32(v), a, false))
            let w = UInt32.random(in: 1...UInt32(n), using: &rng)
            t.edges.append((w, UInt32(v), true))
        }
        t.roots = [1]
        let g = try t.build()
        let d = try Dominators(graph: g)
        #expect(d.reachableCount == n + 1)
        #expect(d.idom[0] == HeapGraph.none)
        #expect(d.idom[1] == 0)
        var wrong = 0
        for v in 2...n where d.idom[v] != parent[v] { wrong += 1 }
        #expect(wrong == 0)
        #expect(d.preorder.first == 0)
    }
}
