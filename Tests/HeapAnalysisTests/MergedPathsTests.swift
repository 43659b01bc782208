import Testing
@testable import HeapAnalysis
@testable import HeapGraph

/// A small graph with named references, for merged paths and the way in.
struct NamedGraph {
    var classes: [String] = []
    var classOf: [UInt32] = []
    var shallow: [UInt32] = []
    var edges: [(UInt32, UInt32, String, Bool)] = []
    var roots: [UInt32] = []
    /// Class-object nodes by the class they stand for.
    var classObjects: [UInt32: String] = [:]
    var previews: [UInt32: String] = [:]

    mutating func node(_ cls: String, _ size: UInt32) -> UInt32 {
        if !classes.contains(cls) { classes.append(cls) }
        classOf.append(UInt32(classes.firstIndex(of: cls)!))
        shallow.append(size)
        return UInt32(classOf.count)
    }

    mutating func edge(_ a: UInt32, _ b: UInt32, _ name: String, weak: Bool = false) {
        edges.append((a, b, name, weak))
    }

    func index() throws -> HeapIndex {
        let n = classOf.count
        var start = ContiguousArray<UInt32>(repeating: 0, count: n + 2)
        var out = ContiguousArray<UInt32>()
        var names: [UInt64: String] = [:]
        for v in 1...n {
            for e in edges where e.0 == UInt32(v) {
                out.append(Edge.make(e.1, weak: e.3))
                names[UInt64(e.0) << 32 | UInt64(e.1)] = e.2
            }
            start[v + 1] = UInt32(out.count)
        }
        let g = try HeapGraph(objectIDs: ContiguousArray((0...n).map { UInt64($0) }),
                              classOf: ContiguousArray([0] + classOf), shallow32: ContiguousArray([0] + shallow),
                              outStart: start, outEdges: out, roots: roots.map { GCRoot(node: $0, kind: .other) },
                              classes: ClassTable(names: classes, classObjects: classes.map { name in
                                  classObjects.first { $0.value == name }?.key
                              }))
        return try HeapIndex(graph: g, details: Named(graph: g, names: names, classObjects: classObjects,
                                                      previews: previews),
                             info: DumpInfo(format: DumpFormat(id: "test", shortName: "test", displayName: "test",
                                                               expectation: "a test"),
                                            version: "t", path: "t", fileBytes: 0))
    }

    struct Named: GraphDetails {
        let graph: HeapGraph
        let names: [UInt64: String]
        let classObjects: [UInt32: String]
        let previews: [UInt32: String]
        func idString(_ node: UInt32) -> String { "#\(node)" }
        func node(forIDString text: String) -> UInt32? { UInt32(text.dropFirst()) }
        func referenceName(from source: UInt32, to target: UInt32) -> String? {
            names[UInt64(source) << 32 | UInt64(target)]
        }
        func preview(_ node: UInt32) -> String? { previews[node] }
        func fields(of node: UInt32) -> [FieldValue] {
            graph.successors(node).map { raw in
                let t = Edge.target(raw)
                return FieldValue(name: referenceName(from: node, to: t) ?? "?", type: "", value: "", target: t)
            }
        }
        func displayClassName(_ node: UInt32) -> String { classObjects[node].map { "class " + $0 } ?? graph.className(node) }
    }
}

@Suite struct MergedPathsTests {
    /// Holder.cache → Map.table → Node[] → 3 entries → 3 sessions (one of them holding a 4th session);
    /// Holder.other → List.elementData → Object[] → a 5th session (also held weakly by the thread, which does not
    /// count); Thread.local → a 6th session. A decoy: a longer strong way to session 1 through the thread.
    static func graph() -> (NamedGraph, sessions: [UInt32]) {
        var g = NamedGraph()
        let holder = g.node("Holder", 16), thread = g.node("Thread", 100)
        let map = g.node("Map", 48), table = g.node("Node[]", 64)
        let entries = (0..<3).map { _ in g.node("Entry", 32) }
        let s = (0..<6).map { k in g.node("Session", 100 + 10 * UInt32(k)) }
        let list = g.node("List", 24), arr = g.node("Object[]", 40)
        let decoys = (0..<4).map { _ in g.node("Wrapper", 8) }
        g.roots = [holder, thread]
        g.edge(holder, map, "cache")
        g.edge(map, table, "table")
        for (k, e) in entries.enumerated() {
            g.edge(table, e, "[\(k)]")
            g.edge(e, s[k], "value")
        }
        g.edge(s[0], s[3], "child")
        g.edge(holder, list, "other")
        g.edge(list, arr, "elementData")
        g.edge(arr, s[4], "[0]")
        g.edge(thread, s[4], "referent", weak: true)
        g.edge(thread, s[5], "local")
        g.edge(thread, decoys[0], "a")
        for k in 1..<4 { g.edge(decoys[k - 1], decoys[k], "next") }
        g.edge(decoys[3], s[0], "c")
        return (g, s)
    }

