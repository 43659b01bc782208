import Testing
import DumpInput
import DumpKit
import HeapGraph
@testable import HprofReader

/// HPROF files an attacker could shape (issue 11): names carrying terminal escapes, a reference chain 100,000 deep,
/// a class hierarchy 50,000 deep, a superclass cycle. Written byte by byte with HprofWriter.
@Suite struct HostileHprofTests {
    /// What a class name could carry: OSC title and clipboard, CSI, a forged line, C1 CSI, bidi override/isolates.
    static let evil = "\u{1B}]0;pwned\u{07}\u{1B}]52;c;aGk=\u{07}\u{1B}[2J\nforged line\r\u{9B}31m\u{202E}exe\u{2066}\u{7F}"

    /// True when a terminal would act on nothing in `text` but its newlines.
    static func terminalSafe(_ text: String) -> Bool {
        !text.unicodeScalars.contains { s in
            let v = s.value
            return (v < 0x20 && v != 0x0A) || (0x7F..<0xA0).contains(v) || (0x202A...0x202E).contains(v)
                || (0x2066...0x2069).contains(v)
        }
    }

    @Test func namesWithEscapesAreShownVisiblyInTheTextReport() throws {
        var w = HprofWriter()
        for (i, s) in [(1, "java/lang/Object"), (2, "Evil" + Self.evil), (3, "f" + Self.evil)] as [(UInt64, String)] {
            w.utf8(i, s)
        }
        w.loadClass(serial: 1, classID: 0x100, nameID: 1)
        w.loadClass(serial: 2, classID: 0x110, nameID: 2)
        w.record(0x1C) { h in
            h.classDump(0x100, super: 0)
            h.classDump(0x110, super: 0x100, fields: [(3, 2)])
            h.instance(0x1000, classID: 0x110, data: h.idBytes(0x1010))
            h.primitiveArray(0x1010, type: 8, count: 4000, elementSize: 1)
            h.root(0x01, 0x1000)
        }
        w.record(0x2C) { _ in }
        let dump = try DumpLoader.load(path: try w.write("evil-names.hprof"))
        let text = ReportText.render(DumpReport(dump: dump))
        #expect(Self.terminalSafe(text))
        let shown = "Evil\\x1b]0;pwned\\x07\\x1b]52;c;aGk=\\x07\\x1b[2J\\nforged line\\r\\x9b31m\\u202eexe\\u2066\\x7f"
        #expect(text.contains("One instance of \(shown) (0x1000)"))
        #expect(text.contains(".f\\x1b]0;pwned"))
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("forged") })
        // Streaming gives the same lines, one record each.
        var lines: [String] = []
        ReportText.render(DumpReport(dump: dump)) { lines.append($0) }
        #expect(lines.joined(separator: "\n") == text)
        #expect(lines.allSatisfy { !$0.contains("\n") })
    }

    /// Node(0x100000) → Node → … → Node: `count` objects, the head held by a JNI global.
    static func chain(_ count: Int) -> HprofWriter {
        var w = HprofWriter()
        w.utf8(1, "java/lang/Object")
        w.utf8(2, "Node")
        w.utf8(3, "next")
        w.loadClass(serial: 1, classID: 0x100, nameID: 1)
        w.loadClass(serial: 2, classID: 0x110, nameID: 2)
        w.record(0x1C) { h in
            h.classDump(0x100, super: 0)
            h.classDump(0x110, super: 0x100, fields: [(3, 2)])
            for k in 0..<count {
                let next: UInt64 = k + 1 < count ? 0x100000 + UInt64(k + 1) * 16 : 0
                h.instance(0x100000 + UInt64(k) * 16, classID: 0x110, data: h.idBytes(next))
            }
            h.root(0x01, 0x100000)
        }
        w.record(0x2C) { _ in }
        return w
    }

    @Test func aChainOf100000ObjectsGivesABoundedPathAndReport() throws {
        let n = 100_000
        let dump = try DumpLoader.load(path: try Self.chain(n).write("chain.hprof"))
        let last = dump.index.graph.node(forID: 0x100000 + UInt64(n - 1) * 16)!
        let path = try #require(dump.pathsFromRoots(to: last, max: 5).first)
        // The only path is the chain itself: every object, in order.
        #expect(path.count == n)
        #expect(path.enumerated().allSatisfy { k, v in dump.index.graph.objectIDs[Int(v)] == 0x100000 + UInt64(k) * 16 })
        let steps = PathStep.make(path, index: dump.index)
        #expect(steps.count == PathStep.defaultMaxSteps)
        #expect(steps[49].omittedSteps == n - 100)
        #expect(steps.filter { $0.omittedSteps != nil }.count == 1)
        #expect(steps[49].id == "0x100310" && steps[50].id == "0x\(String(0x100000 + (n - 50) * 16, radix: 16))")
        #expect(steps.last?.id == "0x\(String(0x100000 + (n - 1) * 16, radix: 16))" && steps.last?.field == nil)
        #expect(steps[0].root == ["JNI global"] && steps.dropLast().allSatisfy { $0.field == "next" })
        let small = PathStep.make(path, index: dump.index, maxSteps: 3)
        #expect(small.map(\.id) == ["0x100000", "0x100010", steps.last!.id] && small[1].omittedSteps == n - 3)

        let text = ReportText.render(DumpReport(dump: dump))
        #expect(text.utf8.count < 100_000)
        let lines: [Substring] = text.split(separator: "\n" as Character)
        #expect(lines.filter { $0.contains(" steps …") }.count == 1)
        // No line is indented deeper than the cap.
        let deepest = lines.map { (l: Substring) -> Int in l.prefix { $0 == " " }.count }.max() ?? 0
        #expect(deepest <= 5 + 2 * PathText.maxIndent)
    }

    /// L0 extends java.lang.Object, L1 extends L0, …; every 1,000th level has an `int x`, and level 0 and the
    /// deepest level each have a reference field; one instance of the deepest class.
    @Test func aHierarchy50000LevelsDeepLoadsWithItsWholeLayout() throws {
        let depth = 50_000
        var w = HprofWriter()
        w.utf8(1, "java/lang/Object")
        w.utf8(2, "x")
        w.utf8(3, "top")
        w.utf8(4, "bottom")
        w.loadClass(serial: 1, classID: 0x100, nameID: 1)
        for k in 0..<depth { w.utf8(UInt64(10 + k), "L\(k)") }
        for k in 0..<depth { w.loadClass(serial: UInt32(2 + k), classID: 0x10000 + UInt64(k) * 16, nameID: UInt64(10 + k)) }
        let deepest = 0x10000 + UInt64(depth - 1) * 16
        w.record(0x1C) { h in
            h.classDump(0x100, super: 0)
            for k in 0..<depth {
                var fields: [(UInt64, UInt8)] = k % 1000 == 0 ? [(2, 10)] : []
                if k == 0 { fields.append((3, 2)) }
                if k == depth - 1 { fields.insert((4, 2), at: 0) }
                h.classDump(0x10000 + UInt64(k) * 16, super: k == 0 ? 0x100 : 0x10000 + UInt64(k - 1) * 16,
                            fields: fields)
            }
            // Field data: the deepest class's own fields first (bottom), then up the chain; level 0 last (x, top).
            var data = h.idBytes(0x2000)
            for k in stride(from: depth - 1, through: 0, by: -1) where k % 1000 == 0 {
                data += [0, 0, 0, 7]
                if k == 0 { data += h.idBytes(0x3000) }
            }
            h.instance(0x1000, classID: deepest, data: data)
            h.primitiveArray(0x2000, type: 8, count: 10, elementSize: 1)
            h.primitiveArray(0x3000, type: 8, count: 20, elementSize: 1)
            h.root(0x01, 0x1000)
        }
        w.record(0x2C) { _ in }
        let dump = try DumpLoader.load(path: try w.write("deep-hierarchy.hprof"))
        let g = dump.index.graph
        let obj = g.node(forID: 0x1000)!
        // Both references found at their offsets: 8 bytes in (bottom) and at the very end (top).
        let targets = Set(g.successors(obj).map { g.objectIDs[Int(Edge.target($0))] })
        #expect(targets.isSuperset(of: [0x2000, 0x3000]))
        let model = try #require(dump.hprof).model.classes
        let k = Int(g.classOf[Int(obj)])
        #expect(model.instanceDataSize[k] == Int32(8 + 50 * 4 + 8))
        #expect(Array(model.refOffsets[Int(model.refStart[k])..<Int(model.refStart[k + 1])]) == [0, 8 + 50 * 4])
    }

    @Test func aSuperclassCycleEndsTheChain() throws {
        var w = HprofWriter()
        w.utf8(1, "A")
        w.utf8(2, "B")
        w.utf8(3, "a")
        w.loadClass(serial: 1, classID: 0x100, nameID: 1)
        w.loadClass(serial: 2, classID: 0x110, nameID: 2)
        w.record(0x1C) { h in
            h.classDump(0x100, super: 0x110, fields: [(3, 10)])
            h.classDump(0x110, super: 0x100, fields: [(3, 10)])
            h.instance(0x1000, classID: 0x100, data: [0, 0, 0, 1, 0, 0, 0, 2])
            h.root(0x01, 0x1000)
        }
        w.record(0x2C) { _ in }
        let dump = try DumpLoader.load(path: try w.write("cycle.hprof"))
        let model = try #require(dump.hprof).model.classes
        #expect(model.instanceDataSize[0] == 8 && model.instanceDataSize[1] == 4)
    }
}

