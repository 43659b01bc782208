import Testing
@testable import HeapGraph
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The tree that `HeapIndex` builds (`DominatorTree(graph:result:)`: children laid out first, retained sizes by a
/// walk of the finished tree on both cores) against brute force on small graphs, and against a naive sum up each
/// node's idom chain and the children by definition on graphs big enough to use both cores.
@Suite struct DominatorTreeBuildTests {
    static func built(_ g: HeapGraph, storage: ArrayStorage = .memory) throws -> DominatorTree {
        DominatorTree(graph: g, result: try DominatorScratch.compute(graph: g, progress: nil, storage: storage),
                      storage: storage)
    }

    @Test(arguments: 0..<200)
    func matchesBruteForceOnRandomGraphs(seed: Int) throws {
        let n = 2 + seed % 45
        let t = DominatorTests.randomGraph(seed: UInt64(seed) &+ 7_000, n: n, edgeFactor: [0.8, 1.5, 3.0][seed % 3],
                                           weakShare: seed % 4 == 0 ? 0.2 : 0)
        let g = try t.build()
        let tree = try Self.built(g)
        let expected = BruteForce.idoms(g)
        let reach = BruteForce.reachable(g, removing: nil)
        for v in 1...UInt32(n) {
            #expect(tree.idom[Int(v)] == (reach.contains(v) ? expected[v] : HeapGraph.none), "seed \(seed) node \(v)")
            if !reach.contains(v) { #expect(tree.retained[Int(v)] == 0) }
        }
        #expect(tree.idom[0] == HeapGraph.none)
        for (v, r) in BruteForce.retained(g) { #expect(tree.retained[Int(v)] == r, "seed \(seed) retained of \(v)") }
        #expect(tree.retained[0] == reach.filter { $0 != 0 }.reduce(0) { $0 + g.shallowSize($1) })
        #expect(tree.reachableCount == reach.count)
        Self.expectChildrenByDefinition(tree, nodeCount: g.nodeCount)
    }

    /// Roots that each hold a long chain with random cross edges and weak edges: over `RetainedSplit.parallelFrom`
    /// reachable nodes (both cores claim subtrees), chains deeper than the walk's first stack.
    @Test(arguments: 0..<4)
    func bigGraphsOnBothCores(seed: Int) throws {
        var rng = SplitMix(state: UInt64(seed) &+ 99)
        let n = 120_000 + seed * 10_000
        var t = TestGraph(n: n)
        let chains = [1, 3, 40, 900][seed]
        let per = n / chains
        for v in 1...n where v % per != 0 && v < n { t.edges.append((UInt32(v), UInt32(v + 1), false)) }
        t.roots = (0..<chains).map { UInt32($0 * per + 1) }
        for _ in 0..<(n / 4) {
            let a = UInt32.random(in: 1...UInt32(n), using: &rng), b = UInt32.random(in: 1...UInt32(n), using: &rng)
            t.edges.append((a, b, Bool.random(using: &rng) && seed % 2 == 0))
        }
        t.shallow = (0...n).map { _ in UInt32.random(in: 1...5000, using: &rng) }
        let g = try t.build()
        let tree = try Self.built(g)
        let old = DominatorTree(graph: g, dominators: try Dominators(graph: g))
        #expect(Array(tree.idom) == Array(old.idom))
        // Naive retained sizes: every reachable node adds its shallow size to itself and to each node up its chain.
        var naive = [UInt64](repeating: 0, count: n + 1)
        var reachable = 0
        for v in 1...n where tree.idom[v] != HeapGraph.none {
            reachable += 1
            var u = UInt32(v)
            while u != HeapGraph.none {
                naive[Int(u)] &+= g.shallowSize(UInt32(v))
                u = tree.idom[Int(u)]
            }
        }
        #expect(reachable >= RetainedSplit.standard.parallelFrom, "big enough for both cores")
        #expect(Array(tree.retained) == naive)
        #expect(Array(tree.childStart) == Array(old.childStart))
        #expect(Array(tree.childList) == Array(old.childList), "siblings in the same (preorder) order")
        #expect(tree.reachableCount == reachable + 1)
    }

    @Test(arguments: 0..<30)
    func overMappedArrays(seed: Int) throws {
        let dir = try OutOfCoreTests.freshDirectory()
        defer { rmdir(dir) }
        let n = 3 + seed % 37
        let t = DominatorTests.randomGraph(seed: UInt64(seed) &+ 3_000, n: n, edgeFactor: [0.8, 1.5, 3.0][seed % 3],
                                           weakShare: seed % 4 == 0 ? 0.2 : 0)
        let g = try t.build()
        let storage = ArrayStorage(directory: dir)
        let tree = try Self.built(g, storage: storage)
        let expected = BruteForce.idoms(g)
        let reach = BruteForce.reachable(g, removing: nil)
        for v in 1...UInt32(n) {
            #expect(tree.idom[Int(v)] == (reach.contains(v) ? expected[v] : HeapGraph.none), "seed \(seed) node \(v)")
        }
        for (v, r) in BruteForce.retained(g) { #expect(tree.retained[Int(v)] == r, "seed \(seed) retained of \(v)") }
        Self.expectChildrenByDefinition(tree, nodeCount: g.nodeCount)
    }

    /// Each node's children are exactly the nodes whose idom it is.
    static func expectChildrenByDefinition(_ tree: DominatorTree, nodeCount n: Int) {
        var expected = [[UInt32]](repeating: [], count: n)
        for v in 1..<n where tree.idom[v] != HeapGraph.none { expected[Int(tree.idom[v])].append(UInt32(v)) }
        for p in 0..<n {
            let got = tree.childList[Int(tree.childStart[p])..<Int(tree.childStart[p + 1])]
            #expect(got.sorted() == expected[p], "children of \(p)")
        }
    }
}
