import DumpInput
import DumpKit
import DumpProgress
import Foundation
import HeapGraph
import Testing
@testable import HprofReader

/// `HprofObjectModel.record(of:)` starts at the checkpoint of every 64th object: every object's record must be the
/// one the writer put there (hand-made dumps with every sub-record kind, slices cut inside segments, a truncated
/// dump) and the one a brute-force walk of the file finds (the sample dumps), on a first open and from the
/// persisted index; old lookups from the slice start agree; a checkpoints section cut short is refused.
@Suite struct RecordCheckpointTests {
    struct Written {
        var writer: HprofWriter
        var objects: [BruteForceRecords.Object] = []
        var ends: [Int] = []
    }

    /// Four segments of random sub-records of every kind: roots of all 17 root tags, heap dump info, class dumps
    /// with statics, instances, object arrays, primitive arrays of all eight types (some 20-80 KiB, so that slices
    /// end inside segments), PRIM_ARRAY_NODATA; one segment holds only three objects.
    static func write(idSize: Int) -> Written {
        var w = Written(writer: HprofWriter(version: "1.0.2", idSize: idSize))
        for (i, s) in [(1, "java/lang/Object"), (2, "Holder"), (3, "[Ljava/lang/Object;"), (4, "[I"), (10, "a"),
                       (11, "n")] as [(UInt64, String)] { w.writer.utf8(i, s) }
        for (k, (cid, nid)) in [(0x100, 1), (0x110, 2), (0x120, 3), (0x130, 4)].enumerated() {
            w.writer.loadClass(serial: UInt32(k + 1), classID: UInt64(cid), nameID: UInt64(nid))
        }
        var rng: UInt64 = 0x1234_5678
        func next(_ n: Int) -> Int {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((rng >> 33) % UInt64(n))
        }
        var nextID: UInt64 = 0x10000, nextClass: UInt64 = 0x800
        let rootTags: [UInt8] = [0xFF, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x89, 0x8A, 0x8B, 0x8C, 0x8D,
                                 0x90]
        let elementSizes: [UInt8: Int] = [4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8]
        for segment in 0..<4 {
            let bodyStart = w.writer.bytes.count + 9
            var objects: [BruteForceRecords.Object] = [], ends: [Int] = []
            w.writer.record(0x1C) { h in
                if segment == 0 {
                    h.classDump(0x100, super: 0)
                    h.classDump(0x110, super: 0x100, statics: [(10, 2, 0x10000), (11, 10, 7)], fields: [(10, 2), (11, 10)])
                    h.classDump(0x120, super: 0x100)
                    h.classDump(0x130, super: 0x100)
                }
                for _ in 0..<(segment == 2 ? 3 : 1_500) {
                    let at = bodyStart + h.bytes.count
                    let objectID = nextID
                    var tag: UInt8 = 0
                    switch next(40) {
                    case 0...3: h.root(rootTags[next(rootTags.count)], nextID - 0x10)
                    case 4: h.u1(0x8E); h.id(nextID - 0x10); h.u4(1); h.u4(2)   // JNI monitor
                    case 5: h.u1(0xFE); h.u4(0); h.id(1)                         // heap dump info
                    case 6:
                        h.classDump(nextClass, super: 0x100, statics: [(11, 11, 5)], fields: [(11, 10)])
                        nextClass += 0x10
                    case 7:
                        let type = UInt8(4 + next(8))
                        h.primitiveArray(objectID, type: type, count: (20 << 10) + next(60 << 10) / 8,
                                         elementSize: elementSizes[type] ?? 1)
                        tag = 0x23
                    case 8: h.u1(0xC3); h.id(objectID); h.u4(1); h.u4(UInt32(next(100))); h.u1(10); tag = 0xC3
                    case 9...14:
                        let type = UInt8(4 + next(8))
                        h.primitiveArray(objectID, type: type, count: next(40), elementSize: elementSizes[type] ?? 1)
                        tag = 0x23
                    case 15...22:
                        h.objectArray(objectID, classID: 0x120, elements: (0..<next(12)).map { _ in nextID - 0x10 })
                        tag = 0x22
                    default:
                        h.instance(objectID, classID: 0x110, data: h.idBytes(nextID - 0x10) + [0, 0, 0, UInt8(next(256))])
                        tag = 0x21
                    }
                    if tag != 0 {
                        objects.append(BruteForceRecords.Object(offset: at, tag: tag, id: objectID))
                        ends.append(bodyStart + h.bytes.count)
                        nextID += 0x10
                    }
                }
            }
            w.objects += objects
            w.ends += ends
        }
        w.writer.record(0x2C) { _ in }
        return w
    }

