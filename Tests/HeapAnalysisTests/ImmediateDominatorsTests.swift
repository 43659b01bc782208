import Testing
@testable import HeapAnalysis
@testable import HeapGraph

/// The immediate dominators of a class's instances against domination computed by its definition (remove a node,
/// see what can no longer be reached) on hand-made and random graphs.
@Suite struct ImmediateDominatorsTests {
    /// One expected row: dominator class (nil: GC roots) → (dominators, dominated, shallow, retained, dominated retained).
    /// Keyed by the row's class and whether it is a class object's row.
    typealias Expected = [Key: (Set<UInt32>, Int, UInt64, UInt64, UInt64)]
    struct Key: Hashable { var cls: UInt32?; var statics: Bool }

    /// The rows by brute force: walk up the brute-force idoms past the class's own instances and skipped classes.
    /// `standsFor`: class-object nodes and the class each stands for.
    static func expected(_ bf: BruteForceDominators, classOf: [UInt32], cls: UInt32, skip: Set<UInt32>,
                         standsFor: [UInt32: UInt32] = [:]) -> Expected {
        var doms: [Key: Set<UInt32>] = [:]
        var insts: [Key: [UInt32]] = [:]
        func named(_ v: UInt32) -> UInt32 { standsFor[v] ?? classOf[Int(v) - 1] }
        for x in 1...bf.n where classOf[x - 1] == cls && bf.reachable.contains(UInt32(x)) {
            var d = bf.idom(UInt32(x))
            while let v = d, classOf[Int(v) - 1] == cls || skip.contains(named(v)) { d = bf.idom(v) }
            let key = Key(cls: d.map(named), statics: d.map { standsFor[$0] != nil } ?? false)
            if let d { doms[key, default: []].insert(d) } else { doms[key, default: []] = doms[key] ?? [] }
            insts[key, default: []].append(UInt32(x))
        }
        var out: Expected = [:]
        for (key, ds) in doms {
            let xs = insts[key] ?? []
            out[key] = (ds, xs.count, ds.reduce(0) { $0 + bf.shallow[Int($1)] }, bf.unionRetained(ds),
                        bf.unionRetained(xs))
        }
        return out
    }

    static func check(_ got: ImmediateDominators, _ want: Expected) {
        #expect(got.rows.count == want.count)
        for row in got.rows {
            guard let w = want[Key(cls: row.classIndex, statics: row.statics)] else {
                Issue.record("unexpected row \(String(describing: row.classIndex))")
                continue
            }
            #expect(Set(row.dominators) == w.0)
            #expect(row.dominated == w.1)
            #expect(row.shallow == w.2)
            #expect(row.retained == w.3)
            #expect(row.dominatedRetained == w.4)
        }
    }

