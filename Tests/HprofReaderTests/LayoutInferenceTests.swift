import Foundation
import Testing
import DumpKit
import HeapGraph
@testable import HprofReader

/// The layout read off object addresses, on heaps written by hand: objects placed back to back at the sizes the
/// layout rules give (computed by hand below, not by hdx), with a few holes where a dumper leaves objects out.
@Suite struct LayoutInferenceTests {
    /// One synthetic heap. Classes (ids 0x100…, names 1…, fields 20…):
    ///   A { int x; Object r }      B { long l; byte b }      Injected { int a } (+ 8 bytes the VM injects)
    ///   Lone { short s }           a single instance followed by a hole: measured too big, must not be trusted
    ///   Rare { int i }             two instances, each followed by an 80-byte dead object: sized from its fields
    ///   Padded { long p }          four instances with 128 bytes of padding no field explains (like @Contended)
    struct Layout {
        var version = "1.0.2"
        var idSize = 8
        var referenceSize = 4
        var alignment = 8
        /// Bytes `java.lang.Object` lists as fields (ART dumps list its header as `shadow$_klass_`, `shadow$_monitor_`).
        var objectFields: [(UInt64, UInt8)] = []
        /// Hand-computed sizes under this layout.
        var a: Int, b: Int, injected: Int, lone: Int
        /// Rare: header + 4 rounds to 16 in every layout below. Padded: align(header + 8) + 128, 16 + 128 unless given.
        var rare = 16
        var padded = 144
        var intArray: (Int) -> Int, byteArray: (Int) -> Int, longArray: (Int) -> Int, objectArray: (Int) -> Int
    }

    static let object: UInt64 = 0x100, klass: UInt64 = 0x110, classA: UInt64 = 0x120, classB: UInt64 = 0x130
    static let injected: UInt64 = 0x140, lone: UInt64 = 0x150, objArray: UInt64 = 0x160
    static let rare: UInt64 = 0x170, padded: UInt64 = 0x180
    static let heapStart: UInt64 = 0x1000_0000

    struct Placed { var id: UInt64; var size: Int }

    /// Writes the heap and returns where each object went, with the size it must have.
    /// `shuffled`: objects written out of address order (as JDK 21+ parallel dumps and GraalVM do).
    static func write(_ l: Layout, _ name: String, shuffled: Bool = false) throws -> (path: String, placed: [Placed]) {
        var w = HprofWriter(version: l.version, idSize: l.idSize)
        let names: [(UInt64, String)] = [(1, "java/lang/Object"), (2, "java/lang/Class"), (3, "A"), (4, "B"),
                                         (5, "Injected"), (6, "Lone"), (7, "[Ljava/lang/Object;"), (20, "x"),
                                         (21, "r"), (22, "l"), (23, "b"), (24, "a"), (25, "s"),
                                         (26, "shadow$_klass_"), (27, "shadow$_monitor_"), (8, "Rare"),
                                         (9, "Padded"), (28, "i"), (29, "p")]
        for (i, s) in names { w.utf8(i, s) }
        let classes: [(UInt64, UInt64)] = [(object, 1), (klass, 2), (classA, 3), (classB, 4), (injected, 5),
                                           (lone, 6), (objArray, 7), (rare, 8), (padded, 9)]
        for (k, (cid, nid)) in classes.enumerated() { w.loadClass(serial: UInt32(k + 1), classID: cid, nameID: nid) }
        var placed: [Placed] = []
        var at = heapStart
        let idSize = l.idSize
        w.record(0x1C) { h in
            h.classDump(object, super: 0, fields: l.objectFields)
            h.classDump(klass, super: object)
            h.classDump(classA, super: object, fields: [(20, 10), (21, 2)])
            h.classDump(classB, super: object, fields: [(22, 11), (23, 8)])
            h.classDump(injected, super: object, fields: [(24, 10)])
            h.classDump(lone, super: object, fields: [(25, 9)])
            h.classDump(objArray, super: object)
            h.classDump(rare, super: object, fields: [(28, 10)])
            h.classDump(padded, super: object, fields: [(29, 11)])
            let header = l.objectFields.isEmpty ? [] : [UInt8](repeating: 0, count: idSize + 4)
            var records: [[UInt8]] = []
            func put(_ size: Int, hole: Int = 0, _ body: (inout HprofWriter, UInt64) -> Void) {
                var r = HprofWriter(idSize: idSize, raw: true)
                body(&r, at)
                records.append(r.bytes)
                placed.append(Placed(id: at, size: size))
                at += UInt64(size + hole)
            }
            for k in 0..<6 {
                put(l.a) { $0.instance($1, classID: classA, data: header + [0, 0, 0, 1] + $0.idBytes(0)) }
                put(l.b, hole: k == 2 ? 16 : 0) { $0.instance($1, classID: classB, data: header + [UInt8](repeating: 0, count: 9)) }
                put(l.injected) { $0.instance($1, classID: injected, data: header + [0, 0, 0, 2]) }
            }
            put(l.lone, hole: 32) { $0.instance($1, classID: lone, data: header + [0, 3]) }
            for _ in 0..<2 { put(l.rare, hole: 80) { $0.instance($1, classID: rare, data: header + [0, 0, 0, 4]) } }
            for _ in 0..<4 { put(l.padded) { $0.instance($1, classID: padded, data: header + [UInt8](repeating: 5, count: 8)) } }
            for n in 0..<40 {
                put(l.intArray(n)) { $0.primitiveArray($1, type: 10, count: n, elementSize: 4) }
                put(l.byteArray(n)) { $0.primitiveArray($1, type: 8, count: n, elementSize: 1) }
                if n == 20 { at += 1 << 20 }   // the next heap region
                put(l.longArray(n % 10)) { $0.primitiveArray($1, type: 11, count: n % 10, elementSize: 8) }
                put(l.objectArray(n % 20)) { $0.objectArray($1, classID: objArray, elements: Array(repeating: 0, count: n % 20)) }
            }
            if shuffled {
                // Every other record first, then the rest backwards: no object is followed by its neighbour.
                records = stride(from: 0, to: records.count, by: 2).map { records[$0] }
                    + stride(from: 1, to: records.count, by: 2).reversed().map { records[$0] }
            }
            for r in records { h.bytes += r }
            h.root(0x01, heapStart)
        }
        w.record(0x2C) { _ in }
        return (try w.write(name), placed)
    }

