import Testing
@testable import HeapGraph

@Suite struct HistogramAndPathTests {
    @Test(arguments: 0..<120)
    func classRetainedCountsOnlyTopMostInstances(seed: Int) throws {
        let t = DominatorTests.randomGraph(seed: UInt64(1000 + seed), n: 3 + seed % 50, edgeFactor: 1.6,
                                           weakShare: 0.1)
        let g = try t.build()
        let tree = DominatorTree(graph: g, dominators: Dominators(graph: g))
        let hist = ClassHistogram(graph: g, tree: tree)
        let doms = BruteForce.dominators(g)
        for row in hist.rows {
            let c = row.classIndex
            let members = doms.keys.filter { $0 != 0 && g.classOf[Int($0)] == c }
            let topMost = members.filter { v in !doms[v]!.contains { $0 != 0 && g.classOf[Int($0)] == c } }
            #expect(row.retained == topMost.reduce(0) { $0 + tree.retained[Int($1)] }, "seed \(seed) class \(c)")
            #expect(row.count == members.count)
            #expect(row.shallow == members.reduce(0) { $0 + g.shallowSize($1) })
        }
    }

    @Test(arguments: 0..<120)
    func pathsAreShortestStrongAndEndAtRoots(seed: Int) throws {
        let t = DominatorTests.randomGraph(seed: UInt64(5000 + seed), n: 3 + seed % 40, edgeFactor: 1.8,
                                           weakShare: 0.25)
        let g = try t.build()
        // Distances from the roots over strong edges, by BFS.
        var dist: [UInt32: Int] = [:]
        var queue: [UInt32] = []
        for r in g.rootNodes { dist[r] = 0; queue.append(r) }
        var head = 0
        while head < queue.count {
            let v = queue[head]; head += 1
            for raw in g.successors(v) where !Edge.isWeak(raw) {
                let w = Edge.target(raw)
                if dist[w] == nil { dist[w] = dist[v]! + 1; queue.append(w) }
            }
        }
        for target in 1...UInt32(t.n) {
            let paths = RootPaths.shortest(in: g, to: target, max: 4)
            guard let d = dist[target] else {
                #expect(paths.isEmpty, "seed \(seed): unreachable \(target) has no path")
                continue
            }
            #expect(!paths.isEmpty)
            #expect(paths[0].count == d + 1, "seed \(seed): first path is a shortest one")
            var firstNodes: Set<UInt32> = []
            for p in paths {
                #expect(g.isRoot(p[0]))
                #expect(p.last == target)
                #expect(firstNodes.insert(p[0]).inserted, "each path ends at a different root")
                for (a, b) in zip(p, p.dropFirst()) {
                    #expect(g.successors(a).contains { !Edge.isWeak($0) && Edge.target($0) == b })
                }
            }
        }
    }

    @Test func mergedPathsShareTheirCommonTail() {
        let tree = RootPaths.merged([[1, 2, 5], [3, 2, 5], [4, 5]])
        #expect(tree.nodes[0] == 5)
        #expect(tree.pathCount[0] == 3)
        let two = tree.children[0].first { tree.nodes[$0] == 2 }!
        #expect(tree.pathCount[two] == 2)
        #expect(Set(tree.children[two].map { tree.nodes[$0] }) == [1, 3])
    }

    @Test func idLookupHandlesSortedPrefixedAndShuffledIDs() {
        var rng = SplitMix(state: 7)
        let sortedIDs = (1...5000).map { UInt64($0) * 24 + 0x1000 }
        for variant in 0..<3 {
            var ids = sortedIDs
            if variant == 1 { ids = [9_999_999, 5, 77_777] + ids }   // a small unsorted prefix (class objects)
            if variant == 2 { ids.shuffle(using: &rng) }
            let lookup = IDLookup(ids: ContiguousArray([0] + ids))
            for (i, id) in ids.enumerated() { #expect(lookup.node(for: id) == UInt32(i + 1)) }
            #expect(lookup.node(for: 0x1001) == nil)
            #expect(lookup.node(for: 1) == nil)
            #expect(lookup.node(for: .max) == nil)
        }
    }
}

/// RootPaths on long chains: its visited map turns from a hash table into a flat array past 1/16 of the graph;
/// both give the same paths.
@Suite struct LongPathTests {
    @Test func aChainLongerThanTheHashTableLimit() throws {
        // 1 → 2 → … → n, root on 1, plus a side branch 1 → n+1 → n (the shorter path) when `shortcut`.
        for (n, shortcut) in [(20_000, false), (20_000, true), (50, false)] {
            var t = TestGraph(n: n + 1)
            for v in 1..<n { t.edges.append((UInt32(v), UInt32(v + 1), false)) }
            if shortcut { t.edges += [(1, UInt32(n + 1), false), (UInt32(n + 1), UInt32(n), false)] }
            t.roots = [1]
            let g = try t.build()
            let paths = RootPaths.shortest(in: g, to: UInt32(n), max: 3)
            #expect(paths.count == 1)
            #expect(paths[0] == (shortcut ? [1, UInt32(n + 1), UInt32(n)] : (1...n).map { UInt32($0) }))
        }
    }

    @Test func theVisitedMapSwitchesAndKeepsItsEntries() {
        var m = RootPaths.NextMap(nodeCount: 100_000)
        for v in 0..<10_000 { m[UInt32(v)] = UInt32(v + 1) }
        #expect(!m.flat.isEmpty && m.small.isEmpty)
        #expect((0..<10_000).allSatisfy { m[UInt32($0)] == UInt32($0 + 1) })
        #expect(m[10_000] == nil && m[99_999] == nil)
        var s = RootPaths.NextMap(nodeCount: 100_000)
        s[7] = 3
        #expect(s.flat.isEmpty && s[7] == 3 && s[8] == nil)
    }
}
