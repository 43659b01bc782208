import Foundation
import Testing
import DumpInput
import DumpKit
import HeapGraph
@testable import HprofReader

/// Exact numbers on HPROF files written byte by byte (see TinyHeap for the heap and the hand computation).
@Suite struct TinyHprofTests {
    struct Expected {
        var holder: UInt64, leaf: UInt64, array: UInt64, weak: UInt64, reachable: UInt64, unreachable: UInt64
    }
    // idSize 8 (compressed oops assumed: no adjacent arrays say otherwise): header 12, refs 4.
    //   Holder{a,x} 24, Leaf 16, Object[3] 32, byte[10] 32, WeakReference 16, byte[100] 120,
    //   class objects 16 (Holder, with an int static, 24).
    //   reachable: objects 24+16+32+16+16 = 104, classes (all but byte[]'s) 6·16 + 24 = 120 → 224;
    //   unreachable: byte[10] 32 + byte[100] 120 + the byte[] class 16 = 168.
    static let id8 = Expected(holder: 24, leaf: 16, array: 64, weak: 32, reachable: 224, unreachable: 168)
    // idSize 4: header 8, refs 4: Holder 16, Leaf 8, Object[3] 24, byte[10] 24, WeakReference 16, byte[100] 112,
    //   class objects 8 (Holder 16).
    //   reachable: objects 16+8+24+8+16 = 72, classes 6·8 + 16 = 64 → 136; unreachable: 24 + 112 + 8 = 144.
    static let id4 = Expected(holder: 16, leaf: 8, array: 40, weak: 24, reachable: 136, unreachable: 144)

    func load(_ w: HprofWriter, _ name: String) throws -> LoadedDump {
        try DumpLoader.load(path: try w.write(name))
    }

    func node(_ d: LoadedDump, _ id: UInt64) -> UInt32 { d.index.graph.node(forID: id)! }

    func check(_ d: LoadedDump, _ e: Expected) {
        let idx = d.index
        #expect(idx.info.format.id == "hprof")
        #expect(idx.objectCount == 15, "8 class objects + 7 objects")
        #expect(idx.tree.retained[Int(node(d, 0x1000))] == e.holder)
        #expect(idx.tree.retained[Int(node(d, 0x1010))] == e.leaf)
        #expect(idx.tree.retained[Int(node(d, 0x1020))] == e.array, "the array dominates leaf 0x1030 and its class")
        #expect(idx.tree.retained[Int(node(d, 0x1060))] == e.weak, "the weak referent is not retained")
        #expect(idx.reachableBytes == e.reachable)
        #expect(idx.unreachableBytes == e.unreachable)
        #expect(idx.unreachableObjects == 3, "byte[10], the weak-only byte[100] and the byte[] class")
        #expect(idx.tree.idom[Int(node(d, 0x1010))] == HeapGraph.superRoot, "leaf has two retainers")
        #expect(idx.tree.idom[Int(node(d, 0x1030))] == node(d, 0x1020))
        let names = idx.graph.classes.names
        #expect(names.contains("java.lang.Object[]") && names.contains("byte[]") && names.contains("Holder"))
        let leafRow = idx.histogram.rows.first { idx.graph.classes[$0.classIndex] == "Leaf" }
        #expect(leafRow?.count == 2)
        #expect(leafRow?.retained == 2 * e.leaf)
    }

    @Test func version102With8ByteIDs() throws {
        let d = try load(TinyHeap.write(), "tiny-102-8.hprof")
        check(d, Self.id8)
        #expect(d.index.info.warnings.isEmpty, "\(d.index.info.warnings)")
        #expect(d.index.graph.roots.contains { $0.kind == .jniGlobal && $0.node == node(d, 0x1000) })
        #expect(d.index.graph.roots.contains { $0.kind == .javaFrame && $0.node == node(d, 0x1020) })
    }

    @Test func version102With4ByteIDs() throws {
        check(try load(TinyHeap.write(idSize: 4), "tiny-102-4.hprof"), Self.id4)
    }

