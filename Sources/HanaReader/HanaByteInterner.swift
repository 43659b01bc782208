#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte ranges of the mapped trace interned to small integers: an open-addressing table (linear probing,
/// power-of-two slots, at most half full) whose keys are the first occurrence's range in the mapping, compared with
/// `memcmp`. Stack aggregation looks every frame line up here and decodes only the first of each distinct text.
struct HanaByteInterner {
    /// Entry index + 1; 0 is an empty slot.
    private var slots = [Int32](repeating: 0, count: 1024)
    private var mask = 1023
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var hashes: [UInt64] = []
    private var values: [Int32] = []

    /// The value stored for the bytes `base[start..<end]`, nil when they are not interned yet.
    func value(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int32? {
        let h = HanaByteInterner.hash(base, start, end)
        let n = end - start
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let v = Int(slots[s])
            if v == 0 { return nil }
            let e = v - 1
            if hashes[e] == h, lengths[e] == n, memcmp(base + starts[e], base + start, n) == 0 { return values[e] }
            s = (s + 1) & mask
        }
    }

    /// Interns bytes that `value` did not find.
    mutating func insert(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, value: Int32) {
        let h = HanaByteInterner.hash(base, start, end)
        var s = Int(truncatingIfNeeded: h) & mask
        while slots[s] != 0 { s = (s + 1) & mask }
        starts.append(start)
        lengths.append(end - start)
        hashes.append(h)
        values.append(value)
        slots[s] = Int32(values.count)
        if values.count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for e in hashes.indices {
            var s = Int(truncatingIfNeeded: hashes[e]) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = Int32(e + 1)
        }
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

/// Sequences of small integers (a stack of name ids, outermost first, and its group) interned in first-appearance
/// order, each with a count: the distinct stacks of a dump and how many threads have each.
struct HanaStackTable {
    private var slots = [Int32](repeating: 0, count: 1024)
    private var mask = 1023
    private var hashes: [UInt64] = []
    /// Stack `k` is `pool[starts[k]..<starts[k + 1]]`.
    private(set) var pool: [Int32] = []
    private(set) var starts: [Int] = [0]
    private(set) var groups: [UInt8] = []
    private(set) var counts: [Int] = []

    var count: Int { counts.count }

    func stack(_ k: Int) -> ArraySlice<Int32> { pool[starts[k]..<starts[k + 1]] }

    /// Counts one more thread with this stack.
    mutating func add(_ ids: [Int32], group: UInt8) {
        var h: UInt64 = 0x1234_5678 ^ UInt64(group) ^ UInt64(ids.count) << 8
        for id in ids { h = HanaByteInterner.mix(h ^ UInt64(UInt32(bitPattern: id))) }
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let v = Int(slots[s])
            if v == 0 { break }
            let k = v - 1
            if hashes[k] == h, groups[k] == group, pool[starts[k]..<starts[k + 1]].elementsEqual(ids) {
                counts[k] += 1
                return
            }
            s = (s + 1) & mask
        }
        pool.append(contentsOf: ids)
        starts.append(pool.count)
        groups.append(group)
        counts.append(1)
        hashes.append(h)
        slots[s] = Int32(counts.count)
        if counts.count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for k in hashes.indices {
            var s = Int(truncatingIfNeeded: hashes[k]) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = Int32(k + 1)
        }
    }
}
