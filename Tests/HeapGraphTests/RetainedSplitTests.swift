import Testing
@testable import HeapGraph

/// The retained-size walk split between the cores below a spine (`RetainedSpine`), forced on small graphs by a
/// `RetainedSplit` that splits from 2 nodes: retained sizes against the naive sum up the idom chains, and the class
/// histogram against `FoldedHistogramTests.naive`, on trees shaped to put the spine in the way: deep chains (cut by
/// the spine's cap), one giant subtree under a chain of holders, many tiny subtrees, and random graphs with random
/// split settings. Classes repeat along the chains, so the "topmost instance of its class" rule crosses the border
/// between the spine and the units.
@Suite struct RetainedSplitTests {
    /// Per node: its shallow size plus that of all it dominates, summed naively up each idom chain.
    static func naiveRetained(_ g: HeapGraph, idom: [UInt32]) -> [UInt64] {
        var retained = [UInt64](repeating: 0, count: g.nodeCount)
        for v in 1..<g.nodeCount where idom[v] != HeapGraph.none {
            var u = UInt32(v)
            while u != HeapGraph.none {
                retained[Int(u)] &+= g.shallowSize(UInt32(v))
                u = idom[Int(u)]
            }
        }
        return retained
    }

    static func check(_ t: TestGraph, split: RetainedSplit, label: String) throws {
        let g = try t.build()
        for skipEmpty in [false, true] {
            let result = try DominatorScratch.compute(graph: g, progress: nil, storage: .memory)
            let (tree, tallies) = DominatorTree.withClassTallies(graph: g, result: result, skipEmpty: skipEmpty,
                                                                 split: split)
            let idom = Array(tree.idom)
            #expect(Array(tree.retained) == naiveRetained(g, idom: idom), "\(label) skipEmpty \(skipEmpty)")
            #expect(ClassHistogram(tallies: tallies).rows == FoldedHistogramTests.naive(g, idom: idom,
                                                                                         skipEmpty: skipEmpty),
                    "\(label) skipEmpty \(skipEmpty)")
        }
    }

    /// A chain from one root, `length` long, each link holding `leaves` leaves; links of two classes in runs, leaves
    /// of three (two shared with the links); a few cross edges that skip ahead keep some links from dominating.
    static func chain(length: Int, leaves: Int, seed: UInt64) -> TestGraph {
        var rng = SplitMix(state: seed)
        let n = length * (1 + leaves)
        var t = TestGraph(n: n)
        t.classNames = ["Link", "Other", "Leaf"]
        t.roots = [1]
        for i in 0..<length {
            let link = UInt32(1 + i * (1 + leaves))
            t.classOf[Int(link)] = (i / 7) % 2 == 0 ? 0 : 1
            if i + 1 < length { t.edges.append((link, link + UInt32(1 + leaves), false)) }
            if i % 97 == 5 && i + 3 < length { t.edges.append((link, link + UInt32(3 * (1 + leaves)), false)) }
            for j in 0..<leaves {
                let leaf = Int(link) + 1 + j
                t.edges.append((link, UInt32(leaf), false))
                t.classOf[leaf] = UInt32.random(in: 0..<3, using: &rng)
                let empty = UInt32.random(in: 0..<5, using: &rng) == 0
                t.shallow[leaf] = empty ? 0 : UInt32.random(in: 1...64, using: &rng)
            }
        }
        return t
    }

    @Test(arguments: [(1, 8, 0), (2, 64, 1), (3, 4096, 2)])
    func deepChains(leaves: Int, cap: Int, seed: Int) throws {
        let t = Self.chain(length: 1_500, leaves: leaves, seed: UInt64(seed))
        try Self.check(t, split: RetainedSplit(parallelFrom: 2, pieces: 64, cap: cap), label: "chain cap \(cap)")
    }

    /// Three small roots, and one root holding a chain of four holders down to an array with `elements` elements,
    /// each element holding 0 to 3 objects, some of the array's class.
    @Test(arguments: [0, 1, 2])
    func oneGiantSubtree(seed: Int) throws {
        var rng = SplitMix(state: UInt64(seed) &+ 500)
        let elements = 3_000
        let n = 8 + elements * 4
        var t = TestGraph(n: n)
        t.classNames = ["Holder", "Array", "Element", "Payload"]
        t.roots = [1, 6, 7, 8]
        for h in 1...4 { t.edges.append((UInt32(h), UInt32(h + 1), false)) }
        t.classOf[5] = 1
        t.classOf[3] = 1
        var next = 9
        for _ in 0..<elements {
            let e = next
            next += 1
            t.edges.append((5, UInt32(e), false))
            t.classOf[e] = 2
            for _ in 0..<Int.random(in: 0...3, using: &rng) where next <= n {
                t.edges.append((UInt32(e), UInt32(next), false))
                t.classOf[next] = UInt32.random(in: 1...3, using: &rng)
                t.shallow[next] = UInt32.random(in: 0...40, using: &rng)
                next += 1
            }
        }
        for _ in 0..<50 {
            let a = UInt32.random(in: 9...UInt32(n), using: &rng), b = UInt32.random(in: 9...UInt32(n), using: &rng)
            t.edges.append((a, b, seed == 2))
        }
        try Self.check(t, split: RetainedSplit(parallelFrom: 2, pieces: [16, 128, 1_000][seed], cap: 1_024),
                       label: "giant \(seed)")
    }

    /// Thousands of roots each holding nothing or one object: all units are tiny, the spine is empty.
    @Test func manyTinySubtrees() throws {
        var rng = SplitMix(state: 9)
        let n = 6_000
        var t = TestGraph(n: n)
        t.roots = stride(from: 1, through: n, by: 2).map { UInt32($0) }
        for v in stride(from: 1, to: n, by: 2) where Bool.random(using: &rng) {
            t.edges.append((UInt32(v), UInt32(v + 1), false))
        }
        t.classOf = t.classOf.map { _ in UInt32.random(in: 0..<3, using: &rng) }
        try Self.check(t, split: RetainedSplit(parallelFrom: 2, pieces: 64, cap: 1_024), label: "tiny")
    }

    /// Random graphs with random split settings.
    @Test(arguments: 0..<60)
    func randomGraphsRandomSplits(seed: Int) throws {
        var rng = SplitMix(state: UInt64(seed) &+ 8_800)
        var t = DominatorTests.randomGraph(seed: UInt64(seed) &+ 3_300, n: 20 + seed * 7,
                                           edgeFactor: [0.8, 1.2, 2.0][seed % 3], weakShare: seed % 4 == 0 ? 0.2 : 0)
        t.classNames = ["A", "B", "C", "D"]
        t.classOf = t.classOf.map { _ in UInt32.random(in: 0..<(seed % 2 == 0 ? 2 : 4), using: &rng) }
        t.shallow = t.shallow.map { s in UInt32.random(in: 0..<4, using: &rng) == 0 ? 0 : s }
        let split = RetainedSplit(parallelFrom: 2, pieces: Int.random(in: 1...40, using: &rng),
                                  cap: Int.random(in: 1...30, using: &rng))
        try Self.check(t, split: split, label: "seed \(seed)")
    }

    /// The spine found by the counting sweep is exactly the nodes with more than the threshold below them (counted
    /// naively up the idom chains), when the cap does not cut it, and always closed under idom, top-down.
    @Test(arguments: 0..<20)
    func spineIsTheBigSubtrees(seed: Int) throws {
        let t = DominatorTests.randomGraph(seed: UInt64(seed) &+ 123, n: 300 + seed * 40, edgeFactor: 1.1,
                                           weakShare: 0)
        let g = try t.build()
        let result = try DominatorScratch.compute(graph: g, progress: nil, storage: .memory)
        let idom = Array(result.idom.buffer)
        var size = [Int](repeating: 0, count: g.nodeCount)
        for v in 1..<g.nodeCount where idom[v] != HeapGraph.none {
            var u = UInt32(v)
            while u != HeapGraph.none && u != HeapGraph.superRoot {
                size[Int(u)] += 1
                u = idom[Int(u)]
            }
        }
        let threshold = 1 + seed % 9
        let big = (1..<g.nodeCount).filter { size[$0] > threshold }
        for cap in [1_000_000, 3] {
            let counts = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: g.nodeCount)
            defer { counts.deallocate() }
            counts.initialize(repeating: 0)
            let spine = SubtreeCounts.spine(counts: counts, idom: result.idom.buffer, preorder: result.preorder,
                                            threshold: threshold, cap: cap)
            if cap >= big.count { #expect(Set(spine.map(Int.init)) == Set(big), "seed \(seed)") }
            #expect(spine.count == min(cap, big.count))
            var seen: Set<UInt32> = [HeapGraph.superRoot]
            for v in spine {
                #expect(seen.contains(idom[Int(v)]), "seed \(seed): \(v) before its idom")
                seen.insert(v)
            }
        }
    }
}