    func check(_ l: Layout, _ name: String, header: Int, shuffled: Bool = false) throws {
        let (path, placed) = try Self.write(l, name, shuffled: shuffled)
        let d = try DumpLoader.load(path: path)
        let g = d.index.graph
        var wrong: [String] = []
        for p in placed {
            let v = try #require(g.node(forID: p.id))
            if g.shallowSize(v) != UInt64(p.size) {
                wrong.append("\(g.className(v))@0x\(String(p.id, radix: 16)): \(g.shallowSize(v)) != \(p.size)")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        let facts = Dictionary(d.index.info.facts.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(facts["layout"] == "measured from object addresses")
        #expect(facts["headerBytes"] == "\(header)")
        #expect(facts["referenceBytes"] == "\(l.referenceSize)")
        #expect(facts["objectAlignment"] == "\(l.alignment)")
    }

    // Every hand computation below: size = align(header + fields) for instances, align(base + n·element) for arrays.

    @Test func compactHeadersJDK24() throws {
        // 8-byte header, 4-byte references; arrays: length at 8, elements at 12, 8-byte elements at 16.
        // A: 8 + 4 + 4 = 16. B: 8 + 8 + 1 = 17 → 24. Injected: 8 + 4 + 8 injected = 20 → 24. Lone: 8 + 2 → 16.
        let l = Layout(a: 16, b: 24, injected: 24, lone: 16,
                       intArray: { ($0 * 4 + 12 + 7) & ~7 }, byteArray: { ($0 + 12 + 7) & ~7 },
                       longArray: { 16 + 8 * $0 }, objectArray: { ($0 * 4 + 12 + 7) & ~7 })
        try check(l, "compact.hprof", header: 8)
    }

    @Test func objectsOutOfAddressOrder() throws {
        // The compact layout again, records shuffled: the measurement sorts by address first.
        let l = Layout(a: 16, b: 24, injected: 24, lone: 16,
                       intArray: { ($0 * 4 + 12 + 7) & ~7 }, byteArray: { ($0 + 12 + 7) & ~7 },
                       longArray: { 16 + 8 * $0 }, objectArray: { ($0 * 4 + 12 + 7) & ~7 })
        try check(l, "compact-shuffled.hprof", header: 8, shuffled: true)
    }

    @Test func uncompressedOopsWithCompressedClassPointersJDK17() throws {
        // 12-byte header (compressed class pointer), 8-byte references; arrays from 16 (length at 12).
        // A: 12 + 4 + 8 = 24. B: 12 + 8 + 1 = 21 → 24. Injected: 12 + 4 + 8 = 24. Lone: 12 + 2 → 16.
        // Padded: 12 + 8 = 20 → 24, + 128 = 152.
        let l = Layout(referenceSize: 8, a: 24, b: 24, injected: 24, lone: 16, padded: 152,
                       intArray: { ($0 * 4 + 16 + 7) & ~7 }, byteArray: { ($0 + 16 + 7) & ~7 },
                       longArray: { 16 + 8 * $0 }, objectArray: { 16 + 8 * $0 })
        try check(l, "nocoops17.hprof", header: 12)
    }

    @Test func sixteenByteAlignment() throws {
        // -XX:ObjectAlignmentInBytes=16: 12-byte header, 4-byte references, everything rounded up to 16.
        // A: 12 + 4 + 4 = 20 → 32. B: 21 → 32. Injected: 12 + 4 + 8 = 24 → 32. Lone: 14 → 16.
        // Padded: 12 + 8 = 20 → 32, + 128 = 160.
        let l = Layout(alignment: 16, a: 32, b: 32, injected: 32, lone: 16, padded: 160,
                       intArray: { ($0 * 4 + 16 + 15) & ~15 }, byteArray: { ($0 + 16 + 15) & ~15 },
                       longArray: { (16 + 8 * $0 + 15) & ~15 }, objectArray: { ($0 * 4 + 16 + 15) & ~15 })
        try check(l, "align16.hprof", header: 12)
    }

    @Test func thirtyTwoBitVM() throws {
        // 4-byte ids: 8-byte header (mark + klass), 4-byte references, arrays from 12, long arrays from 16.
        // A: 8 + 4 + 4 = 16. B: 8 + 8 + 1 = 17 → 24. Injected: 8 + 4 + 8 = 20 → 24. Lone: 10 → 16.
        let l = Layout(idSize: 4, a: 16, b: 24, injected: 24, lone: 16,
                       intArray: { ($0 * 4 + 12 + 7) & ~7 }, byteArray: { ($0 + 12 + 7) & ~7 },
                       longArray: { 16 + 8 * $0 }, objectArray: { ($0 * 4 + 12 + 7) & ~7 })
        try check(l, "vm32.hprof", header: 8)
    }

    @Test func android() throws {
        // ART lists the 8-byte header as java.lang.Object's fields (shadow$_klass_ 4, shadow$_monitor_ 4), so the
        // header on top of the fields is 0. A: 8 + 4 + 4 = 16. B: 8 + 8 + 1 → 24. Injected: 8 + 4 + 8 → 24.
        // Lone: 8 + 2 → 16. Arrays: length at 8, elements at 12, 8-byte elements at 16.
        let l = Layout(version: "1.0.3", idSize: 4, objectFields: [(26, 2), (27, 10)], a: 16, b: 24, injected: 24,
                       lone: 16, intArray: { ($0 * 4 + 12 + 7) & ~7 }, byteArray: { ($0 + 12 + 7) & ~7 },
                       longArray: { 16 + 8 * $0 }, objectArray: { ($0 * 4 + 12 + 7) & ~7 })
        try check(l, "android-layout.hprof", header: 0)
    }

    @Test func idsThatAreNotAddressesKeepTheConventionalLayout() throws {
        // TinyHeap numbers its objects 0x10 apart whatever their size: nothing can be measured from that.
        let d = try DumpLoader.load(path: try TinyHeap.write().write("tiny-layout.hprof"))
        let layout = d.index.info.facts.first { $0.key == "layout" }?.value ?? ""
        #expect(layout.hasPrefix("conventional"), "\(layout)")
        #expect(d.index.graph.shallowSize(d.index.graph.node(forID: 0x1000)!) == 24, "Holder: 12 + 8 + 4 → 24")
    }

    @Test func mirrorStaticsFollowHotSpot() {
        // java.lang.Class instance 112 bytes, statics: references first, then primitives biggest first from the
        // next offset aligned for the biggest, holes left open, whole words (JDK 17 AtomicLong: 1 ref, 2 longs,
        // 1 boolean → 4 + pad 4 + 16 + 1 = 25 → 32 → 144, as its class histogram shows).
        let sizes = ShallowSizeModel(idSize: 8, compressedOops: true, trustsClassDumpSizes: false)
        #expect(ClassModel.mirrorSize(classInstance: 112, statics: [8, 0, 1, 8], sizes: sizes) == 144)
        #expect(ClassModel.mirrorSize(classInstance: 112, statics: [], sizes: sizes) == 112)
        #expect(ClassModel.mirrorSize(classInstance: 112, statics: [0, 0], sizes: sizes) == 120)
    }
}