    /// A hand-made heap: a cache (App) holding a chain of Nodes each holding an Item, a java.util.ArrayList
    /// holding Items, an Item shared by two Holders (only the roots dominate it), an Item holding an Item.
    @Test func handMadeGraph() throws {
        // classes: 0 App, 1 Node, 2 Item, 3 java.util.ArrayList, 4 Holder, 5 Object[]
        // classes: 0 App, 1 Node, 2 Item, 3 java.util.ArrayList, 4 Holder, 5 Object[], 6 java.lang.Class
        let classOf: [UInt32] = [0, 1, 1, 1, 2, 2, 2, 3, 5, 2, 2, 4, 4, 2, 2, 2, 6, 2]
        let shallow: [UInt32] = [16, 24, 24, 24, 100, 200, 300, 24, 40, 50, 60, 16, 16, 70, 80, 90, 8, 10]
        // Nodes: 1 App → 2 → 3 → 4 Node, each Node holding an Item (5, 6, 7; 5 also from Node 3); 1 → 8 ArrayList
        // → 9 Object[] → Items 10, 11 (11 → 10); Holders 12 and 13 both → Item 14; Item 15 → Item 16; App's class
        // object 17 → Item 18 (a static field).
        let edges: [(UInt32, UInt32)] = [(1, 2), (2, 3), (3, 4), (2, 5), (3, 5), (3, 6), (4, 7),
                                         (1, 8), (8, 9), (9, 10), (9, 11), (11, 10), (12, 14), (13, 14), (15, 16), (17, 18)]
        let roots: [UInt32] = [1, 12, 13, 15, 17]
        let idx = try makeIndex(n: 18, shallow: shallow, classOf: classOf,
                                classes: ["App", "Node", "Item", "java.util.ArrayList", "Holder", "java.lang.Object[]",
                                          "java.lang.Class"],
                                edges: edges, roots: roots, classObjects: [17, nil, nil, nil, nil, nil, nil])
        let bf = BruteForceDominators(n: 18, shallow: shallow, edges: edges, roots: roots)
        let items = (1...18).filter { classOf[$0 - 1] == 2 }.map(UInt32.init)
        let plain = ImmediateDominators(class: 2, instances: items, in: idx)
        Self.check(plain, Self.expected(bf, classOf: classOf, cls: 2, skip: [], standsFor: [17: 0]))
        // Spelled out: 16 is held by Item 15 (its own class, passed over) whose chain ends at the roots.
        let roots1 = try #require(plain.rows.first { $0.classIndex == nil })
        #expect(plain.rows.contains { $0.statics && $0.classIndex == 0 && $0.dominated == 1 && $0.dominators == [17] })
        #expect(roots1.dominated == 3 && roots1.dominatedRetained == 70 + 80 + 90)
        let skip = idx.graph.classes.names.map(ImmediateDominators.isJDKClass)
        #expect(skip == [false, false, false, true, false, true, true])
        let skipping = ImmediateDominators(class: 2, instances: items, in: idx, skip: skip)
        Self.check(skipping, Self.expected(bf, classOf: classOf, cls: 2, skip: [3, 5, 6], standsFor: [17: 0]))
        // Items in the ArrayList count under App once java.* is skipped.
        let app = try #require(skipping.rows.first { $0.classIndex == 0 && !$0.statics })
        #expect(app.dominators == [1] && app.dominated == 2)
    }

    /// Random graphs (reproducible seeds): every row against the brute force, with and without skipping.
    @Test func randomGraphs() throws {
        for seed in 1...40 {
            var rng = SplitMix(state: UInt64(seed))
            let n = 12 + rng.next(20)
            let classOf = (0..<n).map { _ in UInt32(rng.next(4)) }
            let shallow = (0..<n).map { _ in UInt32(1 + rng.next(100)) }
            var edges: [(UInt32, UInt32)] = []
            for _ in 0..<(n + rng.next(2 * n)) {
                let a = UInt32(1 + rng.next(n)), b = UInt32(1 + rng.next(n))
                if a != b && !edges.contains(where: { $0 == (a, b) }) { edges.append((a, b)) }
            }
            let roots = Array(Set((0..<(1 + rng.next(3))).map { _ in UInt32(1 + rng.next(n)) })).sorted()
            let idx = try makeIndex(n: n, shallow: shallow, classOf: classOf, classes: ["A", "B", "C", "java.D"],
                                    edges: edges, roots: roots)
            let bf = BruteForceDominators(n: n, shallow: shallow, edges: edges, roots: roots)
            for cls in UInt32(0)..<4 {
                let inst = (1...n).filter { classOf[$0 - 1] == cls }.map(UInt32.init)
                Self.check(ImmediateDominators(class: cls, instances: inst, in: idx),
                           Self.expected(bf, classOf: classOf, cls: cls, skip: []))
                Self.check(ImmediateDominators(class: cls, instances: inst, in: idx, skip: [false, false, false, true]),
                           Self.expected(bf, classOf: classOf, cls: cls, skip: [3]))
            }
        }
    }
}
