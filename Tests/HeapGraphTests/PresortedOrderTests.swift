import Testing
@testable import HeapGraph

/// The orders built in the background for the explorer (`PresortedChildren`, `ClassInstances`) against brute force:
/// children from the definition of domination with retained sizes by removal, sorted plainly; instances by a filter.
@Suite struct PresortedOrderTests {
    /// Sizes from a small range so that equal retained sizes (the tie-break by node) are common.
    static func randomGraph(seed: UInt64, n: Int) -> TestGraph {
        var t = DominatorTests.randomGraph(seed: seed, n: n, edgeFactor: [0.8, 1.5, 3.0][Int(seed % 3)],
                                           weakShare: seed % 4 == 0 ? 0.2 : 0)
        var rng = SplitMix(state: seed &+ 99)
        t.shallow = (0...n).map { _ in UInt32.random(in: 1...4, using: &rng) }
        t.classOf = (0...n).map { _ in UInt32.random(in: 0..<3, using: &rng) }
        return t
    }

    @Test(arguments: 0..<120)
    func everyChildListMatchesBruteForce(seed: Int) throws {
        let n = 2 + seed % 40
        let g = try Self.randomGraph(seed: UInt64(seed), n: n).build()
        let tree = DominatorTree(graph: g, dominators: try Dominators(graph: g))
        let sorted = PresortedChildren(tree: tree, minimumChildren: 1)
        let idoms = BruteForce.idoms(g), retained = BruteForce.retained(g)
        for parent in 0...UInt32(n) {
            let expected = idoms.filter { $0.value == parent }.map(\.key).sorted { a, b in
                retained[a]! != retained[b]! ? retained[a]! > retained[b]! : a < b
            }
            #expect(sorted.children(of: parent) ?? [] == expected, "seed \(seed) parent \(parent)")
            #expect(sorted.has(parent) == !expected.isEmpty)
            for limit in [0, 1, 2, 5] {
                #expect(sorted.children(of: parent, limit: limit) ?? [] == Array(expected.prefix(limit)))
            }
            // The partial selection the tree answers with gives the same rows.
            #expect(tree.children(of: parent, limit: 3) == Array(expected.prefix(3)))
        }
    }

    @Test func onlyHugeListsArePresortedAndMatchAPlainSort() throws {
        let n = PresortedChildren.minimumChildren + 5_000
        var t = TestGraph(n: n + 3)
        var rng = SplitMix(state: 7)
        // Node 1 holds nodes 2…n+1 (one huge list); node n+2 holds only n+3 (a short list, not presorted).
        t.edges = (2...(n + 1)).map { (1, UInt32($0), false) } + [(UInt32(n + 2), UInt32(n + 3), false)]
        t.roots = [1, UInt32(n + 2)]
        t.shallow = (0...(n + 3)).map { _ in UInt32.random(in: 1...300, using: &rng) }
        t.classOf = [UInt32](repeating: 0, count: n + 4)
        let g = try t.build()
        let tree = DominatorTree(graph: g, dominators: try Dominators(graph: g))
        let sorted = PresortedChildren(tree: tree)
        #expect(sorted.nodes == [1])
        let size = t.shallow
        let nodes: [UInt32] = (2...(n + 1)).map { UInt32($0) }
        let expected = nodes.sorted { (a: UInt32, b: UInt32) -> Bool in
            let ra = size[Int(a)], rb = size[Int(b)]
            return ra != rb ? ra > rb : a < b
        }
        #expect(sorted.children(of: 1) == expected)
        #expect(sorted.children(of: 1, limit: 2_000) == Array(expected.prefix(2_000)))
        #expect(tree.children(of: 1, limit: 2_000) == Array(expected.prefix(2_000)))
        #expect(sorted.children(of: UInt32(n + 2)) == nil)
    }

    @Test(arguments: 0..<40)
    func classInstancesMatchAFilter(seed: Int) throws {
        let n = 1 + seed * 7
        let g = try Self.randomGraph(seed: UInt64(seed), n: n).build()
        let byClass = ClassInstances(graph: g)
        for cls in UInt32(0)..<5 {  // 3 and 4 are not in the 3-name table
            let expected = (1...n).filter { g.classOf[$0] == cls }.map { UInt32($0) }
            #expect(Array(byClass.instances(of: cls)) == expected, "seed \(seed) class \(cls)")
            #expect(byClass.count(of: cls) == expected.count)
        }
    }
}
