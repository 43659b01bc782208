import HeapGraph
import Testing
@testable import ExplorerCore

/// The package tree (`t`), the dominator tree grouped by class (`C`), merged paths (`M`) and the suspects' way in
/// on the Overview: figures against brute force and hand computation, screens against goldens.
@Suite struct PathsViewsTests {
    /// com.a.Holder (root) → com.a.b.Map → two com.a.b.Entry → byte[] each; the Holder also → java.util.List →
    /// com.a.Item, which is shared with a second root (com.a.Other). A com.a.b.Entry also hangs off the Other.
    static func packageHeap() -> HeapIndex {
        var b = HeapBuilder()
        let holder = b.node("com.a.Holder", 16)       // 1
        let map = b.node("com.a.b.Map", 48)           // 2
        let e1 = b.node("com.a.b.Entry", 32)          // 3
        let e2 = b.node("com.a.b.Entry", 32)          // 4
        let v1 = b.node("byte[]", 1000)               // 5
        let v2 = b.node("byte[]", 2000)               // 6
        let list = b.node("java.util.List", 24)       // 7
        let item = b.node("com.a.Item", 300)          // 8
        let other = b.node("com.a.Other", 8)          // 9
        let e3 = b.node("com.a.b.Entry", 32)          // 10
        let v3 = b.node("byte[]", 500)                // 11
        b.edge(holder, map, "map"); b.edge(map, e1, "[0]"); b.edge(map, e2, "[1]")
        b.edge(e1, v1, "value"); b.edge(e2, v2, "value")
        b.edge(holder, list, "items"); b.edge(list, item, "[0]")
        b.edge(other, item, "item"); b.edge(other, e3, "entry"); b.edge(e3, v3, "value")
        b.roots = [GCRoot(node: holder, kind: .stickyClass), GCRoot(node: other, kind: .stickyClass)]
        return b.build()
    }

    /// Brute force: what becomes unreachable when every object of the set is removed.
    static func retainedBySet(_ index: HeapIndex, _ member: (UInt32) -> Bool) -> UInt64 {
        let g = index.graph
        func reachable(skipping skip: (UInt32) -> Bool) -> UInt64 {
            var seen = Set<UInt32>(), stack = Array(g.rootNodes).filter { !skip($0) }
            var sum: UInt64 = 0
            while let v = stack.popLast() {
                guard seen.insert(v).inserted else { continue }
                sum += g.shallowSize(v)
                for raw in g.successors(v) where !Edge.isWeak(raw) && !skip(Edge.target(raw)) {
                    stack.append(Edge.target(raw))
                }
            }
            return sum
        }
        return reachable(skipping: { _ in false }) - reachable(skipping: member)
    }

    @Test func packageRetainedMatchesBruteForce() throws {
        let index = PathsViewsTests.packageHeap()
        let tree = PackageTree(rows: index.histogram.rows, graph: index.graph, tree: index.tree, skipEmpty: false)
        var checked = 0
        for (i, node) in tree.nodes.enumerated() where i > 0 {
            let name = tree.fullName(i, classes: index.graph.classes)
            let inSet: (UInt32) -> Bool = { v in
                let cls = index.graph.className(v)
                return node.classIndex == nil ? cls.hasPrefix(name + ".") : cls == name
            }
            #expect(node.retained == PathsViewsTests.retainedBySet(index, inSet), "\(name)")
            var count = 0
            var shallow: UInt64 = 0
            for v in 1..<index.graph.nodeCount where inSet(UInt32(v)) {
                count += 1
                shallow += index.graph.shallowSize(UInt32(v))
            }
            #expect(node.count == count && node.shallow == shallow, "\(name)")
            checked += 1
        }
        #expect(checked == 12, "5 packages (com, a, b, java, util) and 7 classes")
        // By hand: com.a.b retains the Map with its entries (48 + 64 + 3,000) and the third entry (32 + 500): 3,644;
        // summing its classes' retained sizes (Map 3,112, Entry 3,596) would count the map's entries twice.
        let b = try #require(tree.nodes.indices.first { tree.fullName($0, classes: index.graph.classes) == "com.a.b" })
        #expect(tree.nodes[b].retained == 3644)
    }

    /// Grouped by (made-up) class loaders: Holder, Map and byte[] by one, the rest by the other.
    @Test func loaderRetainedMatchesBruteForce() throws {
        let index = PathsViewsTests.packageHeap()
        let names = index.graph.classes.names
        let first: Set<String> = ["com.a.Holder", "com.a.b.Map", "byte[]"]
        let labels = names.map { first.contains($0) ? "L1" : "L2" }
        let tree = PackageTree(rows: index.histogram.rows, graph: index.graph, tree: index.tree, skipEmpty: false,
                               groups: labels)
        let loaders = tree.nodes[0].children
        #expect(loaders.map { tree.nodes[$0].name }.sorted() == ["L1", "L2"])
        for i in loaders {
            let label = tree.nodes[i].name
            let expected = PathsViewsTests.retainedBySet(index) { labels[Int(index.graph.classOf[Int($0)])] == label }
            #expect(tree.nodes[i].retained == expected, "\(label)")
            #expect(tree.nodes[i].children.allSatisfy { tree.nodes[$0].classIndex != nil })
        }
    }

    @Test func dominatorChildrenGroupedByClass() {
        let model = LeakDemo.model()
        // The table (node 3) keeps three HashMap$Node alive: 32 (its key and value are shared), 32+24+500,016 and
        // 32+24+250,016.
        let groups = ClassGroups(node: 3, graph: model.graph, tree: model.tree)
        #expect(groups.groups.count == 1)
        #expect(groups.groups[0].members.count == 3)
        #expect(groups.groups[0].retained == 32 + 500_072 + 250_072)
        #expect(groups.rows == [.group(0)])
    }

    static let looks = [Look(width: 80, height: 24, ascii: false, mono: false),
                        Look(width: 120, height: 40, ascii: false, mono: false),
                        Look(width: 80, height: 24, ascii: true, mono: true)]

    static let javaScreens: [(name: String, keys: String)] = [
        ("java-overview-wayin", ""),
        ("java-packages", "2 t"),
        ("java-packages-top", "2 t Left Left Left Left"),
        ("java-loaders", "2 t t"),
        ("java-dominators-grouped", "3 C"),
        ("java-dominators-grouped-open", "3 C j Enter"),
        ("java-merged-paths", "2 / S e s s i o n $ Enter M"),
    ]

    static let v8Screens: [(name: String, keys: String)] = [
        ("v8-overview-wayin", ""),
        ("v8-merged-paths", "2 / ^ L e a k y E n t r y $ Enter M"),
        ("v8-dominators-grouped", "3 C"),
    ]

    @Test(arguments: looks)
    func screens(_ look: Look) throws {
        for (sample, screens) in [("java/leakdemo.hprof", PathsViewsTests.javaScreens),
                                  ("v8/leak-1.heapsnapshot", PathsViewsTests.v8Screens)] {
            let model = ExplorerModel(dump: try Samples.dump(sample))
            for screen in screens {
                let app = ExplorerApp(model: model, glyphs: look.glyphs)
                for key in Key.script(screen.keys) { app.handle(key) }
                let grid = app.render(width: look.width, height: look.height)
                assertGolden(goldenText(grid, look), "\(screen.name)-\(look)")
            }
        }
    }
}
