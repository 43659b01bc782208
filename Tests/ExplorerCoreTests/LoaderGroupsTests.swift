import Testing
import HeapGraph
@testable import ExplorerCore

/// The dominator tree grouped by class loader (`L`): each group's retained bytes against domination by its
/// definition (remove one child, see what the roots can no longer reach), on random graphs; and on the LeakDemo
/// sample, the groups against each child's loader.
@Suite struct LoaderGroupsTests {
    /// Bytes no longer reachable from `roots` once `removed` is gone.
    static func freed(_ out: [[UInt32]], _ shallow: [UInt32], roots: [UInt32], without removed: UInt32) -> Set<UInt32> {
        func reach(_ skip: UInt32?) -> Set<UInt32> {
            var seen = Set<UInt32>()
            var stack = roots.filter { $0 != skip }
            while let v = stack.popLast() {
                guard seen.insert(v).inserted else { continue }
                for w in out[Int(v)] where w != skip && !seen.contains(w) { stack.append(w) }
            }
            return seen
        }
        return reach(nil).subtracting(reach(removed))
    }

    @Test func randomGraphsAgainstBruteForce() throws {
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<30 {
            var b = HeapBuilder()
            let n = 10 + next(20)
            for i in 0..<n { b.node("C\(next(5))", UInt32(1 + next(90)) + UInt32(i)) }
            for _ in 0..<(n + next(2 * n)) {
                let a = UInt32(1 + next(n)), c = UInt32(1 + next(n))
                if a != c && !b.out[Int(a)].contains(c) { b.edge(a, c, "f") }
            }
            let roots = Array(Set((0..<(1 + next(3))).map { _ in UInt32(1 + next(n)) })).sorted()
            b.roots = roots.map { GCRoot(node: $0, kind: .other) }
            let index = b.build()
            // Classes C0, C2, C4 come from loader A, the others from B.
            let loaders = index.graph.classes.names.map { Int($0.dropFirst())! % 2 == 0 ? "A" : "B" }
            for parent in [HeapGraph.superRoot] + (1...n).map(UInt32.init) where index.tree.isReachable(parent) {
                let groups = ClassGroups(node: parent, graph: index.graph, tree: index.tree, loaders: loaders)
                var seen = 0
                for g in groups.groups {
                    var union = Set<UInt32>()
                    for m in g.members {
                        #expect(loaders[Int(index.graph.classOf[Int(m)])] == g.label)
                        union.formUnion(Self.freed(b.out.map { $0.map(Edge.target) }, b.shallow, roots: roots, without: m))
                    }
                    #expect(g.retained == union.reduce(0) { $0 + UInt64(b.shallow[Int($1)]) })
                    seen += g.members.count
                }
                #expect(seen == index.tree.childCount(parent))
                #expect(Set(groups.groups.compactMap(\.label)).count == groups.groups.count)
            }
        }
    }

    @Test func leakDemoSampleByLoader() throws {
        let model = ExplorerModel(dump: try Samples.dump("java/leakdemo.hprof"))
        let page = DominatorPage(model: model)
        _ = page.handle(.char("L"), PageContext(model: model, glyphs: Glyphs(ascii: false)))
        #expect(page.grouped && page.byLoader)
        let labels = try #require(page.loaderLabels)
        let groups = try #require(page.current.groups)
        // Every root child is in the group of its class's loader; the groups retain the whole reachable heap.
        for g in groups.groups {
            for m in g.members { #expect(labels[Int(model.graph.classOf[Int(m)])] == g.label) }
        }
        #expect(groups.groups.reduce(0) { $0 + $1.retained } == model.index.reachableBytes)
        #expect(groups.groups.contains { $0.label == "<bootstrap>" })
        #expect(groups.groups.contains { $0.label?.hasPrefix("jdk.internal.loader.ClassLoaders$AppClassLoader") == true })
        // C switches to classes, L back to loaders, L again lists the objects one by one.
        _ = page.handle(.char("C"), PageContext(model: model, glyphs: Glyphs(ascii: false)))
        #expect(page.grouped && !page.byLoader)
        _ = page.handle(.char("L"), PageContext(model: model, glyphs: Glyphs(ascii: false)))
        _ = page.handle(.char("L"), PageContext(model: model, glyphs: Glyphs(ascii: false)))
        #expect(!page.grouped)
    }
}
