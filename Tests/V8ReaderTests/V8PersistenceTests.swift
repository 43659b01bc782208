import DumpInput
import DumpProgress
import HeapGraph
import Testing
@testable import V8Reader

/// A V8 snapshot saved into index sections and restored over the same file answers as the snapshot read from JSON:
/// histogram, dominators, names, fields, previews, DevTools distances and retainer paths; a V8 section cut short
/// is refused with a reason, never a trap.
@Suite struct V8PersistenceTests {
    final class Buffers {
        var list: [UnsafeMutableRawBufferPointer] = []
        deinit { for b in list { b.deallocate() } }
    }

    /// The sections as separately allocated, aligned buffers (as a mapped file gives them), `cut` one byte short.
    static func sections(of dump: LoadedDump, cut: String? = nil) -> IndexSectionReader {
        var s = IndexSections()
        #expect(V8DumpReader().persist(dump, into: &s))
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
            let count = name == cut && !bytes.isEmpty ? bytes.count - 1 : bytes.count
            map[name] = UnsafeRawBufferPointer(rebasing: m[0..<count])
        }
        return IndexSectionReader(sections: map, owner: buffers)
    }

    @Test func restoredSnapshotAnswersAsTheParsedOne() throws {
        let file = try MappedFile(path: Fixture.repoRoot + "/SampleDumps/v8/leak-2.heapsnapshot")
        let dump = try V8DumpReader().read(file, dump: nil, warnings: [], progress: nil)
        let restored = try V8DumpReader().restore(file, dump: 1, from: Self.sections(of: dump), timings: [])
        let a = try #require(dump.extras(V8Snapshot.self)), b = try #require(restored.extras(V8Snapshot.self))
        #expect(b.index.histogram.rows == a.index.histogram.rows)
        #expect(b.index.topDominators(limit: 50) == a.index.topDominators(limit: 50))
        #expect(b.rootNode == a.rootNode && b.detachedNodeCount == a.detachedNodeCount)
        let n = a.graph.nodeCount
        var checked = 0
        for v in stride(from: 1, to: n, by: max(n / 400, 1)) {
            let node = UInt32(v)
            #expect(b.name(node) == a.name(node) && b.typeName(node) == a.typeName(node))
            #expect(b.isDetached(node) == a.isDetached(node) && b.distance(node) == a.distance(node))
            #expect(b.details.preview(node) == a.details.preview(node))
            #expect(b.details.fields(of: node) == a.details.fields(of: node))
            #expect(b.retainerPaths(to: node, max: 3) == a.retainerPaths(to: node, max: 3))
            checked += 1
        }
        #expect(checked >= 300)
    }

    @Test func v8SectionsCutShortAreRefused() throws {
        let file = try MappedFile(path: Fixture.repoRoot + "/SampleDumps/v8/leak-1.heapsnapshot")
        let dump = try V8DumpReader().read(file, dump: nil, warnings: [], progress: nil)
        var s = IndexSections()
        _ = V8DumpReader().persist(dump, into: &s)
        let names = s.list.map(\.name).filter { $0.hasPrefix("v8.") || $0 == "x.v8" }
        #expect(names.count == 10)
        for name in names {
            let reader = Self.sections(of: dump, cut: name)
            let result = Result { () throws(IndexFormatError) -> LoadedDump in
                try V8DumpReader().restore(file, dump: 1, from: reader, timings: [])
            }
            if case .success = result { Issue.record("\(name) cut short was accepted") }
        }
        let whole = Self.sections(of: dump)
        let otherDump = Result { () throws(IndexFormatError) -> LoadedDump in
            try V8DumpReader().restore(file, dump: 2, from: whole, timings: [])
        }
        if case .success = otherDump { Issue.record("dump 2 of a snapshot was accepted") }
    }
}
