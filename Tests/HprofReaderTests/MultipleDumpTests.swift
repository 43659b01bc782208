import Foundation
import Testing
import DumpInput
import DumpKit
import HeapGraph
@testable import HprofReader

/// Files holding two heap dumps with the same object ids, as the JDK 6/7 HPROF agent writes them: hdx reads one
/// dump, never both merged, and says so. Expected counts are computed by hand from the records written below.
@Suite struct MultipleDumpTests {
    static let object: UInt64 = 0x100, holder: UInt64 = 0x110, bytes: UInt64 = 0x120

    /// Dump 1 (2 segments + END): classes Object, Holder{a}, byte[]; Holder 0x1000 (JNI global) → byte[10] 0x1010.
    ///   objects 3 classes + 2 = 5; root records 1.
    /// Dump 2 (1 segment + END): the same classes; Holder 0x1000 (JNI global) → byte[20] 0x1020; byte[10] 0x1010
    ///   (unreachable now); Holder 0x1030 with a = null; sticky root on Holder.
    ///   objects 3 + 4 = 7; root records 2. Merged, the file would give 12 objects and duplicate ids.
    /// `segmented: false`: each dump is one HEAP_DUMP (0x0C) record instead, no END (1.0.1 files).
    static func twoDumps(segmented: Bool = true) -> HprofWriter {
        var w = HprofWriter(version: segmented ? "1.0.2" : "1.0.1", idSize: 8)
        for (i, s) in [(1, "java/lang/Object"), (2, "Holder"), (3, "[B"), (10, "a")] as [(UInt64, String)] {
            w.utf8(i, s)
        }
        w.loadClass(serial: 1, classID: object, nameID: 1)
        w.loadClass(serial: 2, classID: holder, nameID: 2)
        w.loadClass(serial: 3, classID: bytes, nameID: 3)
        func classes(_ h: inout HprofWriter) {
            h.classDump(object, super: 0)
            h.classDump(holder, super: object, fields: [(10, 2)])
            h.classDump(bytes, super: object)
        }
        let tag: UInt8 = segmented ? 0x1C : 0x0C
        // Dump 1.
        if segmented {
            w.record(tag) { h in
                classes(&h)
                h.instance(0x1000, classID: holder, data: h.idBytes(0x1010))
            }
            w.record(tag) { h in
                h.primitiveArray(0x1010, type: 8, count: 10, elementSize: 1)
                h.root(0x01, 0x1000)
            }
            w.record(0x2C) { _ in }
        } else {
            w.record(tag) { h in
                classes(&h)
                h.instance(0x1000, classID: holder, data: h.idBytes(0x1010))
                h.primitiveArray(0x1010, type: 8, count: 10, elementSize: 1)
                h.root(0x01, 0x1000)
            }
        }
        // Dump 2.
        w.record(tag) { h in
            classes(&h)
            h.instance(0x1000, classID: holder, data: h.idBytes(0x1020))
            h.primitiveArray(0x1010, type: 8, count: 10, elementSize: 1)
            h.primitiveArray(0x1020, type: 8, count: 20, elementSize: 1)
            h.instance(0x1030, classID: holder, data: h.idBytes(0))
            h.root(0x01, 0x1000)
            h.root(0x05, holder)
        }
        if segmented { w.record(0x2C) { _ in } }
        return w
    }

    @Test(arguments: [true, false])
    func readsTheFirstDumpByDefaultAndWarns(segmented: Bool) throws {
        let path = try Self.twoDumps(segmented: segmented).write("two-dumps-\(segmented).hprof")
        let d = try DumpLoader.load(path: path)
        #expect(d.index.objectCount == 5, "3 classes + Holder + byte[10] of dump 1, not 12")
        #expect(d.index.graph.roots.count == 1)
        #expect(d.extras(HprofDump.self)?.dumpCount == 2)
        #expect(d.extras(HprofDump.self)?.dumpNumber == 1)
        let warnings = d.index.info.warnings
        #expect(warnings.contains("this file holds 2 heap dumps; read dump 1 (use --dump N to read another)"), "\(warnings)")
        #expect(!warnings.contains { $0.contains("twice") || $0.contains("not in the dump") || $0.contains("HEAP_DUMP_END") },
                "\(warnings)")
        let holder = try #require(d.index.graph.node(forID: 0x1000))
        let target = d.index.graph.successors(holder).map { d.index.graph.objectIDs[Int(Edge.target($0))] }
        #expect(target.contains(0x1010) && !target.contains(0x1020))
    }

    @Test(arguments: [true, false])
    func readsTheSecondDumpWhenAsked(segmented: Bool) throws {
        let path = try Self.twoDumps(segmented: segmented).write("two-dumps-2-\(segmented).hprof")
        let d = try DumpLoader.load(path: path, dump: 2)
        #expect(d.index.objectCount == 7, "3 classes + 2 Holders + 2 byte[] of dump 2")
        #expect(d.index.graph.roots.count == 2)
        #expect(d.extras(HprofDump.self)?.dumpNumber == 2)
        #expect(d.index.info.warnings.contains("this file holds 2 heap dumps; read dump 2"), "\(d.index.info.warnings)")
        #expect(d.index.unreachableObjects == 2, "byte[10] 0x1010 and Holder 0x1030 are held by nothing in dump 2")
        let holder = try #require(d.index.graph.node(forID: 0x1000))
        let target = d.index.graph.successors(holder).map { d.index.graph.objectIDs[Int(Edge.target($0))] }
        #expect(target.contains(0x1020) && !target.contains(0x1010))
    }

    @Test func dumpNumberOutOfRangeIsOneLineError() throws {
        let path = try Self.twoDumps().write("two-dumps-range.hprof")
        for n in [0, 3] {
            do {
                _ = try DumpLoader.load(path: path, dump: n)
                Issue.record("dump \(n) should not load")
            } catch {
                #expect(error.description.contains("expected --dump between 1 and 2"), "\(error)")
                #expect(!error.description.contains("\n"))
            }
        }
    }

    @Test func singleDumpFileHasNoWarningAndOnlyDumpOne() throws {
        let path = try TinyHeap.write().write("one-dump.hprof")
        let d = try DumpLoader.load(path: path, dump: 1)
        #expect(d.extras(HprofDump.self)?.dumpCount == 1)
        #expect(!d.index.info.warnings.contains { $0.contains("heap dumps") })
        #expect(throws: DumpError.self) { try DumpLoader.load(path: path, dump: 2) }
    }
}