    static func load(_ path: String) throws -> (HprofDump, MappedFile) {
        let (file, _) = try DumpLoader.open(path: path)
        let loaded = try HprofDumpReader().read(file, dump: nil, warnings: [], progress: nil)
        return (try #require(loaded.extras(HprofDump.self)), file)
    }

    /// Every object node's record against `expected` (file order), and a sample against the slice-start lookup.
    /// `exact`: every checkpoint must name its object's record (else a lookup falls back to the slice walk and
    /// answers right, only slower).
    static func expectRecords(_ dump: HprofDump, _ expected: [BruteForceRecords.Object], file: MappedFile,
                              baselineStride: Int = 1, exact: Bool = true) {
        let model = dump.model
        let first = 1 + model.classes.recordCount
        #expect(dump.index.graph.nodeCount - first == expected.count)
        #expect(model.checkpoints.deltas.count == (expected.count + 63) / 64)
        if exact {
            let wrong = model.checkpoints.deltas.enumerated().filter { c, d in
                let k = c * 64
                let slice = model.slices.first { $0.firstObject <= k && k < $0.firstObject + $0.objectCount }
                return slice.map { $0.start + Int(d) } != expected[k].offset
            }
            #expect(wrong.isEmpty, "checkpoints that do not name their object's record: \(wrong.prefix(3))")
        }
        var mismatches = 0
        for (k, e) in expected.enumerated() {
            let node = UInt32(first + k)
            let found: (Int, UInt8)?
            switch model.record(of: node) {
            case .instance(let p)?: found = (p, 0x21)
            case .objectArray(let p)?: found = (p, 0x22)
            case .primitiveArray(let p)?: found = (p, file.base.load(fromByteOffset: p, as: UInt8.self))
            default: found = nil
            }
            if found?.0 != e.offset || found?.1 != e.tag || dump.index.graph.objectIDs[Int(node)] != e.id {
                mismatches += 1
                if mismatches <= 3 { Issue.record("object \(k): found \(String(describing: found)), expected \(e)") }
            }
        }
        #expect(mismatches == 0)
        for k in stride(from: 0, to: expected.count, by: baselineStride) {
            let node = UInt32(first + k)
            if case .instance(let p)? = model.recordBySliceWalk(of: node) { #expect(p == expected[k].offset) }
            if case .objectArray(let p)? = model.recordBySliceWalk(of: node) { #expect(p == expected[k].offset) }
            if case .primitiveArray(let p)? = model.recordBySliceWalk(of: node) { #expect(p == expected[k].offset) }
        }
        #expect(model.record(of: UInt32(dump.index.graph.nodeCount)) == nil)
        #expect(model.record(of: 0) == nil)
    }

    @Test(arguments: [4, 8])
    func everyRecordOfAHandMadeDump(idSize: Int) throws {
        let w = Self.write(idSize: idSize)
        let path = try w.writer.write("record-checkpoints-\(idSize).hprof")
        let (dump, file) = try Self.load(path)
        #expect(w.objects.count > 2_000)
        // Slices end inside segments, and the three-object segment is a slice of its own.
        #expect(dump.model.slices.count > 8)
        #expect(dump.model.slices.contains { $0.objectCount == 3 })
        #expect(BruteForceRecords.objects(file.bytes) == w.objects, "the brute force reads what was written")
        Self.expectRecords(dump, w.objects, file: file)
    }

    @Test func truncatedDumpFindsTheCompleteObjects() throws {
        let w = Self.write(idSize: 8)
        // Cut the file inside the object record two thirds of the way into the last segment.
        let k = w.objects.count - 500
        let cut = w.objects[k].offset + 5
        var writer = w.writer
        writer.bytes = Array(writer.bytes[0..<cut])
        let (dump, file) = try Self.load(try writer.write("record-checkpoints-cut.hprof"))
        let expected = Array(w.objects[0..<k])
        #expect(BruteForceRecords.objects(file.bytes) == expected)
        Self.expectRecords(dump, expected, file: file)
    }

    @Test(arguments: ["leakdemo.hprof", "finalizer.hprof.gz"])
    func everyRecordOfASampleDump(name: String) throws {
        let (dump, file) = try Self.load(SampleDumpTests.samples + name)
        let expected = BruteForceRecords.objects(file.bytes)
        #expect(expected.count > 10_000)
        Self.expectRecords(dump, expected, file: file, baselineStride: 97)
    }

    /// The sections as separately allocated, aligned buffers (as a mapped file gives them), `cut` one byte short.
    final class Buffers {
        var list: [UnsafeMutableRawBufferPointer] = []
        deinit { for b in list { b.deallocate() } }
    }

    static func sections(of dump: HprofDump, cut: String? = nil,
                         edit: (String, inout [UInt8]) -> Void = { _, _ in }) -> IndexSectionReader {
        var s = IndexSections()
        #expect(dump.persist(into: &s))
        let buffers = Buffers()
        var map: [String: UnsafeRawBufferPointer] = [:]
        for (name, payload) in s.list {
            var bytes: [UInt8]
            switch payload {
            case .encoded(let b): bytes = b
            case .column(let raw, _): bytes = Array(raw)
            }
            edit(name, &bytes)
            let m = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
            m.copyBytes(from: bytes)
            buffers.list.append(m)
            let count = name == cut && !bytes.isEmpty ? bytes.count - 4 : bytes.count
            map[name] = UnsafeRawBufferPointer(rebasing: m[0..<count])
        }
        return IndexSectionReader(sections: map, owner: buffers)
    }

    @Test func restoredIndexFindsTheSameRecords() throws {
        let w = Self.write(idSize: 8)
        let (dump, file) = try Self.load(try w.writer.write("record-checkpoints-persist.hprof"))
        let restored = try HprofDump.restore(file, from: Self.sections(of: dump), timings: [])
        #expect(restored.model.checkpoints.deltas.elementsEqual(dump.model.checkpoints.deltas))
        Self.expectRecords(restored, w.objects, file: file, baselineStride: 7)
        let short = Result { () throws(IndexFormatError) -> HprofDump in
            try HprofDump.restore(file, from: Self.sections(of: dump, cut: "x.hprof.records"), timings: [])
        }
        if case .success = short { Issue.record("x.hprof.records cut short was accepted") }
    }

    /// Checkpoints that point at the wrong records (swapped in pairs, at the slice start, past the slice, unset)
    /// cost the longer walk, never a wrong answer.
    @Test func damagedCheckpointsStillFindTheRightRecords() throws {
        let w = Self.write(idSize: 8)
        let (dump, file) = try Self.load(try w.writer.write("record-checkpoints-damaged.hprof"))
        let damaged = Self.sections(of: dump) { name, bytes in
            guard name == "x.hprof.records" else { return }
            var d = bytes.withUnsafeBytes { Array($0.bindMemory(to: UInt32.self)) }
            for c in stride(from: 0, to: d.count - 1, by: 2) where c % 10 < 6 { d.swapAt(c, c + 1) }
            for c in stride(from: 6, to: d.count, by: 10) { d[c] = 0 }
            for c in stride(from: 8, to: d.count, by: 10) { d[c] = 1 << 30 }
            for c in stride(from: 9, to: d.count, by: 10) { d[c] = RecordCheckpoints.none }
            bytes = d.withUnsafeBytes { Array($0) }
        }
        let restored = try HprofDump.restore(file, from: damaged, timings: [])
        #expect(!restored.model.checkpoints.deltas.elementsEqual(dump.model.checkpoints.deltas))
        Self.expectRecords(restored, w.objects, file: file, baselineStride: 13, exact: false)
    }

    /// An index written before the checkpoints (reader version 1) is not read: its tag names no reader, so the
    /// dump is read again and a new index written.
    @Test func indexOfTheOldLayoutIsRebuilt() {
        #expect(HprofDumpReader().persistenceVersion == 2)
        #expect(HprofDumpReader().persistenceTag.hasSuffix(".2"))
    }
}
