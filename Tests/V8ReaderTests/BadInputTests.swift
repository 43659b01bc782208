import Testing
import DumpInput
import HeapGraph
@testable import V8Reader

/// Damaged files: a one-line error naming the byte offset (or a warning when the data can still be used), never a
/// crash and never an allocation sized by an unchecked count.
@Suite struct BadInputTests {
    typealias N = Fixture.Node

    static let good = Fixture.text([
        N(type: .synthetic, name: "", id: 1, size: 0, edges: [(.shortcut, "global", 1)]),
        N(type: .object, name: "global", id: 3, size: 10, edges: [(.property, "a", 2), (.property, "b", 3)]),
        N(type: .object, name: "A", id: 5, size: 20),
        N(type: .string, name: "text", id: 7, size: 16),
    ])

    static func offset(of needle: String, in text: String) -> Int {
        let t = Array(text.utf8), n = Array(needle.utf8)
        for i in 0...(t.count - n.count) where Array(t[i..<(i + n.count)]) == n { return i }
        return -1
    }

    @Test func goodFileLoads() throws {
        let s = try Fixture.load(Self.good)
        #expect(s.index.objectCount == 4)
        #expect(s.index.info.format.id == "v8")
        #expect(s.index.info.warnings.isEmpty)
        #expect(s.index.reachableBytes == 46)
    }

    @Test func notASnapshot() {
        let e = Fixture.loadError("{\"nodes\":[1,2,3]}")
        #expect(e?.location == .byte(1))
        #expect(e?.message.contains("\"snapshot\"") == true)
        #expect(Fixture.loadError("hello")?.location == .byte(0))
        #expect(Fixture.loadError("{\"snapshot\":{\"meta\":{}}}")?.message.contains("node_fields") == true)
    }

    @Test func truncatedInsideNodes() {
        let text = Self.good
        let cut = Self.offset(of: "\"edges\"", in: text) - 20
        let e = Fixture.loadError(String(decoding: Array(text.utf8)[..<cut], as: UTF8.self))
        #expect(e?.message.contains("ends inside the nodes array") == true)
        #expect(e?.location == .byte(cut))
    }

    @Test func truncatedInsideEdgesKeepsWhatIsComplete() throws {
        let text = Self.good
        let cut = Self.offset(of: "\"trace_function_infos\"", in: text) - 6   // inside the last edge row
        let s = try Fixture.load(String(decoding: Array(text.utf8)[..<cut], as: UTF8.self))
        #expect(s.index.objectCount == 4)
        #expect(s.index.info.warnings.contains { $0.contains("ends inside the edges array") })
        #expect(s.index.info.warnings.contains { $0.contains("strings") })
        #expect(s.index.graph.edgeCount == 2)
        #expect(s.idom(5) == 3)
    }

    @Test func truncatedInsideStrings() throws {
        let text = Self.good
        let cut = Self.offset(of: "\"text\"", in: text) + 3
        let s = try Fixture.load(String(decoding: Array(text.utf8)[..<cut], as: UTF8.self))
        #expect(s.index.info.warnings.contains { $0.contains("strings array") })
        #expect(s.retained(3) == 46)
    }

    @Test func metaDoesNotMatchArrays() {
        // One node fewer than node_count says.
        let fewer = Self.good.replacingFirst("\"node_count\":4", with: "\"node_count\":5")
        let e1 = Fixture.loadError(fewer)
        #expect(e1?.message.contains("does not match") == true || e1?.message.contains("cannot fit") == true)
        // Edge counts of the nodes do not add up to edge_count.
        let e2 = Fixture.loadError(Self.good.replacingFirst("\"edge_count\":3", with: "\"edge_count\":2"))
        #expect(e2?.message.contains("edge") == true)
        if case .byte = e2?.location {} else { Issue.record("no byte offset: \(String(describing: e2))") }
        // A string index beyond the strings array.
        let e3 = Fixture.loadError(Self.good.replacingFirst("\n,3,4,5,20,", with: "\n,3,99,5,20,"))
        #expect(e3?.message.contains("strings array has only") == true)
    }

    @Test func edgeOutsideTheNodeArray() {
        let text = Self.good.replacingFirst("\n,2,3,21]", with: "\n,2,3,2800]")
        let e = Fixture.loadError(text)
        #expect(e?.message.contains("points to nodes-array index 2800") == true)
        #expect(e?.location == .byte(Self.offset(of: "2800]", in: text)))
        let notMultiple = Self.good.replacingFirst("\n,2,3,21]", with: "\n,2,3,20]")
        #expect(Fixture.loadError(notMultiple)?.message.contains("index 20") == true)
    }

    @Test func hugeCountsAreRejectedBeforeAllocating() {
        let e1 = Fixture.loadError(Self.good.replacingFirst("\"node_count\":4", with: "\"node_count\":2000000000"))
        #expect(e1?.message.contains("cannot fit") == true)
        let e2 = Fixture.loadError(Self.good.replacingFirst("\"edge_count\":3", with: "\"edge_count\":4000000000"))
        #expect(e2 != nil)
        let e3 = Fixture.loadError(Self.good.replacingFirst("\"node_count\":4", with: "\"node_count\":99999999999999"))
        #expect(e3 != nil)
    }

    @Test func malformedNumbersAndTypes() {
        let e1 = Fixture.loadError(Self.good.replacingFirst("\n,3,4,5,20,", with: "\n,3,4,x,20,"))
        #expect(e1?.message.contains("expected an unsigned integer in the nodes array") == true)
        let e2 = Fixture.loadError(Self.good.replacingFirst("\"nodes\":[9,", with: "\"nodes\":[77,"))
        #expect(e2?.message.contains("node type 77") == true)
    }

    @Test func invalidEscapesAreAWarning() throws {
        let s = try Fixture.load(Self.good.replacingFirst("\"text\"", with: "\"te\\qxt\\u12\""))
        #expect(s.index.info.warnings.contains { $0.contains("invalid escape") })
        #expect(s.index.details.preview(s.node(7))?.contains("\u{FFFD}") == true)
    }

    @Test func emptyAndGarbageFiles() {
        #expect(Fixture.loadError("{\"snapshot\":") != nil)
        #expect(Fixture.loadError("{\"snapshot\":{\"meta\":{\"node_fields\":[\"type\"]}}") != nil)
        #expect(Fixture.loadError(String(repeating: "[", count: 10_000)) != nil)
        #expect(Fixture.loadError("{\"snapshot\":" + String(repeating: "[", count: 10_000)) != nil)
    }
}

extension String {
    func replacingFirst(_ a: String, with b: String) -> String {
        let t = Array(utf8), n = Array(a.utf8)
        guard n.count <= t.count else { return self }
        for i in 0...(t.count - n.count) where Array(t[i..<(i + n.count)]) == n {
            return String(decoding: Array(t[..<i]) + Array(b.utf8) + Array(t[(i + n.count)...]), as: UTF8.self)
        }
        return self
    }
}
