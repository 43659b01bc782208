import Testing
@testable import HeapGraph

@Suite struct DominatorTests {
    static func randomGraph(seed: UInt64, n: Int, edgeFactor: Double, weakShare: Double) -> TestGraph {
        var rng = SplitMix(state: seed)
        var t = TestGraph(n: n)
        let m = Int(Double(n) * edgeFactor)
        for _ in 0..<m {
            let a = UInt32.random(in: 1...UInt32(n), using: &rng)
            let b = UInt32.random(in: 1...UInt32(n), using: &rng)
            t.edges.append((a, b, Double.random(in: 0..<1, using: &rng) < weakShare))
        }
        let rootCount = Int.random(in: 1...max(1, n / 6), using: &rng)
        t.roots = (0..<rootCount).map { _ in UInt32.random(in: 1...UInt32(n), using: &rng) }
        t.shallow = (0...n).map { _ in UInt32.random(in: 1...1000, using: &rng) }
        t.classOf = (0...n).map { _ in UInt32.random(in: 0..<3, using: &rng) }
        return t
    }

    @Test(arguments: 0..<300)
    func matchesBruteForceOnRandomGraphs(seed: Int) throws {
        let n = 2 + seed % 40
        let t = Self.randomGraph(seed: UInt64(seed), n: n, edgeFactor: [0.8, 1.5, 3.0][seed % 3],
                                 weakShare: seed % 4 == 0 ? 0.2 : 0)
        let g = try t.build()
        let d = try Dominators(graph: g)
        let tree = DominatorTree(graph: g, dominators: d)
        let expected = BruteForce.idoms(g)
        let reach = BruteForce.reachable(g, removing: nil)
        for v in 1...UInt32(n) {
            if reach.contains(v) {
                #expect(d.idom[Int(v)] == expected[v], "seed \(seed) node \(v)")
            } else {
                #expect(d.idom[Int(v)] == HeapGraph.none, "seed \(seed) unreachable node \(v)")
                #expect(tree.retained[Int(v)] == 0)
            }
        }
        let retained = BruteForce.retained(g)
        for (v, r) in retained { #expect(tree.retained[Int(v)] == r, "seed \(seed) retained of \(v)") }
        #expect(tree.retained[0] == reach.filter { $0 != 0 }.reduce(0) { $0 + g.shallowSize($1) })
        #expect(d.reachableCount == reach.count)
    }

    @Test func weakEdgesDoNotRetain() throws {
        // root 1 -> 2 (strong), 1 -> 3 (weak), 2 -> 3 (strong): 3 is dominated by 2, not 1.
        var t = TestGraph(n: 4)
        t.edges = [(1, 2, false), (1, 3, true), (2, 3, false), (1, 4, true)]
        t.roots = [1]
        let g = try t.build()
        let d = try Dominators(graph: g)
        #expect(d.idom[3] == 2)
        #expect(d.idom[4] == HeapGraph.none, "only weakly reachable: not retained by anything")
        let tree = DominatorTree(graph: g, dominators: d)
        #expect(tree.retained[1] == 30)
        #expect(tree.retained[2] == 20)
    }

    @Test func hundredsOfThousandsLongChainNeedsNoRecursion() throws {
        // A 3-million-node singly linked list: deep DFS, deep dominator tree, deep histogram walk.
        let n = 3_000_000
        var start = ContiguousArray<UInt32>(repeating: 0, count: n + 2)
        var out = ContiguousArray<UInt32>()
        out.reserveCapacity(n)
        for v in 1...n {
            if v < n { out.append(UInt32(v + 1)) }
            start[v + 1] = UInt32(out.count)
        }
        let g = try HeapGraph(objectIDs: ContiguousArray((0...n).map { UInt64($0) }),
                              classOf: ContiguousArray(repeating: 0, count: n + 1),
                              shallow32: ContiguousArray(repeating: 16, count: n + 1), outStart: start, outEdges: out,
                              roots: [GCRoot(node: 1, kind: .stickyClass)], classes: ClassTable(names: ["Node"]))
        let index = try HeapIndex(graph: g, details: NoDetails(), info: DumpInfo(format: DumpFormat(id: "test", shortName: "test", displayName: "test", expectation: "a test"), version: "", path: "",
                                                                              fileBytes: 0))
        #expect(index.tree.retained[1] == UInt64(16 * n))
        #expect(index.tree.retained[n] == 16)
        #expect(index.tree.idom[n] == UInt32(n - 1))
        #expect(index.histogram.rows.first?.retained == UInt64(16 * n), "the chain head is the only top-most Node")
        let paths = RootPaths.shortest(in: g, to: UInt32(n), max: 3)
        #expect(paths.count == 1)
        #expect(paths.first?.count == n)
    }

    @Test func sortedChildrenAndTopK() throws {
        var t = TestGraph(n: 6)
        t.edges = [(1, 2, false), (1, 3, false), (1, 4, false), (3, 5, false), (4, 6, false)]
        t.shallow = [0, 1, 5, 7, 5, 100, 1]
        t.roots = [1]
        let g = try t.build()
        let tree = DominatorTree(graph: g, dominators: try Dominators(graph: g))
        #expect(tree.children(of: 1) == [3, 4, 2])
        #expect(tree.children(of: 1, limit: 2) == [3, 4])
        #expect(tree.children(of: 0) == [1])
        #expect(tree.chain(to: 5) == [1, 3, 5])
    }
}

/// Details for graphs with no format behind them.
struct NoDetails: GraphDetails {
    func idString(_ node: UInt32) -> String { "#\(node)" }
    func node(forIDString text: String) -> UInt32? { UInt32(text.dropFirst()) }
    func referenceName(from source: UInt32, to target: UInt32) -> String? { nil }
    func preview(_ node: UInt32) -> String? { nil }
    func fields(of node: UInt32) -> [FieldValue] { [] }
    func displayClassName(_ node: UInt32) -> String { "?" }
}
