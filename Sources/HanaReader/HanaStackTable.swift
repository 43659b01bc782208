/// Sequences of small integers (a stack of name ids, outermost first, and its group) interned in first-appearance
/// order, each with a count: the distinct stacks of a dump and how many threads have each.
struct HanaStackTable {
    private var table = HanaHashSlots()
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
        let found = table.find(h) { k in
            groups[k] == group && pool[starts[k]..<starts[k + 1]].elementsEqual(ids)
        }
        if let k = found.entry {
            counts[k] += 1
            return
        }
        pool.append(contentsOf: ids)
        starts.append(pool.count)
        groups.append(group)
        counts.append(1)
        table.add(h, at: found.slot)
    }
}
