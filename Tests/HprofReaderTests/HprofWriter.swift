import Foundation

/// Writes HPROF files byte by byte for tests: a header, top-level records, heap sub-records.
struct HprofWriter {
    var idSize: Int
    var bytes: [UInt8] = []

    init(version: String = "1.0.2", idSize: Int = 8) {
        self.idSize = idSize
        bytes += Array("JAVA PROFILE \(version)".utf8) + [0]
        u4(UInt32(idSize))
        u8(1_700_000_000_000)
    }

    mutating func u1(_ v: UInt8) { bytes.append(v) }
    mutating func u2(_ v: UInt16) { bytes += [UInt8(v >> 8), UInt8(v & 0xff)] }
    mutating func u4(_ v: UInt32) { for s in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8((v >> UInt32(s)) & 0xff)) } }
    mutating func u8(_ v: UInt64) { for s in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8((v >> UInt64(s)) & 0xff)) } }
    mutating func id(_ v: UInt64) { if idSize == 8 { u8(v) } else { u4(UInt32(v)) } }

    mutating func record(_ tag: UInt8, _ body: (inout HprofWriter) -> Void) {
        var inner = HprofWriter(idSize: idSize, raw: true)
        body(&inner)
        u1(tag)
        u4(0)
        u4(UInt32(inner.bytes.count))
        bytes += inner.bytes
    }

    init(idSize: Int, raw: Bool) { self.idSize = idSize }

    mutating func utf8(_ nameID: UInt64, _ s: String) { record(0x01) { $0.id(nameID); $0.bytes += Array(s.utf8) } }

    mutating func loadClass(serial: UInt32, classID: UInt64, nameID: UInt64) {
        record(0x02) { $0.u4(serial); $0.id(classID); $0.u4(1); $0.id(nameID) }
    }

    // Heap sub-records (write inside a segment body).
    mutating func classDump(_ classID: UInt64, super superID: UInt64, loader: UInt64 = 0, instanceSize: UInt32 = 0,
                            statics: [(UInt64, UInt8, UInt64)] = [], fields: [(UInt64, UInt8)] = []) {
        u1(0x20); id(classID); u4(1); id(superID); id(loader); id(0); id(0); id(0); id(0); u4(instanceSize)
        u2(0)
        u2(UInt16(statics.count))
        for (name, type, value) in statics {
            id(name); u1(type)
            switch type {
            case 2: id(value)
            case 4, 8: u1(UInt8(value))
            case 5, 9: u2(UInt16(value))
            case 6, 10: u4(UInt32(value))
            default: u8(value)
            }
        }
        u2(UInt16(fields.count))
        for (name, type) in fields { id(name); u1(type) }
    }

    /// `values`: the field data, already encoded.
    mutating func instance(_ objID: UInt64, classID: UInt64, data: [UInt8]) {
        u1(0x21); id(objID); u4(1); id(classID); u4(UInt32(data.count)); bytes += data
    }

    mutating func objectArray(_ objID: UInt64, classID: UInt64, elements: [UInt64]) {
        u1(0x22); id(objID); u4(1); u4(UInt32(elements.count)); id(classID)
        for e in elements { id(e) }
    }

    mutating func primitiveArray(_ objID: UInt64, type: UInt8, count: Int, elementSize: Int) {
        u1(0x23); id(objID); u4(1); u4(UInt32(count)); u1(type)
        bytes += Array(repeating: 0x41, count: count * elementSize)
    }

    mutating func root(_ tag: UInt8, _ objID: UInt64) {
        u1(tag); id(objID)
        switch tag {
        case 0x01: id(0)
        case 0x02, 0x03, 0x08: u4(1); u4(0)
        case 0x04, 0x06: u4(1)
        default: break
        }
    }

    /// Encodes an id the way field data holds it.
    func idBytes(_ v: UInt64) -> [UInt8] {
        (0..<idSize).reversed().map { UInt8((v >> UInt64($0 * 8)) & 0xff) }
    }

    func write(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hdx-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)  // never rewrite a file another test maps
        return path
    }
}

/// The small heap most tests use. Ids are multiples of 0x10 (addresses), names ids 1xx.
///
///   class Holder { Object a; int x; }          root: JNI global -> holder (0x1000)
///   class Leaf {}                               holder.a -> leaf (0x1010)
///   Object[] arr = { leaf, leafB }              holder2 (0x1040, sticky root on its class only) …
///   byte[10] bytes                              arr (0x1020) is held by a Java frame root
///   class Ref extends java.lang.ref.Reference   weak (0x1060).referent -> onlyWeak (0x1070)
enum TinyHeap {
    static let object: UInt64 = 0x100, klass: UInt64 = 0x110, holder: UInt64 = 0x120, leaf: UInt64 = 0x130
    static let objArray: UInt64 = 0x140, byteArray: UInt64 = 0x150, reference: UInt64 = 0x160, weakRef: UInt64 = 0x170

    static func write(version: String = "1.0.2", idSize: Int = 8, segments: Bool = true, end: Bool = true,
                      extra: ((inout HprofWriter) -> Void)? = nil) -> HprofWriter {
        var w = HprofWriter(version: version, idSize: idSize)
        let names: [(UInt64, String)] = [(1, "java/lang/Object"), (2, "java/lang/Class"), (3, "Holder"), (4, "Leaf"),
                                         (5, "[Ljava/lang/Object;"), (6, "[B"), (7, "java/lang/ref/Reference"),
                                         (8, "java/lang/ref/WeakReference"), (10, "a"), (11, "x"), (12, "referent"),
                                         (13, "COUNT")]
        for (i, s) in names { w.utf8(i, s) }
        let classes: [(UInt64, UInt64)] = [(object, 1), (klass, 2), (holder, 3), (leaf, 4), (objArray, 5),
                                           (byteArray, 6), (reference, 7), (weakRef, 8)]
        for (k, (cid, nid)) in classes.enumerated() { w.loadClass(serial: UInt32(k + 1), classID: cid, nameID: nid) }
        w.record(segments ? 0x1C : 0x0C) { h in
            h.classDump(object, super: 0)
            h.classDump(klass, super: object)
            h.classDump(holder, super: object, statics: [(13, 10, 7)], fields: [(10, 2), (11, 10)])
            h.classDump(leaf, super: object)
            h.classDump(objArray, super: object)
            h.classDump(byteArray, super: object)
            h.classDump(reference, super: object, fields: [(12, 2)])
            h.classDump(weakRef, super: reference)
            // holder: a -> leaf, x = 42
            h.instance(0x1000, classID: holder, data: h.idBytes(0x1010) + [0, 0, 0, 42])
            h.instance(0x1010, classID: leaf, data: [])
            h.objectArray(0x1020, classID: objArray, elements: [0x1010, 0x1030, 0])
            h.instance(0x1030, classID: leaf, data: [])
            h.primitiveArray(0x1050, type: 8, count: 10, elementSize: 1)
            h.instance(0x1060, classID: weakRef, data: h.idBytes(0x1070))
            h.primitiveArray(0x1070, type: 8, count: 100, elementSize: 1)
            h.root(0x01, 0x1000)          // JNI global -> holder
            h.root(0x03, 0x1020)          // Java frame -> array
            h.root(0x03, 0x1060)          // Java frame -> weak reference
            h.root(0x05, holder)          // sticky class
            h.root(0x05, object)
            h.root(0x05, klass)
            h.root(0x05, reference)
        }
        extra?(&w)
        if end { w.record(0x2C) { _ in } }
        return w
    }
}
