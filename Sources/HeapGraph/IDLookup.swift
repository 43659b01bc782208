/// Maps format ids (addresses, V8 node ids) to node indices in O(1) expected time: the ids are sorted (or a sorted
/// permutation is kept when the file order is not sorted) and a bucket table over their range narrows a binary search
/// to a handful of entries. A short unsorted prefix (HPROF class objects numbered before the objects) goes into a
/// dictionary so the sorted rest needs no permutation.
public struct IDLookup: Sendable {
    /// Sorted ids, or `nil` when `ids` itself (nodes 1...) is sorted.
    private let sortedIDs: ContiguousArray<UInt64>?
    /// For the sorted permutation: node of the i-th smallest id.
    private let order: ContiguousArray<UInt32>?
    private let ids: ContiguousArray<UInt64>
    private let minID: UInt64
    private let shift: UInt64
    /// `bucketStart[b]` = first position (in sorted order, 1-based like nodes) whose bucket is >= b.
    private let bucketStart: ContiguousArray<UInt32>
    /// Whether the same id occurs twice (the later occurrence is not findable).
    public let hasDuplicates: Bool
    /// Nodes `1..<sortedFrom` are looked up here; the sorted search covers `sortedFrom...`.
    private let prefix: [UInt64: UInt32]
    private let sortedFrom: Int

    /// `ids[0]` belongs to the super-root and is ignored.
    public init(ids: ContiguousArray<UInt64>) {
        self.ids = ids
        let n = ids.count - 1
        var dup = false
        // The longest sorted suffix; a prefix of up to 1/8 of the nodes (or 64 Ki) goes into a dictionary.
        var from = max(n, 1)
        ids.withUnsafeBufferPointer { p in
            while from > 1 && p[from - 1] <= p[from] {
                if p[from - 1] == p[from] { dup = true }
                from -= 1
            }
        }
        let sorted = from - 1 <= max(n / 8, 1 << 16)
        var pre: [UInt64: UInt32] = [:]
        if sorted && from > 1 {
            for i in 1..<from { pre[ids[i]] = UInt32(i) }
        }
        prefix = sorted ? pre : [:]
        sortedFrom = sorted ? from : 1
        var keys: ContiguousArray<UInt64>
        if sorted {
            sortedIDs = nil
            order = nil
            keys = ids
        } else {
            var perm = ContiguousArray<UInt32>((0...n).map { UInt32($0) })
            perm[1...].sort { ids[Int($0)] < ids[Int($1)] }
            dup = false
            var k = ContiguousArray<UInt64>(repeating: 0, count: n + 1)
            for i in 1...n { k[i] = ids[Int(perm[i])] }
            for i in stride(from: 2, through: n, by: 1) where k[i] == k[i - 1] { dup = true }
            sortedIDs = k
            order = perm
            keys = k
        }
        hasDuplicates = dup
        guard n > 0 else {
            minID = 0
            shift = 0
            bucketStart = [1, 1]
            return
        }
        let first = sortedFrom
        minID = keys[first]
        let span = keys[n] - keys[first]
        var s: UInt64 = 0
        let targetBuckets = UInt64(max(n / 2, 1))
        while (span >> s) >= targetBuckets { s += 1 }
        shift = s
        let bucketCount = Int(span >> s) + 1
        var starts = ContiguousArray<UInt32>(repeating: 0, count: bucketCount + 1)
        // Count per bucket, then prefix sums starting at position 1.
        keys.withUnsafeBufferPointer { kp in
            starts.withUnsafeMutableBufferPointer { st in
                for i in first...n { st[Int((kp[i] - kp[first]) >> s) + 1] &+= 1 }
                st[0] = UInt32(first)
                for b in 1...bucketCount { st[b] &+= st[b - 1] }
            }
        }
        bucketStart = starts
    }

    /// The node with this id, or `nil`.
    public func node(for id: UInt64) -> UInt32? {
        let p = position(of: id)
        if p != 0 { return nodeAt(position: p) }
        return prefix.isEmpty ? nil : prefix[id]
    }

    /// Resolves many ids at once, writing each node (0 when absent) to `out`. The lookups are independent, so the
    /// processor overlaps their cache misses; readers collect a slice's references first and resolve them here.
    public func resolve(_ ids: UnsafeBufferPointer<UInt64>, into out: UnsafeMutableBufferPointer<UInt32>) {
        precondition(out.count >= ids.count)
        let keys = sortedIDs ?? self.ids
        let bucketLimit = UInt64(bucketStart.count - 1)
        let minID = self.minID, shift = self.shift
        keys.withUnsafeBufferPointer { k in
            bucketStart.withUnsafeBufferPointer { b in
                for i in 0..<ids.count {
                    let id = ids[i]
                    var found = 0
                    if id >= minID {
                        let bucket = (id &- minID) >> shift
                        if bucket < bucketLimit {
                            var j = Int(b[Int(bucket)])
                            let hi = Int(b[Int(bucket) + 1])
                            while j < hi {
                                if k[j] == id { found = j; break }
                                j += 1
                            }
                        }
                    }
                    out[i] = found == 0 ? 0 : nodeAt(position: found)
                }
            }
        }
        if !prefix.isEmpty {
            for i in 0..<ids.count where out[i] == 0 && ids[i] != 0 { out[i] = prefix[ids[i]] ?? 0 }
        }
    }

    private func nodeAt(position p: Int) -> UInt32 {
        if let order { return order[p] }
        return UInt32(truncatingIfNeeded: p)
    }

    /// Position (1-based) in sorted order, 0 when absent.
    private func position(of id: UInt64) -> Int {
        guard id >= minID else { return 0 }
        let b = (id - minID) >> shift
        guard b < UInt64(bucketStart.count - 1) else { return 0 }
        var lo = Int(bucketStart[Int(b)])
        var hi = Int(bucketStart[Int(b) + 1])
        let keys = sortedIDs ?? ids
        return keys.withUnsafeBufferPointer { k -> Int in
            while lo < hi {
                let mid = (lo + hi) >> 1
                let v = k[mid]
                if v == id { return mid }
                if v < id { lo = mid + 1 } else { hi = mid }
            }
            return 0
        }
    }
}