    @Test func version101OneHeapDumpRecord() throws {
        let d = try load(TinyHeap.write(version: "1.0.1", segments: false, end: false), "tiny-101.hprof")
        check(d, Self.id8)
        #expect(d.index.info.warnings.isEmpty)
        let d4 = try load(TinyHeap.write(version: "1.0.1", idSize: 4, segments: false, end: false), "tiny-101-4.hprof")
        check(d4, Self.id4)
    }

    @Test func gzipCompressedDump() throws {
        let path = try TinyHeap.write().write("tiny-gz.hprof")
        let gz = Process()
        gz.executableURL = URL(fileURLWithPath: "/bin/sh")
        gz.arguments = ["-c", "gzip -1 -c '\(path)' > '\(path).gz'"]
        try gz.run()
        gz.waitUntilExit()
        let d = try DumpLoader.load(path: path + ".gz")
        check(d, Self.id8)
        #expect(d.path == path + ".gz")
    }

    @Test func fieldsStringsAndReferenceNames() throws {
        let d = try load(TinyHeap.write(), "tiny-fields.hprof")
        let details = d.index.details
        let holder = node(d, 0x1000)
        let fields = details.fields(of: holder)
        #expect(fields.contains { $0.name == "a" && $0.target == node(d, 0x1010) })
        #expect(fields.contains { $0.name == "x" && $0.value == "42" && $0.type == "int" })
        #expect(details.referenceName(from: node(d, 0x1020), to: node(d, 0x1030)) == "[1]")
        #expect(details.referenceName(from: holder, to: node(d, 0x1010)) == "a")
        #expect(details.idString(holder) == "0x1000")
        #expect(details.node(forIDString: "0x1000") == holder)
        let klass = node(d, TinyHeap.holder)
        #expect(details.displayClassName(klass) == "class Holder")
        #expect(details.fields(of: klass).contains { $0.name == "COUNT" && $0.value == "7" })
        #expect(details.preview(node(d, 0x1050)) == "length 10")
    }

    @Test func pathsSkipWeakReferences() throws {
        let d = try load(TinyHeap.write(), "tiny-paths.hprof")
        let g = d.index.graph
        let paths = RootPaths.shortest(in: g, to: node(d, 0x1010), max: 5)
        #expect(Set(paths.map { $0[0] }) == [node(d, 0x1000), node(d, 0x1020)])
        #expect(paths.allSatisfy { $0.count == 2 })
        #expect(RootPaths.shortest(in: g, to: node(d, 0x1070), max: 5).isEmpty, "only a weak referent leads there")
    }

