import DumpKit
import Foundation
import HeapGraph
import Testing
@testable import ExplorerCore

/// Sort by Distance on a hand-built V8 snapshot against a brute-force breadth-first search from the global object
/// (distance 1) over its references: global's dominator-tree children in the order (distance, biggest retained
/// first, node), and the sort of a retainer list.
@Suite(.serialized) struct DistanceOrderBruteForceTests {
    /// root → global; global → A, B, X, S; A → C, W; B → C; X → Y → W, Y → V; S → T. Dominated by global: A, B, C
    /// (two retainers), X, W (two ways in), S. V, Y and T sit deeper in the tree.
    static let edges: [(from: Int, name: String, to: Int)] = [
        (0, "1", 1), (1, "a", 2), (1, "b", 3), (1, "x", 4), (1, "s", 9), (2, "c", 5), (3, "c", 5), (2, "w", 6),
        (4, "y", 7), (7, "w", 6), (7, "v", 8), (9, "t", 10),
    ]
    static let sizes = [0, 40, 16, 16, 24, 64, 8, 32, 128, 16, 100]
    static let names = ["", "global", "A", "B", "X", "C", "W", "Y", "V", "S", "T"]

    static func snapshotText() -> String {
        var strings = [""]
        func sid(_ s: String) -> Int {
            if let i = strings.firstIndex(of: s) { return i }
            strings.append(s)
            return strings.count - 1
        }
        var nodes: [String] = [], edgeRows: [String] = []
        for i in 0..<names.count {
            let out = edges.filter { $0.from == i }
            // type: 9 synthetic (root), 3 object
            nodes.append("\(i == 0 ? 9 : 3),\(sid(names[i])),\(i * 2 + 1),\(sizes[i]),\(out.count),0,0")
            for e in out {
                // edge type 1 element (root → global, index), 2 property
                edgeRows.append(i == 0 ? "1,\(e.name),\(e.to * 7)" : "2,\(sid(e.name)),\(e.to * 7)")
            }
        }
        let meta = """
        {"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],\
        "node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic"],\
        "string","number","number","number","number","number"],"edge_fields":["type","name_or_index","to_node"],\
        "edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"],\
        "trace_function_info_fields":[],"trace_node_fields":[],"sample_fields":[],"location_fields":[]}
        """
        return "{\"snapshot\":{\"meta\":\(meta),\"node_count\":\(nodes.count),\"edge_count\":\(edgeRows.count),"
            + "\"trace_function_count\":0},\"nodes\":[\(nodes.joined(separator: ","))],\"edges\":["
            + edgeRows.joined(separator: ",") + "],\"trace_function_infos\":[],\"trace_tree\":[],\"samples\":[],"
            + "\"locations\":[],\"strings\":[" + strings.map { "\"\($0)\"" }.joined(separator: ",") + "]}"
    }

    /// Brute force: breadth-first from global (1) over the hand-written edges.
    static func bfsDistances() -> [Int: Int] {
        var d = [1: 1]
        var queue = [1], head = 0
        while head < queue.count {
            let v = queue[head]
            head += 1
            for e in edges where e.from == v && d[e.to] == nil { d[e.to] = d[v]! + 1; queue.append(e.to) }
        }
        return d
    }

    @Test func globalsChildrenByBruteForceDistance() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hdx-distance-bf-\(getpid()).heapsnapshot").path
        try Self.snapshotText().write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = ExplorerModel(dump: try DumpLoader.loadWithoutIndex(path: path))
        #expect(model.hasDistances)
        let bfs = Self.bfsDistances()
        // Hand-built node i has V8 id 2i+1.
        func position(_ n: UInt32) -> Int { ((Int(model.idString(n).dropFirst()) ?? 0) - 1) / 2 }
        // Every node but the snapshot's own root (DevTools: a system distance) is where the search puts it.
        for n in 1..<UInt32(model.graph.nodeCount) where position(n) != 0 {
            #expect(model.distance(n) == bfs[position(n)], "\(Self.names[position(n)])")
        }

        let app = DistanceSortTests.app(model, "3")
        let page = try #require(app.currentPage as? DominatorPage)
        let global = try #require(page.current.children.first { position($0) == 1 })
        page.list.select(try #require(page.current.children.firstIndex(of: global)))
        app.handle(.enter)
        app.handle(.char("s"))
        #expect(page.byDistance)
        let got = page.current.children.map { Self.names[position($0)] }
        #expect(Set(got) == ["A", "B", "C", "X", "W", "S"])
        let expected = page.current.children.sorted { a, b in
            let da = bfs[position(a)]!, db = bfs[position(b)]!
            if da != db { return da < db }
            let ra = model.tree.retained[Int(a)], rb = model.tree.retained[Int(b)]
            return ra != rb ? ra > rb : a < b
        }.map { Self.names[position($0)] }
        #expect(got == expected)
        // Distances 2 (X retains Y and V: biggest first; S retains T; A and B 16 B each), then 3 (C 64 B, W 8 B).
        #expect(got == ["X", "S", "A", "B", "C", "W"])

        // The retainers of W (A at distance 2, Y at distance 3) nearest first, and back in the dump's order.
        let w = try #require(page.current.children.first { position($0) == 6 })
        let object = ObjectPage(node: w, model: model)
        _ = object.handle(.char("s"), PageContext(model: model, glyphs: Glyphs(ascii: false)))
        let retainers = object.rows.compactMap { row -> String? in
            if case .incoming(let raw, _) = row { return Self.names[position(Edge.target(raw))] }
            return nil
        }
        #expect(retainers == ["A", "Y"])
    }
}
