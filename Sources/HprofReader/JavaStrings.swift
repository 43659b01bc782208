import DumpInput
import HeapGraph

/// Where `java.lang.String` keeps its text, found once from the class's field layout: `value` (JDK 9+: a `byte[]`
/// with `coder` 0 = Latin-1, 1 = UTF-16 in the VM's byte order; JDK 7u6–8: a `char[]`; JDK 6: a `char[]` with
/// `offset` and `count`). A String is then read straight from its record: no other field is decoded.
struct JavaStringLayout: Sendable {
    let classID: UInt64
    /// Offsets in the instance's field data.
    let value: Int
    let coder: Int?
    let offset: Int?
    let count: Int?
    /// Field-data bytes the fields above need (a shorter record is not read).
    let needed: Int

    /// The layout of class `k` (a CLASS_DUMP index), nil when it has no reference field `value`.
    init?(classes: ClassModel, classIndex k: Int, idSize: Int, fieldName: (UInt64) -> String) {
        guard k >= 0, k < classes.recordCount else { return nil }
        var value: Int?, coder: Int?, offset: Int?, count: Int?
        var at = 0, needed = 0
        var c = k, steps = 0
        // Instance data holds the class's own fields, then its superclass's, as `forEachField` reads them.
        while c >= 0 && c < classes.ownFields.count && steps <= classes.recordCount {
            for f in classes.ownFields[c] {
                let size = BasicType.size(f.type, idSize: idSize)
                let name = fieldName(f.nameID)
                var used = true
                switch (name, f.type) {
                case ("value", BasicType.object) where value == nil: value = at
                case ("coder", BasicType.byte) where coder == nil: coder = at
                case ("offset", BasicType.int) where offset == nil: offset = at
                case ("count", BasicType.int) where count == nil: count = at
                default: used = false
                }
                if used { needed = at + size }
                at += size
            }
            c = Int(classes.superIndex[c])
            steps += 1
        }
        guard let value else { return nil }
        classID = classes.classIDs[k]
        self.value = value
        self.coder = coder
        self.offset = offset
        self.count = count
        self.needed = needed
    }
}

/// The characters of one String as they lie in the dump: where, how many code units, which encoding.
struct JavaStringBytes {
    enum Encoding { case latin1, utf16LE, utf16BE }
    let start: Int
    let units: Int
    let encoding: Encoding

    /// The String whose INSTANCE_DUMP is at `record` (its value array at `array`, a PRIMITIVE_ARRAY_DUMP whose
    /// length the walker checked against the file); nil when the array holds no text.
    init?(record: Int, array: Int, layout l: JavaStringLayout, base: UnsafeRawPointer, idSize id: Int) {
        guard base.u8(array) == HeapTag.primArrayDump else { return nil }
        let data = record + 1 + 2 * id + 8
        let length = Int(base.u32be(array + 1 + id + 4))
        let type = base.u8(array + 1 + id + 8)
        let payload = array + 1 + id + 9
        switch type {
        case BasicType.byte:
            let utf16 = l.coder.map { base.u8(data + $0) != 0 } ?? false
            start = payload
            units = utf16 ? length / 2 : length
            encoding = utf16 ? .utf16LE : .latin1
        case BasicType.char:
            var first = 0, count = length
            if let o = l.offset, let c = l.count {
                // JDK 6: the text is `count` chars from `offset`, within the array whatever the record says.
                first = min(max(Int(Int32(bitPattern: base.u32be(data + o))), 0), length)
                count = min(max(Int(Int32(bitPattern: base.u32be(data + c))), 0), length - first)
            }
            start = payload + 2 * first
            units = count
            encoding = .utf16BE
        default:
            return nil
        }
    }

    func matches(_ needle: StringNeedle, base: UnsafeRawPointer) -> Bool {
        if needle.decodedOnly { return needle.matches(text(base: base, limit: Int.max)) }
        switch encoding {
        case .latin1: return needle.matchesLatin1(base + start, count: units)
        case .utf16LE: return needle.matchesUTF16(base + start, count: units, bigEndian: false)
        case .utf16BE: return needle.matchesUTF16(base + start, count: units, bigEndian: true)
        }
    }

    /// The first `limit` code units as text (broken UTF-16 becomes U+FFFD).
    func text(base: UnsafeRawPointer, limit: Int) -> String {
        let n = min(units, limit)
        let p = base + start
        switch encoding {
        case .latin1:
            return String(unsafeUninitializedCapacity: 2 * n) { out in
                var k = 0
                for i in 0..<n {
                    let c = p.load(fromByteOffset: i, as: UInt8.self)
                    if c < 0x80 { out[k] = c; k += 1 } else {
                        out[k] = 0xC0 | c >> 6; out[k + 1] = 0x80 | c & 0x3F; k += 2
                    }
                }
                return k
            }
        case .utf16LE, .utf16BE:
            let big = encoding == .utf16BE
            let units = (0..<n).lazy.map { i -> UInt16 in
                let raw = p.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
                return big ? UInt16(bigEndian: raw) : UInt16(littleEndian: raw)
            }
            return String(decoding: units, as: UTF16.self)
        }
    }
}

extension HprofObjectModel {
    /// Code units of a String shown or returned at most (a longer value is cut).
    static let stringShownUnits = 4096

    /// The String's characters in the dump, read from its record and its value array only.
    func stringBytes(_ node: UInt32) -> JavaStringBytes? {
        guard case .instance(let p)? = record(of: node) else { return nil }
        return stringBytes(record: p)
    }

    /// The same for the INSTANCE_DUMP at `p`.
    func stringBytes(record p: Int) -> JavaStringBytes? {
        guard let l = stringLayout else { return nil }
        let id = idSize
        let base = file.base
        guard base.idbe(p + 1 + id + 4, size: id) == l.classID, Int(base.u32be(p + 1 + 2 * id + 4)) >= l.needed,
              let a = graph.node(forID: base.idbe(p + 1 + 2 * id + 8 + l.value, size: id)),
              case .primitiveArray(let q)? = record(of: a) else { return nil }
        return JavaStringBytes(record: p, array: q, layout: l, base: base, idSize: id)
    }

    /// The text of a `java.lang.String` (its first 4,096 code units): Latin-1 or UTF-16 `byte[]` (JDK 9+, by
    /// `coder`), or `char[]` (JDK 8; JDK 6 with `offset`/`count`).
    func stringValue(_ node: UInt32) -> String? {
        stringBytes(node)?.text(base: file.base, limit: HprofObjectModel.stringShownUnits)
    }

    /// The same for the INSTANCE_DUMP at `p`.
    func stringValue(record p: Int) -> String? {
        stringBytes(record: p)?.text(base: file.base, limit: HprofObjectModel.stringShownUnits)
    }
}