/// A hierarchy 50,000 levels deep where every level declares a reference: flattening every class's layout would take
/// 50,000² / 2 entries (5 GB); deep classes keep their own references and decoding walks up instead.
@Suite struct DeepReferenceHierarchyTests {
    @Test func everyLevelDeclaresAReference() throws {
        let depth = 50_000
        var w = HprofWriter()
        w.utf8(1, "java/lang/Object")
        w.utf8(2, "r")
        w.loadClass(serial: 1, classID: 0x100, nameID: 1)
        for k in 0..<depth { w.utf8(UInt64(10 + k), "R\(k)") }
        for k in 0..<depth { w.loadClass(serial: UInt32(2 + k), classID: 0x10000 + UInt64(k) * 16, nameID: UInt64(10 + k)) }
        let deepest = 0x10000 + UInt64(depth - 1) * 16
        w.record(0x1C) { h in
            h.classDump(0x100, super: 0)
            for k in 0..<depth {
                h.classDump(0x10000 + UInt64(k) * 16, super: k == 0 ? 0x100 : 0x10000 + UInt64(k - 1) * 16,
                            fields: [(2, 2)])
            }
            // Deepest level first in the data: its `r` → 0x2000; level 1000 from the top → 0x4000; level 0 → 0x3000.
            var data: [UInt8] = []
            for level in stride(from: depth - 1, through: 0, by: -1) {
                data += h.idBytes(level == depth - 1 ? 0x2000 : level == 1000 ? 0x4000 : level == 0 ? 0x3000 : 0)
            }
            h.instance(0x1000, classID: deepest, data: data)
            // The same class with no data at all: nothing to read, nothing to walk.
            h.instance(0x1100, classID: deepest, data: [])
            // A class in the flattened part (level 10).
            h.instance(0x1200, classID: 0x10000 + 10 * 16, data: (0...10).flatMap { h.idBytes($0 == 10 ? 0x3000 : 0) })
            for (k, o) in [0x2000, 0x3000, 0x4000].enumerated() {
                h.primitiveArray(UInt64(o), type: 8, count: 10 + k, elementSize: 1)
            }
            h.root(0x01, 0x1000)
            h.root(0x01, 0x1100)
            h.root(0x01, 0x1200)
        }
        w.record(0x2C) { _ in }
        let dump = try DumpLoader.load(path: try w.write("deep-references.hprof"))
        let g = dump.index.graph
        func targets(_ id: UInt64) -> [UInt64] {
            g.successors(g.node(forID: id)!).map { g.objectIDs[Int(Edge.target($0))] }.filter { (0x2000..<0x10000).contains($0) }.sorted()
        }
        #expect(targets(0x1000) == [0x2000, 0x3000, 0x4000])
        #expect(targets(0x1100) == [])
        #expect(targets(0x1200) == [0x3000])
        let model = try #require(dump.hprof).model.classes
        // Flattened entries: 1 + 2 + … + 1,024 for the shallow classes, one each for the rest.
        #expect(model.refOffsets.count == 1024 * 1025 / 2 + (depth - 1024))
        #expect(model.instanceDataSize[Int(g.classOf[Int(g.node(forID: 0x1000)!)])] == Int32(depth * 8))
    }
}