    /// Brute force: distances from the roots by repeated relaxation over strong edges (no breadth-first search),
    /// each instance's path rebuilt by stepping to the predecessor one closer (unique in this graph), then the
    /// path prefixes (class, field) counted.
    static func bruteForce(_ g: NamedGraph, index: HeapIndex, instances: [UInt32]) -> [[String]: Int] {
        let n = g.classOf.count
        var dist = [Int](repeating: Int.max / 2, count: n + 1)
        for r in g.roots { dist[Int(r)] = 0 }
        for _ in 0...n {
            for e in g.edges where !e.3 { dist[Int(e.1)] = min(dist[Int(e.1)], dist[Int(e.0)] + 1) }
        }
        var counts: [[String]: Int] = [:]
        for i in instances {
            var steps: [String] = [index.details.displayClassName(i)]
            var v = i
            while dist[Int(v)] > 0 {
                let preds = g.edges.filter { !$0.3 && $0.1 == v && dist[Int($0.0)] == dist[Int(v)] - 1 }
                #expect(preds.count == 1, "unique shortest path")
                let e = preds[0]
                let field = e.2.hasPrefix("[") ? "[]" : e.2
                steps[0] = field + " " + steps[0]
                steps.insert(index.details.displayClassName(e.0), at: 0)
                v = e.0
            }
            for k in 1...steps.count { counts[Array(steps.prefix(k)), default: 0] += 1 }
        }
        return counts
    }

    static func prefixes(_ m: MergedPaths) -> [[String]: Int] {
        var out: [[String]: Int] = [:]
        for i in 1..<m.nodes.count {
            var steps: [String] = []
            var at = i
            while at > 0 {
                let node = m.nodes[at]
                steps.insert(node.field.map { $0 + " " + node.className } ?? node.className, at: 0)
                at = node.parent
            }
            out[steps] = m.nodes[i].count
        }
        return out
    }

    @Test func matchesBruteForce() throws {
        let (g, sessions) = MergedPathsTests.graph()
        let index = try g.index()
        let cls = index.graph.classOf[Int(sessions[0])]
        let m = MergedPaths(class: cls, in: index)
        #expect(m.total == 6 && m.considered == 6 && m.traced == 6 && !m.budgetExhausted)
        #expect(MergedPathsTests.prefixes(m) == MergedPathsTests.bruteForce(g, index: index, instances: sessions))
        // By hand: the holder reaches 5 sessions, the map 4 (one below another session), the thread 1.
        let holder = m.nodes[m.children[0][0]]
        #expect(holder.className == "Holder" && holder.count == 5)
        // Retained: sessions 100, 110, 120 (+130 held by the first: 230), 140, 150; session 4 lies below session 1
        // in the dominator tree and is not counted twice.
        #expect(m.nodes[0].retained == 230 + 110 + 120 + 140 + 150)
        #expect(holder.retained == 230 + 110 + 120 + 140)
        let thread = m.nodes[m.children[0][1]]
        #expect(thread.className == "Thread" && thread.count == 1 && thread.retained == 150)
    }

    @Test func boundedByInstancesAndBudget() throws {
        let (g, sessions) = MergedPathsTests.graph()
        let index = try g.index()
        let cls = index.graph.classOf[Int(sessions[0])]
        let two = MergedPaths(class: cls, in: index, maxInstances: 2)
        #expect(two.considered == 2 && two.traced == 2 && two.total == 6)
        // The biggest two by retained: session 1 (230) and session 6 (150).
        #expect(two.nodes[0].retained == 230 + 150)
        let starved = MergedPaths(class: cls, in: index, budget: 3)
        #expect(starved.budgetExhausted && starved.traced < 6)
    }
}
