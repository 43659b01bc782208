/// The probing part of an open-addressing hash table (linear probing, power-of-two slots, at most half full) whose
/// entries live in the caller's own arrays, numbered in insertion order: the frame interner and the stack table
/// keep their keys their own way and share this.
struct HanaHashSlots {
    /// Entry index + 1; 0 is an empty slot.
    private var slots = [Int32](repeating: 0, count: 1024)
    private var mask = 1023
    /// Per entry: its hash (to re-place it when the table grows, and to skip most key compares).
    private(set) var hashes: [UInt64] = []

    /// The entry with hash `h` for which `matches` holds, or the empty slot where such an entry goes.
    @inline(__always)
    func find(_ h: UInt64, matches: (Int) -> Bool) -> (entry: Int?, slot: Int) {
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let v = Int(slots[s])
            if v == 0 { return (nil, s) }
            if hashes[v - 1] == h && matches(v - 1) { return (v - 1, s) }
            s = (s + 1) & mask
        }
    }

    /// Records the next entry (number `hashes.count`) with hash `h` in `slot`, the empty slot `find` gave.
    mutating func add(_ h: UInt64, at slot: Int) {
        hashes.append(h)
        slots[slot] = Int32(hashes.count)
        guard hashes.count * 2 > slots.count else { return }
        slots = [Int32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for e in hashes.indices {
            var s = Int(truncatingIfNeeded: hashes[e]) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = Int32(e + 1)
        }
    }
}
