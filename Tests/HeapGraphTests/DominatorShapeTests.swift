import Testing
@testable import HeapGraph

/// Semi-NCA (Dominators.swift) against brute force on shapes the random graphs of `DominatorTests` rarely make:
/// long in-degree-1 chains (vertices whose only predecessor is their DFS parent) hanging off a random core and
/// merging back into it, weak edges that would otherwise change the dominators (including weak root edges and
/// weak-only predecessors), and nodes reachable only through weak edges or not at all.
@Suite struct DominatorShapeTests {
    static func chainGraph(seed: UInt64) -> TestGraph {
        var rng = SplitMix(state: seed)
        let core = 4 + Int(seed % 12)
        var t = DominatorTests.randomGraph(seed: seed, n: core, edgeFactor: 1.5, weakShare: 0.1)
        var n = core
        for _ in 0..<(1 + Int(seed % 5)) {
            // A chain from a core node; sometimes its end points back into the core, sometimes a weak edge does,
            // sometimes it is unreachable (its head has no strong predecessor).
            let length = Int.random(in: 1...12, using: &rng)
            let from = UInt32.random(in: 1...UInt32(core), using: &rng)
            let kind = Int.random(in: 0..<4, using: &rng)
            var prev = from
            for step in 0..<length {
                n += 1
                let v = UInt32(n)
                t.edges.append((prev, v, kind == 3 && step == 0))
                prev = v
            }
            let back = UInt32.random(in: 1...UInt32(core), using: &rng)
            if kind == 1 { t.edges.append((prev, back, false)) }
            if kind == 2 { t.edges.append((prev, back, true)) }
            // A second, weak way into the middle of the chain must not change its dominators.
            let mid = UInt32(n - length / 2)
            t.edges.append((UInt32.random(in: 1...UInt32(core), using: &rng), mid, true))
        }
        // Unreachable nodes with edges into the reachable part and among themselves.
        for _ in 0..<Int(seed % 3) {
            n += 1
            t.edges.append((UInt32(n), UInt32.random(in: 1...UInt32(core), using: &rng), false))
            if n > core + 1 { t.edges.append((UInt32(n), UInt32(n - 1), false)) }
        }
        t.n = n
        t.shallow = (0...n).map { _ in UInt32.random(in: 1...1000, using: &rng) }
        t.classOf = (0...n).map { _ in UInt32.random(in: 0..<3, using: &rng) }
        return t
    }

    /// Semi-NCA's idoms of `t` checked node by node against brute force (none for an unreachable node); returns them
    /// with the brute-force reachable set.
    static func expectBruteForceIdoms(_ t: TestGraph, seed: Int) throws -> (Dominators, reach: Set<UInt32>) {
        let g = try t.build()
        let d = try Dominators(graph: g)
        let expected = BruteForce.idoms(g)
        let reach = BruteForce.reachable(g, removing: nil)
        for v in 1...UInt32(t.n) {
            let want = reach.contains(v) ? expected[v] : HeapGraph.none
            #expect(d.idom[Int(v)] == want, "seed \(seed) node \(v)")
        }
        return (d, reach)
    }

    @Test(arguments: 0..<200)
    func chainsWeakEdgesAndUnreachableNodesMatchBruteForce(seed: Int) throws {
        let (d, reach) = try Self.expectBruteForceIdoms(Self.chainGraph(seed: UInt64(seed) &+ 7_777), seed: seed)
        #expect(d.reachableCount == reach.count)
        // The preorder lists every reachable node once, each after its immediate dominator.
        var seen = Set<UInt32>()
        for p in d.preorder {
            if p != 0 { #expect(seen.contains(d.idom[Int(p)]), "seed \(seed): \(p) before its idom") }
            seen.insert(p)
        }
        #expect(seen == reach)
    }

    /// Hubs, the shape of class objects in a Java heap: a few nodes that most others point to, some of them GC roots
    /// listed after the nodes that reach them first (so the DFS enters them through an ordinary edge, and their
    /// super-root in-edge is the smallest candidate: the semidominator loop stops there), some not roots at all
    /// (every predecessor's `eval` counts), plus random edges and in-degree-1 leaves.
    static func hubGraph(seed: UInt64) -> TestGraph {
        var rng = SplitMix(state: seed)
        let n = 12 + Int(seed % 40)
        var t = DominatorTests.randomGraph(seed: seed, n: n, edgeFactor: 0.8, weakShare: seed % 3 == 0 ? 0.15 : 0)
        let hubs = (0..<(1 + Int(seed % 4))).map { _ in UInt32.random(in: 1...UInt32(n), using: &rng) }
        for v in 1...UInt32(n) where Int.random(in: 0..<4, using: &rng) != 0 {
            t.edges.append((v, hubs[Int.random(in: 0..<hubs.count, using: &rng)], Int.random(in: 0..<9, using: &rng) == 0))
        }
        for h in hubs where Bool.random(using: &rng) { t.roots.append(h) }
        return t
    }

    @Test(arguments: 0..<200)
    func hubsMatchBruteForce(seed: Int) throws {
        _ = try Self.expectBruteForceIdoms(Self.hubGraph(seed: UInt64(seed) &+ 31_337), seed: seed)
    }

    /// A node whose only predecessor edge is weak is unreachable, and the preorder leaves it out.
    @Test func weakOnlyPredecessorLeavesNodeUnreachable() throws {
        var t = TestGraph(n: 3)
        t.roots = [1]
        t.edges = [(1, 2, false), (2, 3, true)]
        let g = try t.build()
        let d = try Dominators(graph: g)
        #expect(d.idom[1] == HeapGraph.superRoot)
        #expect(d.idom[2] == 1)
        #expect(d.idom[3] == HeapGraph.none)
        #expect(d.reachableCount == 3)
    }
}
