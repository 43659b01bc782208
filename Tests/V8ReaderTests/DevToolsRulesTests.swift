import Testing
import HeapGraph
@testable import V8Reader

/// Exact numbers on hand-written snapshots, computed by hand from DevTools' rules.
@Suite struct DevToolsRulesTests {
    typealias N = Fixture.Node

    /// root ─shortcut→ global ─a→ A ─x→ C ⇄ D, global ─b→ B ─x→ C; A owns an elements array; A and B share a map;
    /// global ─weak→ Weakling; A ─shortcut→ ShortTarget; (GC roots) → Handled ─y→ A (not page-owned → page-owned);
    /// Lonely has no retainers; P ⇄ Q is a cycle nothing reaches.
    static let graphText = Fixture.text([
        N(type: .synthetic, name: "", id: 1, size: 0, edges: [(.shortcut, "global", 1), (.element, "1", 2)]),
        N(type: .object, name: "global", id: 3, size: 100,
          edges: [(.property, "a", 3), (.property, "b", 4), (.weak, "w", 6)]),
        N(type: .synthetic, name: "(GC roots)", id: 5, size: 0, edges: [(.element, "1", 7)]),
        N(type: .object, name: "A", id: 7, size: 10,
          edges: [(.property, "x", 5), (.shortcut, "s", 8), (.internalEdge, "elements", 13), (.internalEdge, "map", 14)]),
        N(type: .object, name: "B", id: 9, size: 20, edges: [(.property, "x", 5), (.internalEdge, "map", 14)]),
        N(type: .object, name: "C", id: 11, size: 30, edges: [(.property, "next", 9)]),
        N(type: .object, name: "Weakling", id: 13, size: 40),
        N(type: .object, name: "Handled", id: 15, size: 50, edges: [(.property, "y", 3)]),
        N(type: .object, name: "ShortTarget", id: 17, size: 60),
        N(type: .object, name: "D", id: 19, size: 5, edges: [(.property, "back", 5)]),
        N(type: .object, name: "Lonely", id: 21, size: 70),
        N(type: .object, name: "P", id: 23, size: 8, edges: [(.property, "q", 12)]),
        N(type: .object, name: "Q", id: 25, size: 9, edges: [(.property, "p", 11)]),
        N(type: .array, name: "(object elements)", id: 27, size: 16),
        N(type: .hidden, name: "system / Map", id: 29, size: 12),
    ])