    @Test func truncatedDumpOpensWithWarning() throws {
        let full = TinyHeap.write()
        var cut = full
        // Cut inside the heap segment: after the holder instance and part of the leaf.
        let segmentStart = full.bytes.firstIndex(of: 0x1C)!
        cut.bytes = Array(full.bytes.prefix(full.bytes.count - 120))
        #expect(cut.bytes.count > segmentStart)
        let d = try load(cut, "tiny-cut.hprof")
        #expect(d.index.info.warnings.contains { $0.contains("truncated") || $0.contains("cut off") },
                "\(d.index.info.warnings)")
        #expect(d.index.objectCount > 0)
    }

    @Test func unknownTopLevelRecordIsSkipped() throws {
        let w = TinyHeap.write { w in w.record(0x77) { $0.u4(1); $0.u4(2) } }
        let d = try load(w, "tiny-unknown.hprof")
        check(d, Self.id8)
        #expect(d.index.info.warnings.contains { $0.contains("unknown tag 0x77") })
    }

    @Test func unknownHeapSubRecordWarnsWithOffset() throws {
        var w = TinyHeap.write(end: false)
        let at = w.bytes.count + 9
        w.record(0x1C) { $0.u1(0x42); $0.u4(0) }
        w.record(0x2C) { _ in }
        let d = try load(w, "tiny-subtag.hprof")
        #expect(d.index.info.warnings.contains { $0.contains("unknown heap sub-record tag 0x42 at byte \(at)") },
                "\(d.index.info.warnings)")
        check(d, Self.id8)
    }

    @Test func danglingReferenceIsReported() throws {
        let w = TinyHeap.write { w in
            w.record(0x1C) { h in
                h.instance(0x2000, classID: TinyHeap.holder, data: h.idBytes(0xDEAD0) + [0, 0, 0, 1])
                h.root(0x01, 0x2000)
            }
        }
        let d = try load(w, "tiny-dangling.hprof")
        #expect(d.index.info.warnings.contains { $0.contains("1 reference(s) point to ids that are not in the dump (referrers: Holder 1)") })
    }

    @Test func notAHeapDump() throws {
        var w = HprofWriter()
        w.bytes = Array("hello, this is text\n".utf8)
        #expect(throws: DumpError.self) { try load(w, "text.hprof") }
        let e = try #require(throws: DumpError.self) { _ = try load(w, "text2.hprof") }
        #expect(e.description.contains("not a heap dump"))
        #expect(e.description.contains("at byte 0"))
        var bad = HprofWriter()
        bad.bytes = Array("JAVA PROFILE 1.0.2".utf8) + [0, 0, 0, 0, 6]
        let badID = try #require(throws: DumpError.self) { _ = try load(bad, "badid.hprof") }
        #expect(badID.description.contains("at byte 19"))
    }

    @Test func androidSubRecordsAreUnderstood() throws {
        let w = TinyHeap.write(version: "1.0.3", idSize: 4) { w in
            w.record(0x1C) { h in
                h.u1(0xFE); h.u4(0x41); h.id(1)               // HEAP_DUMP_INFO: app heap
                h.u1(0x89); h.id(0x1030)                      // interned string root
                h.u1(0x8E); h.id(0x1050); h.u4(1); h.u4(0)    // JNI monitor root
                h.u1(0xC3); h.id(0x3000); h.u4(1); h.u4(5); h.u1(10)   // primitive array without data
            }
        }
        let d = try load(w, "tiny-android.hprof")
        #expect(d.index.info.warnings.isEmpty, "\(d.index.info.warnings)")
        #expect(d.index.graph.roots.contains { $0.kind == .internedString })
        #expect(d.index.graph.roots.contains { $0.kind == .jniMonitor && $0.node == node(d, 0x1050) })
        #expect(d.index.graph.shallowSize(node(d, 0x3000)) == 32, "int[5] on ART: 8 + 4 + 20 = 32")
    }

    @Test func graalVMNativeImageDump() throws {
        // Class ids are hub addresses + 1 (odd), CLASS_DUMP carries real instance sizes, the large object comes last.
        var w = HprofWriter(version: "1.0.2", idSize: 8)
        for (i, s) in [(1, "java.lang.Object"), (2, "Holder"), (3, "[Ljava.lang.Object;"), (4, "a")] as [(UInt64, String)] {
            w.utf8(i, s)
        }
        let object: UInt64 = 0x501, holder: UInt64 = 0x511, arr: UInt64 = 0x521
        w.loadClass(serial: 1, classID: object, nameID: 1)
        w.loadClass(serial: 2, classID: holder, nameID: 2)
        w.loadClass(serial: 3, classID: arr, nameID: 3)
        w.record(0x1C) { h in
            h.classDump(object, super: 0, instanceSize: 16)
            h.classDump(holder, super: object, instanceSize: 24, fields: [(4, 2)])
            h.classDump(arr, super: object)
            h.root(0x01, 0x9000)
            h.instance(0x9000, classID: holder, data: h.idBytes(0x8000))
            h.instance(0x9100, classID: holder, data: h.idBytes(0))
            h.root(0x01, 0x9100)
            h.objectArray(0x8000, classID: arr, elements: [0x9100, 0x9000])   // large object: written last
        }
        w.record(0x2C) { _ in }
        let d = try load(w, "graal.hprof")
        #expect(d.index.info.facts.contains { $0.value == "GraalVM native image" })
        #expect(d.index.graph.shallowSize(node(d, 0x9000)) == 24, "instance size from CLASS_DUMP")
        #expect(d.index.graph.shallowSize(node(d, 0x8000)) == 40, "uncompressed refs: 16 + 4 + 2 * 8, aligned")
        // holder 24 + its array 40 + the array's class object 16 (only the array points at it); 0x9100 is a root.
        #expect(d.index.tree.retained[Int(node(d, 0x9000))] == 80)
        #expect(d.index.graph.node(forID: holder) != nil)
    }
}
