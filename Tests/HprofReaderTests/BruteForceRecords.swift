/// The object records of an HPROF file found the slow, obvious way, written from the format description and
/// independent of hdx's walkers: every top-level record from the header on, every sub-record of the first heap dump
/// (one HEAP_DUMP, or HEAP_DUMP_SEGMENTs up to HEAP_DUMP_END). A record cut off by the end of the file is read up
/// to the end; a sub-record that does not fit in its record ends that record's walk.
enum BruteForceRecords {
    struct Object: Equatable {
        var offset: Int
        var tag: UInt8
        var id: UInt64
    }

    static func objects(_ b: UnsafeRawBufferPointer) -> [Object] {
        func u1(_ p: Int) -> Int { Int(b[p]) }
        func u2(_ p: Int) -> Int { u1(p) << 8 | u1(p + 1) }
        func u4(_ p: Int) -> Int { u2(p) << 16 | u2(p + 2) }
        guard let nul = b.firstIndex(of: 0), nul + 13 <= b.count else { return [] }
        let id = u4(nul + 1)
        func ident(_ p: Int) -> UInt64 { (0..<id).reduce(UInt64(0)) { $0 << 8 | UInt64(b[p + $1]) } }
        var out: [Object] = []
        var p = nul + 1 + 4 + 8
        var inSegments = false
        while p + 9 <= b.count {
            let tag = b[p]
            let end = min(p + 9 + u4(p + 5), b.count)
            if tag == 0x0C || tag == 0x1C {
                var q = p + 9
                while q < end, let n = subRecordLength(b, at: q, end: end, id: id) {
                    if [0x21, 0x22, 0x23, 0xC3].contains(b[q]) { out.append(Object(offset: q, tag: b[q], id: ident(q + 1))) }
                    q += n
                }
                if tag == 0x0C { return out }
                inSegments = true
            } else if tag == 0x2C && inSegments {
                return out
            }
            p = end
        }
        return out
    }

    /// The length of the sub-record at `q`, or nil when its tag is unknown or it runs past `end`.
    static func subRecordLength(_ b: UnsafeRawBufferPointer, at q: Int, end: Int, id: Int) -> Int? {
        func u1(_ p: Int) -> Int { p < end ? Int(b[p]) : 0 }
        func u2(_ p: Int) -> Int { u1(p) << 8 | u1(p + 1) }
        func u4(_ p: Int) -> Int { u2(p) << 16 | u2(p + 2) }
        func size(_ type: Int) -> Int? {
            switch type {
            case 2: return id
            case 4, 8: return 1
            case 5, 9: return 2
            case 6, 10: return 4
            case 7, 11: return 8
            default: return nil
            }
        }
        var n: Int
        switch u1(q) {
        case 0xFF, 0x05, 0x07, 0x89, 0x8A, 0x8B, 0x8C, 0x8D, 0x90: n = 1 + id
        case 0x01: n = 1 + 2 * id
        case 0x02, 0x03, 0x08, 0x8E: n = 1 + id + 8
        case 0x04, 0x06: n = 1 + id + 4
        case 0xFE: n = 1 + 4 + id
        case 0xC3: n = 1 + id + 4 + 4 + 1
        case 0x21: n = 1 + id + 4 + id + 4 + u4(q + 1 + id + 4 + id)
        case 0x22: n = 1 + id + 4 + 4 + id + u4(q + 1 + id + 4) * id
        case 0x23:
            guard let s = size(u1(q + 1 + id + 8)), u1(q + 1 + id + 8) != 2 else { return nil }
            n = 1 + id + 4 + 4 + 1 + u4(q + 1 + id + 4) * s
        case 0x20:
            n = 1 + id + 4 + 6 * id + 4
            for _ in 0..<u2(q + n) {
                guard let s = size(u1(q + n + 2 + 2)) else { return nil }
                n += 3 + s
            }
            n += 2
            for _ in 0..<u2(q + n) {
                guard let s = size(u1(q + n + 2 + id)) else { return nil }
                n += id + 1 + s
            }
            n += 2
            n += 2 + u2(q + n) * (id + 1)
        default: return nil
        }
        return q + n <= end ? n : nil
    }
}