    @Test func dominatorsRetainedSizesAndRoots() throws {
        let s = try Fixture.load(Self.graphText)
        // Shallow sizes after DevTools' re-attribution: A's private elements array moves into A; the shared map stays.
        #expect(s.shallow(7) == 26)
        #expect(s.shallow(27) == 0)
        #expect(s.shallow(29) == 12)
        // Dominators: Handled's edge into page-owned A and A's non-root shortcut do not count.
        #expect(s.idom(7) == 3)
        #expect(s.idom(9) == 3)
        #expect(s.idom(11) == 3)
        #expect(s.idom(19) == 11)
        #expect(s.idom(29) == 3)
        #expect(s.idom(15) == 5)
        // Only weakly held, unreached, and unreached cycles hang under the root (DevTools does the same).
        for id in [13, 17, 21, 23, 25] { #expect(s.idom(id) == nil, "idom of @\(id)") }
        #expect(s.retained(19) == 5)
        #expect(s.retained(11) == 35)
        #expect(s.retained(7) == 26)
        #expect(s.retained(9) == 20)
        #expect(s.retained(3) == 100 + 26 + 20 + 35 + 12)
        #expect(s.retained(5) == 50)
        #expect(s.retained(23) == 8)
        #expect(s.index.reachableBytes == 193 + 50 + 40 + 60 + 70 + 8 + 9)
        #expect(s.index.unreachableObjects == 0)
        // Edges left out of dominators carry the weak bit but are still references.
        let a = s.node(7)
        let handled = s.node(15)
        let toA = s.index.graph.successors(handled).first!
        #expect(Edge.isWeak(toA) && Edge.target(toA) == a)
        #expect(s.index.details.referenceName(from: handled, to: a) == "y")
        let roots = Set(s.index.graph.roots.filter { $0.kind == .unreachable }.map { s.index.graph.objectIDs[Int($0.node)] })
        #expect(roots == [13, 17, 21, 23, 25])
    }

    @Test func distancesAndRetainerPaths() throws {
        let s = try Fixture.load(Self.graphText)
        #expect(s.distance(s.node(3)) == 1)
        #expect(s.distance(s.node(7)) == 2)
        #expect(s.distance(s.node(11)) == 3)
        #expect(s.distance(s.node(17)) == 3)   // shortcuts count for distances
        #expect(s.distance(s.node(19)) == 4)
        #expect(s.distance(s.node(5)) == 100_000_001)
        #expect(s.distance(s.node(15)) == 100_000_002)
        #expect(s.distance(s.node(13)) == nil)   // only weakly held
        #expect(s.distance(s.node(21)) == nil)
        let paths = s.retainerPaths(to: s.node(19), max: 5)
        let ids = paths.map { $0.map { s.index.graph.objectIDs[Int($0)] } }
        #expect(ids == [[3, 7, 11, 19]])
        // C has three retainers: A (distance 2) first, then B, then D.
        let cPaths = s.retainerPaths(to: s.node(11), max: 5).map { $0.map { s.index.graph.objectIDs[Int($0)] } }
        #expect(cPaths == [[3, 7, 11], [3, 9, 11]])   // the path through D passes C itself, so it is left out
        #expect(s.retainerPaths(to: s.node(13)).isEmpty)
    }

    @Test func classNamesAndDetails() throws {
        let s = try Fixture.load(Self.graphText)
        #expect(s.className(27) == "(array)")
        #expect(s.className(29) == "(system)")
        #expect(s.className(1) == "(synthetic)")
        #expect(s.className(7) == "A")
        let d = s.index.details
        #expect(d.idString(s.node(7)) == "@7")
        #expect(d.node(forIDString: "@9") == s.node(9))
        #expect(d.node(forIDString: "9") == s.node(9))
        #expect(d.node(forIDString: "@999") == nil)
        #expect(d.referenceName(from: s.node(5), to: s.node(15)) == "[1]")
        #expect(d.referenceName(from: s.node(7), to: s.node(27)) == "elements")
        let fields = d.fields(of: s.node(7))
        #expect(fields.map(\.name) == ["x", "s", "elements", "map"])
        #expect(fields.map(\.type) == ["property", "shortcut", "internal", "internal"])
        #expect(fields[0].target == s.node(11))
        #expect(fields[0].value == "C @11")
    }

    @Test func summaryLeavesOutZeroSizeNodes() throws {
        let s = try Fixture.load(Self.graphText)
        let rows = Dictionary(uniqueKeysWithValues: s.devToolsSummary().map { ($0.className, $0) })
        #expect(rows["(array)"] == nil)      // its size moved to A
        #expect(rows["(synthetic)"] == nil)
        #expect(rows["A"]?.selfSize == 26)
        #expect(rows["global"]?.retained == 193)
        #expect(rows["global"]?.distance == 1)
        #expect(rows["(system)"]?.count == 1)
    }

    /// WeakMap: the table→value edge does not count for dominators; the value's distance is max(table, key) + 1.
    @Test func weakMapEphemerons() throws {
        let pair = " / part of key (Key @45) -> value (Val @47) pair in WeakMap (table @43)"
        let s = try Fixture.load(Fixture.text([
            N(type: .synthetic, name: "", id: 1, size: 0, edges: [(.shortcut, "global", 1)]),
            N(type: .object, name: "global", id: 3, size: 10, edges: [(.property, "wm", 2), (.property, "key", 4)]),
            N(type: .object, name: "WeakMap", id: 41, size: 20, edges: [(.internalEdge, "table", 3)]),
            N(type: .hidden, name: "system / EphemeronHashTable", id: 43, size: 30,
              edges: [(.internalEdge, "1" + pair, 5)]),
            N(type: .object, name: "Key", id: 45, size: 40, edges: [(.internalEdge, "2" + pair, 5)]),
            N(type: .object, name: "Val", id: 47, size: 50),
        ]))
        #expect(s.idom(47) == 45)
        #expect(s.retained(45) == 90)
        #expect(s.distance(s.node(45)) == 2)
        #expect(s.distance(s.node(43)) == 3)
        #expect(s.distance(s.node(47)) == 4)
        // The hidden table has one owner (the WeakMap), so its size moves there.
        #expect(s.shallow(41) == 50)
    }

    /// Chrome: `(Document DOM trees)` is a user root; detachedness propagates through natives; DOM names shortened.
    @Test func detachedDOMNodes() throws {
        let s = try Fixture.load(Fixture.text([
            N(type: .synthetic, name: "", id: 1, size: 0,
              edges: [(.shortcut, "Window", 1), (.element, "1", 2)]),
            N(type: .object, name: "Window", id: 3, size: 10, edges: [(.property, "leak", 5)]),
            N(type: .synthetic, name: "(Document DOM trees)", id: 5, size: 0, edges: [(.element, "1", 3)]),
            N(type: .native, name: "HTMLDocument", id: 6, size: 100, detachedness: 1,
              edges: [(.element, "1", 4)]),
            N(type: .native, name: "<div id=\"main\">", id: 8, size: 80),
            N(type: .object, name: "Leak", id: 7, size: 16, edges: [(.property, "el", 6)]),
            N(type: .native, name: "<span class=\"x\">", id: 10, size: 60, detachedness: 2,
              edges: [(.element, "1", 7)]),
            N(type: .native, name: "<b>", id: 12, size: 30),
        ]))
        #expect(s.className(8) == "<div>")
        #expect(s.className(10) == "Detached <span>")
        #expect(s.className(12) == "Detached <b>")
        #expect(s.isDetached(s.node(10)) && s.isDetached(s.node(12)))
        #expect(!s.isDetached(s.node(8)))
        #expect(s.details.detachedness(s.node(8)) == 1)
        #expect(s.detachedNodeCount == 2)
        #expect(s.distance(s.node(5)) == 1)
        #expect(s.distance(s.node(6)) == 2)
        #expect(s.retained(7) == 16 + 60 + 30)
        #expect(s.name(s.node(10)) == "Detached <span class=\"x\">")
    }

    /// Plain objects are named by inferred interfaces `{a, b}` when at least two share the property list.
    @Test func plainObjectInterfaces() throws {
        var nodes = [N(type: .synthetic, name: "", id: 1, size: 0, edges: [(.shortcut, "global", 1)]),
                     N(type: .object, name: "global", id: 3, size: 10, edges: [])]
        let shapes: [[String]] = [["x", "y"], ["x", "y"], ["y", "x", "z"], ["x"], ["a,b"], ["a,b"], ["__proto__", "q"],
                                  ["q"]]
        for (i, props) in shapes.enumerated() {
            nodes[1].edges.append((.property, "o\(i)", nodes.count))
            nodes.append(N(type: .object, name: "Object", id: 100 + 2 * i, size: 12,
                           edges: props.map { (.property, $0, 1) }))
        }
        let s = try Fixture.load(Fixture.text(nodes))
        #expect(s.className(100) == "{x, y}")
        #expect(s.className(102) == "{x, y}")
        #expect(s.className(104) == "{x, y}")      // has x and y (and z): the best definition is {x, y}
        #expect(s.className(106) == "Object")      // only x: no definition matches
        #expect(s.className(108) == "{\"a,b\"}")
        #expect(s.className(112) == "{q}")         // __proto__ is not part of an interface name
        #expect(s.className(114) == "{q}")
        #expect(s.index.details.preview(s.node(104)) == "{y, x, z}")
    }

    @Test func stringsAndPreviews() throws {
        let s = try Fixture.load(Fixture.text([
            N(type: .synthetic, name: "", id: 1, size: 0, edges: [(.shortcut, "global", 1)]),
            N(type: .object, name: "global", id: 3, size: 10, edges: [(.property, "s", 2), (.property, "c", 3)]),
            N(type: .string, name: "caf\\u00e9 \\ud83d\\ude00 \"q\"\\n", id: 5, size: 20),
            N(type: .cons, name: "", id: 7, size: 32, edges: [(.internalEdge, "first", 4), (.internalEdge, "second", 5)]),
            N(type: .string, name: "left-", id: 9, size: 16),
            N(type: .string, name: "right", id: 11, size: 16),
        ]))
        #expect(s.index.details.preview(s.node(5)) == "café 😀 \"q\"\n")
        #expect(s.index.details.preview(s.node(7)) == "left-right")
        #expect(s.className(5) == "(string)")
        #expect(s.className(7) == "(concatenated string)")
    }
}
