/// Object ids of one dump resolved in another by a merge join over both dumps' id orders instead of one lookup
/// per object: `diff` matches every object of OLD in NEW and back, and a lookup per object costs a cache miss or
/// more each (seconds on millions of objects), while walking two sorted sequences side by side is sequential.
///
/// The result is exactly what `IDLookup.node(for:)` of the other dump answers for each id, duplicates included:
/// the sorted part of a lookup finds the first node of an id in its sorted order, and its unsorted prefix (HPROF
/// class objects before the heap, or a dictionary built from it) only ids the sorted part does not have.
extension IDLookup {
    /// For every node `v` of the dump this lookup belongs to (`1..<ids.count`; slot 0 is the super-root's, 0), the
    /// node of `other` with the id `ids[v]` (0: none).
    public func joined(with other: IDLookup) -> ContiguousArray<UInt32> {
        let n = ids.count
        var out = ContiguousArray<UInt32>(repeating: 0, count: n)
        guard n > 1 else { return out }
        let (prefixIDs, prefixNodes) = other.prefixPairs
        // Columns keep their memory where it is for as long as they live (here: the lookups and the pairs).
        withExtendedLifetime((self, other, prefixIDs, prefixNodes)) {
            out.withUnsafeMutableBufferPointer { result in
                func makeCursor() -> JoinCursor {
                    JoinCursor(ids: other.ids.withUnsafeBufferPointer { $0 },
                               order: other.order?.withUnsafeBufferPointer { $0 },
                               position: min(other.sortedFrom, other.ids.count),
                               prefixIDs: prefixIDs.withUnsafeBufferPointer { $0 },
                               prefixNodes: prefixNodes.withUnsafeBufferPointer { $0 })
                }
                var cursor = makeCursor()
                let from = sortedFrom
                ids.withUnsafeBufferPointer { k in
                    // The sorted part, in id order.
                    if let order {
                        order.withUnsafeBufferPointer { o in
                            for p in from..<n {
                                let v = Int(o[p])
                                result[v] = cursor.node(for: k[v])
                            }
                        }
                    } else {
                        for v in from..<n { result[v] = cursor.node(for: k[v]) }
                    }
                    // The unsorted prefix: a second merge over its restored id order where it has one, the rest
                    // looked up one by one.
                    if from > 1 {
                        var second = makeCursor()
                        joinPrefix(k, from: from, cursor: &second, other: other, into: result)
                    }
                }
            }
        }
        return out
    }
}

extension IDLookup {
    /// Nodes `1..<from` (the unsorted prefix): those the restored prefix lists (its ids ascending, each checked
    /// against the node's id) through `cursor`, in id order; the others (duplicate or 0 ids, or a prefix built in
    /// memory, which has no id order) one by one.
    fileprivate func joinPrefix(_ k: UnsafeBufferPointer<UInt64>, from: Int, cursor: inout JoinCursor,
                                other: IDLookup, into result: UnsafeMutableBufferPointer<UInt32>) {
        var covered = [Bool](repeating: false, count: from)
        if prefixTable.count == 0 {
            prefixIDs.withUnsafeBufferPointer { pid in
                prefixNodes.withUnsafeBufferPointer { pn in
                    var last: UInt64 = 0
                    for i in 0..<min(pid.count, pn.count) {
                        let v = Int(pn[i]), id = pid[i]
                        guard v >= 1, v < from, id >= last, k[v] == id, !covered[v] else { continue }
                        last = id
                        result[v] = cursor.node(for: id)
                        covered[v] = true
                    }
                }
            }
        }
        var rest: [Int] = []
        for v in 1..<from where !covered[v] { rest.append(v) }
        guard !rest.isEmpty else { return }
        let query = rest.map { k[$0] }
        var found = [UInt32](repeating: 0, count: rest.count)
        query.withUnsafeBufferPointer { q in
            found.withUnsafeMutableBufferPointer { f in other.resolve(q, into: f) }
        }
        for (i, v) in rest.enumerated() { result[v] = found[i] }
    }
}

/// Walks a lookup's ids in ascending order, answering `node(for:)` for queries that do not decrease.
private struct JoinCursor {
    let ids: UnsafeBufferPointer<UInt64>
    let order: UnsafeBufferPointer<UInt32>?
    var position: Int
    let prefixIDs: UnsafeBufferPointer<UInt64>
    let prefixNodes: UnsafeBufferPointer<UInt32>
    var prefixPosition = 0

    @inline(__always) func node(at p: Int) -> Int { order.map { Int($0[p]) } ?? p }

    mutating func node(for id: UInt64) -> UInt32 {
        let end = ids.count
        while position < end && ids[node(at: position)] < id { position += 1 }
        if position < end && ids[node(at: position)] == id { return UInt32(truncatingIfNeeded: node(at: position)) }
        guard id != 0 else { return 0 }
        while prefixPosition < prefixIDs.count && prefixIDs[prefixPosition] < id { prefixPosition += 1 }
        guard prefixPosition < prefixIDs.count, prefixIDs[prefixPosition] == id else { return 0 }
        let v = prefixNodes[prefixPosition]
        return Int(v) < end ? v : 0
    }
}
