import Testing
@testable import HeapGraph

/// Saving an index into sections and restoring it from (copied, aligned) section bytes gives the same arrays,
/// lookups and answers; damaged sections are refused with an error, never a trap.
@Suite struct PersistenceTests {
    static let format = DumpFormat(id: "test", shortName: "test", displayName: "test", expectation: "a test")
    /// The sections as separately allocated, aligned buffers, as a mapped file would give them.
    final class Buffers {
        var list: [UnsafeMutableRawBufferPointer] = []
        deinit { for b in list { b.deallocate() } }
    }

    func sections(of index: HeapIndex, edit: (String, UnsafeMutableRawBufferPointer) -> UnsafeMutableRawBufferPointer = { $1 })
        -> IndexSectionReader {
        var s = IndexSections()
        index.persist(into: &s)
        let buffers = Buffers()
        var map: [String: UnsafeRawBufferPointer] = [:]
        for (name, payload) in s.list {
            let bytes: [UInt8]
            switch payload {
            case .encoded(let b): bytes = b
            case .column(let raw, _): bytes = Array(raw)
            }
            let m = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
            m.copyBytes(from: bytes)
            buffers.list.append(m)
            map[name] = UnsafeRawBufferPointer(edit(name, UnsafeMutableRawBufferPointer(rebasing: m[0..<bytes.count])))
        }
        return IndexSectionReader(sections: map, owner: buffers)
    }

    func sample() throws -> HeapIndex {
        var rng = SplitMix(state: 7)
        var t = TestGraph(n: 200)
        for v in 1...200 {
            t.classOf[v] = UInt32.random(in: 0..<3, using: &rng)
            t.shallow[v] = UInt32.random(in: 0..<100, using: &rng)
            for _ in 0..<Int.random(in: 0..<4, using: &rng) {
                t.edges.append((UInt32(v), UInt32.random(in: 1...200, using: &rng), Bool.random(using: &rng)))
            }
        }
        t.roots = [1, 5, 9]
        let info = DumpInfo(format: PersistenceTests.format, version: "1", path: "/a", fileBytes: 123, facts: [("k", "v")],
                            warnings: ["w"])
        return try HeapIndex(graph: try t.build(), details: NoDetails(), info: info)
    }

    @Test func restoredIndexAnswersTheSame() throws {
        let index = try sample()
        let restored = try HeapIndex.restore(from: sections(of: index), path: "/b", format: PersistenceTests.format, timings: []) { _ in NoDetails() }
        let g = index.graph, r = restored.graph
        #expect(r.objectIDs == g.objectIDs && r.classOf == g.classOf && r.shallow32 == g.shallow32)
        #expect(r.outStart == g.outStart && r.outEdges == g.outEdges && r.inStart == g.inStart && r.inEdges == g.inEdges)
        #expect(r.roots == g.roots && r.classes.names == g.classes.names)
        #expect(restored.tree.idom == index.tree.idom && restored.tree.retained == index.tree.retained)
        #expect(restored.histogram.rows == index.histogram.rows)
        #expect(restored.info.path == "/b" && restored.info.facts.map(\.value) == ["v"] && restored.info.warnings == ["w"])
        for v in 1..<g.nodeCount { #expect(r.node(forID: g.objectIDs[v]) == UInt32(v)) }
        #expect(r.node(forID: 8) == nil)
        #expect(restored.topDominators(limit: 5) == index.topDominators(limit: 5))
    }

    @Test func truncatedOrMissingSectionsAreRefused() throws {
        let index = try sample()
        var names: [String] = []
        var s = IndexSections()
        index.persist(into: &s)
        // Empty sections (an id lookup without an unsorted prefix) cannot be cut short.
        names = s.list.filter {
            if case .encoded(let b) = $0.payload { return !b.isEmpty }
            if case .column(let raw, _) = $0.payload { return raw.count > 0 }
            return true
        }.map(\.name)
        #expect(names.count >= 15)
        for name in names {
            // Cut each section short by one byte: a refusal with a reason, never a trap.
            let reader = sections(of: index) { n, b in n == name && b.count > 0 ? UnsafeMutableRawBufferPointer(rebasing: b[0..<b.count - 1]) : b }
            let result = Result { () throws(IndexFormatError) -> HeapIndex in
                try HeapIndex.restore(from: reader, path: "/b", format: PersistenceTests.format, timings: []) { _ in NoDetails() }
            }
            if case .success = result { Issue.record("a truncated \(name) was accepted") }
        }
        var d = IndexDecoder(UnsafeRawBufferPointer(start: nil, count: 0), section: "x")
        #expect(throws: IndexFormatError.self) { try d.u64() }
    }
}
