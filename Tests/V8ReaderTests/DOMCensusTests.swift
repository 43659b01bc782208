import Testing
import HeapGraph
@testable import V8Reader

/// Detached DOM nodes are Blink DOM nodes only: a hand-made Chrome-like snapshot (a document with an attached and a
/// detached subtree, plus a detached non-DOM native) and Node.js snapshots, whose natives V8 flags detached
/// (`Node / BindingData`, `AliasedFloat64Array`) are no DOM at all.
@Suite struct DOMCensusTests {
    typealias N = Fixture.Node

    @Test func chromeLikeSnapshotCountsOnlyBlinkNodes() throws {
        let s = try Fixture.load(Fixture.text([
            N(type: .synthetic, name: "", id: 1, size: 0, edges: [(.shortcut, "Window", 1), (.element, "1", 2)]),
            N(type: .object, name: "Window", id: 3, size: 10, edges: [(.property, "leak", 5), (.property, "l", 8)]),
            N(type: .synthetic, name: "(Document DOM trees)", id: 5, size: 0, edges: [(.element, "1", 3)]),
            // 3: the document and its attached body.
            N(type: .native, name: "HTMLDocument", id: 7, size: 100, detachedness: 1, edges: [(.element, "1", 4)]),
            N(type: .native, name: "HTMLBodyElement", id: 9, size: 80),
            // 5: JS holds a detached subtree: a div with a text node and an SVG child.
            N(type: .object, name: "Leak", id: 11, size: 16, edges: [(.property, "el", 6)]),
            N(type: .native, name: "HTMLDivElement", id: 13, size: 60, detachedness: 2,
              edges: [(.element, "1", 7), (.element, "2", 9)]),
            N(type: .native, name: "Text", id: 15, size: 30),
            // 8: a detached native that is not a DOM node (an event listener wrapper).
            N(type: .native, name: "V8EventListener", id: 17, size: 20, detachedness: 2),
            N(type: .native, name: "SVGCircleElement", id: 19, size: 40),
        ]))
        #expect(s.dom.hasDOM && s.dom.documentTrees)
        // HTMLDocument, HTMLBodyElement, HTMLDivElement, Text, SVGCircleElement.
        #expect(s.dom.domNodes == 5)
        // The div and what it reaches through natives: Text, SVGCircleElement (not the listener: not DOM).
        #expect(s.dom.detached == 3 && s.detachedNodeCount == 3)
        #expect(s.dom.otherDetachedNatives == 1)
        #expect(s.className(13) == "Detached HTMLDivElement")
        #expect(s.index.info.facts.contains { $0.key == "DOM" && $0.value == "5 nodes, 3 detached" })
    }

    @Test func nodeInternalsFlaggedDetachedAreNoDOM() throws {
        let s = try Fixture.load(Fixture.text([
            N(type: .synthetic, name: "", id: 1, size: 0, edges: [(.shortcut, "global", 1), (.element, "1", 2)]),
            N(type: .object, name: "global", id: 3, size: 10),
            N(type: .synthetic, name: "(GC roots)", id: 5, size: 0, edges: [(.element, "1", 3), (.element, "2", 4)]),
            N(type: .native, name: "Node / BindingData", id: 7, size: 64, detachedness: 2),
            N(type: .native, name: "AliasedFloat64Array", id: 9, size: 128, detachedness: 2),
        ]))
        #expect(!s.dom.hasDOM)
        #expect(s.detachedNodeCount == 0 && s.dom.otherDetachedNatives == 2)
        #expect(s.index.info.facts.contains { $0.key == "DOM" && $0.value.hasPrefix("none (no Blink DOM nodes; 2 ") })
    }

    @Test(arguments: ["leak-1.heapsnapshot", "leak-2.heapsnapshot"])
    func nodeSamplesHaveNoDOM(_ name: String) throws {
        let s = try Fixture.sample(name)
        #expect(!s.dom.hasDOM && s.dom.domNodes == 0 && s.detachedNodeCount == 0)
        // Node 20 flags its binding data detached (the reference notes 8 such natives).
        #expect(s.dom.otherDetachedNatives > 0)
    }

    @Test func domNames() {
        for yes in ["HTMLDivElement", "SVGSVGElement", "MathMLElement", "Text", "HTMLDocument", "<div id=\"a\">", "ShadowRoot"] {
            #expect(DOMCensus.isDOMNodeName(Substring(yes)), "\(yes)")
        }
        for no in ["Node / BindingData", "AliasedFloat64Array", "HTMLCollection", "V8EventListener", "<", "SVGAnimatedLength",
                   "HTMLElementish"] {
            #expect(!DOMCensus.isDOMNodeName(Substring(no)), "\(no)")
        }
    }
}
