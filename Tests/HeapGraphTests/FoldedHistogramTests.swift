import Testing
@testable import HeapGraph

/// The class histogram that `HeapIndex` gets from the retained-size walk (`DominatorTree.withClassTallies`, one tally
/// per core) against a naive computation from the idoms alone: per class, the reachable instances, their shallow
/// sum, and the sum of the retained sizes (each summed naively up the idom chain) of the instances with no instance
/// of the same class on their idom chain; with `skipEmpty`, objects of shallow size 0 are left out entirely.
@Suite struct FoldedHistogramTests {
    static func folded(_ g: HeapGraph, skipEmpty: Bool) throws -> (DominatorTree, ClassHistogram) {
        let result = try DominatorScratch.compute(graph: g, progress: nil, storage: .memory)
        let (tree, tallies) = DominatorTree.withClassTallies(graph: g, result: result, skipEmpty: skipEmpty)
        return (tree, ClassHistogram(tallies: tallies))
    }

    static func naive(_ g: HeapGraph, idom: [UInt32], skipEmpty: Bool) -> [ClassHistogram.Row] {
        let n = g.nodeCount
        let skipped = { (v: Int) in skipEmpty && g.shallow32[v] == 0 }
        var retained = [UInt64](repeating: 0, count: n)
        for v in 1..<n where idom[v] != HeapGraph.none {
            var u = UInt32(v)
            while u != HeapGraph.none {
                retained[Int(u)] &+= g.shallowSize(UInt32(v))
                u = idom[Int(u)]
            }
        }
        var rows = (0..<g.classes.count).map {
            ClassHistogram.Row(classIndex: UInt32($0), count: 0, shallow: 0, retained: 0)
        }
        for v in 1..<n where idom[v] != HeapGraph.none && !skipped(v) {
            let c = Int(g.classOf[v])
            rows[c].count += 1
            rows[c].shallow += g.shallowSize(UInt32(v))
            var u = Int(idom[v])
            var covered = false
            while u != 0 && !covered {
                covered = !skipped(u) && Int(g.classOf[u]) == c
                u = Int(idom[u])
            }
            if !covered { rows[c].retained += retained[v] }
        }
        return rows.filter { $0.count > 0 }
    }

    /// Random graphs with five classes and some objects of size 0, on one core.
    @Test(arguments: 0..<200)
    func smallRandomGraphs(seed: Int) throws {
        var rng = SplitMix(state: UInt64(seed) &+ 41_000)
        var t = DominatorTests.randomGraph(seed: UInt64(seed) &+ 11_000, n: 2 + seed % 60,
                                           edgeFactor: [0.8, 1.5, 3.0][seed % 3], weakShare: seed % 4 == 0 ? 0.2 : 0)
        t.classNames = ["A", "B", "C", "D", "E"]
        t.classOf = t.classOf.map { _ in UInt32.random(in: 0..<(seed % 2 == 0 ? 2 : 5), using: &rng) }
        t.shallow = t.shallow.map { s in UInt32.random(in: 0..<4, using: &rng) == 0 ? 0 : s }
        let g = try t.build()
        for skipEmpty in [false, true] {
            let (tree, hist) = try Self.folded(g, skipEmpty: skipEmpty)
            let expected = Self.naive(g, idom: Array(tree.idom), skipEmpty: skipEmpty)
            #expect(hist.rows == expected, "seed \(seed) skipEmpty \(skipEmpty)")
            #expect(hist.rows == ClassHistogram(graph: g, tree: tree, skipEmpty: skipEmpty).rows)
        }
    }

    /// Many roots holding chains with cross and weak edges: over `RetainedSplit.parallelFrom` reachable nodes, so
    /// both cores claim subtrees and the two tallies are added up.
    @Test(arguments: 0..<3)
    func bigGraphsOnBothCores(seed: Int) throws {
        var rng = SplitMix(state: UInt64(seed) &+ 77)
        let n = 100_000 + seed * 10_000
        var t = TestGraph(n: n)
        let chains = [400, 900, 2_000][seed]
        let per = n / chains
        for v in 1..<n where v % per != 0 { t.edges.append((UInt32(v), UInt32(v + 1), false)) }
        t.roots = (0..<chains).map { UInt32($0 * per + 1) }
        for _ in 0..<(n / 5) {
            let a = UInt32.random(in: 1...UInt32(n), using: &rng), b = UInt32.random(in: 1...UInt32(n), using: &rng)
            t.edges.append((a, b, Bool.random(using: &rng) && seed != 1))
        }
        t.classNames = (0..<7).map { "K\($0)" }
        t.classOf = (0...n).map { _ in UInt32.random(in: 0..<7, using: &rng) }
        t.shallow = (0...n).map { _ in UInt32.random(in: 0..<6, using: &rng) == 0 ? 0 : UInt32.random(in: 1...900, using: &rng) }
        let g = try t.build()
        for skipEmpty in [false, true] {
            let (tree, hist) = try Self.folded(g, skipEmpty: skipEmpty)
            #expect(tree.reachableCount > RetainedSplit.standard.parallelFrom, "big enough for both cores")
            #expect(hist.rows == Self.naive(g, idom: Array(tree.idom), skipEmpty: skipEmpty), "skipEmpty \(skipEmpty)")
        }
    }
}
