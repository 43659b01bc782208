#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte ranges of the mapped trace interned to small integers: a `HanaHashSlots` table whose keys are the first
/// occurrence's range in the mapping, compared with `memcmp`. Stack aggregation looks every frame line up here and
/// decodes only the first of each distinct text.
struct HanaByteInterner {
    private var table = HanaHashSlots()
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var values: [Int32] = []

    /// The value stored for the bytes `base[start..<end]`, nil when they are not interned yet.
    func value(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int32? {
        let n = end - start
        let found = table.find(HanaByteInterner.hash(base, start, end)) { e in
            lengths[e] == n && memcmp(base + starts[e], base + start, n) == 0
        }
        return found.entry.map { values[$0] }
    }

    /// Interns bytes that `value` did not find.
    mutating func insert(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, value: Int32) {
        let h = HanaByteInterner.hash(base, start, end)
        let slot = table.find(h) { _ in false }.slot
        starts.append(start)
        lengths.append(end - start)
        values.append(value)
        table.add(h, at: slot)
    }

    /// A 64-bit hash of the bytes, eight at a time.
    static func hash(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        let raw = UnsafeRawPointer(base)
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(truncatingIfNeeded: end - start)
        var i = start
        while i + 8 <= end {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < end {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        return mix(h ^ tail)
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var h = x &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        h = h &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 32)
    }
}
