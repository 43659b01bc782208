import CSystemShims

/// Maps format ids (addresses, V8 node ids) to node indices in O(1) expected time: the ids are searched in sorted
/// order (the nodes themselves when the file order is sorted, else through a sorted permutation of the nodes) and a
/// bucket table over their range narrows that search to a handful of entries. A short unsorted prefix (HPROF class
/// objects numbered before the objects) goes into a dictionary so the sorted rest needs no permutation.
public struct IDLookup: Sendable {
    let ids: Column<UInt64>
    /// Nodes in id order (positions `sortedFrom...`), or `nil` when the nodes are already in id order.
    let order: Column<UInt32>?
    let minID: UInt64
    let shift: UInt64
    /// `bucketStart[b]` = first sorted position whose bucket is >= b.
    let bucketStart: Column<UInt32>
    /// Nodes `1..<sortedFrom` are looked up here; the sorted search covers `sortedFrom...`.
    let prefixTable: IDTable
    /// A restored lookup's prefix instead: its ids ascending (distinct, none 0) and their nodes, binary-searched
    /// (mapped from the index, so a reopen builds no table).
    let prefixIDs: Column<UInt64>
    let prefixNodes: Column<UInt32>
    let sortedFrom: Int
    /// Whether the same id occurs twice (the later occurrence is not findable).
    public let hasDuplicates: Bool

    /// All nodes in id order when the file order was not; `nil` when nodes `firstSortedNode...` already are in id
    /// order (the few before them, HPROF class objects, are not).
    public var idOrder: Column<UInt32>? { order }
    public var firstSortedNode: Int { sortedFrom }

    /// `ids[0]` belongs to the super-root and is ignored.
    public init(ids: ContiguousArray<UInt64>) { self.init(ids: Column(ids)) }

    /// `storage`: where the permutation and the bucket table live (see `ArrayStorage`).
    public init(ids: Column<UInt64>, storage: ArrayStorage = .memory) {
        self.ids = ids
        let n = ids.count - 1
        var dup = false
        // The longest sorted suffix; a prefix of up to 1/8 of the nodes (or 64 Ki) goes into a dictionary.
        var from = max(n, 1)
        ids.withUnsafeBufferPointer { p in (from, dup) = SortedIDScan.sortedSuffix(p, n: n) }
        let sorted = from - 1 <= max(n / 8, 1 << 16)
        var pre = IDTable(capacity: sorted ? from - 1 : 0)
        if sorted && from > 1 {
            ids.withUnsafeBufferPointer { p in
                for i in 1..<from { pre.set(p[i], UInt32(i)) }
            }
        }
        prefixTable = pre
        prefixIDs = Column()
        prefixNodes = Column()
        sortedFrom = sorted ? from : 1
        if sorted {
            order = nil
        } else {
            let perm = storage.allocate(n + 1, repeating: UInt32(0))
            for i in 0...n { perm[i] = UInt32(truncatingIfNeeded: i) }
            ids.withUnsafeBufferPointer { k in
                var tail = UnsafeMutableBufferPointer(rebasing: perm.buffer[1...])
                tail.sort { k[Int($0)] < k[Int($1)] }
            }
            dup = false
            if n >= 2 {
                for i in 2...n where ids[Int(perm[i])] == ids[Int(perm[i - 1])] { dup = true; break }
            }
            order = perm.column
        }
        hasDuplicates = dup
        guard n > 0 else {
            minID = 0
            shift = 0
            bucketStart = Column([1, 1])
            return
        }
        let first = sortedFrom
        let ord = order
        @inline(__always) func key(_ p: Int) -> UInt64 { ord.map { ids[Int($0[p])] } ?? ids[p] }
        minID = key(first)
        let span = key(n) - key(first)
        var s: UInt64 = 0
        let targetBuckets = UInt64(max(n / 2, 1))
        while (span >> s) >= targetBuckets { s += 1 }
        shift = s
        let bucketCount = Int(span >> s) + 1
        let starts = storage.allocate(bucketCount + 1, repeating: UInt32(0))
        let low = minID
        if ord == nil {
            ids.withUnsafeBufferPointer { p in
                SortedIDScan.fillBuckets(keys: p, first: first, n: n, low: low, shift: s, into: starts.buffer)
            }
        } else {
            let st = starts.buffer
            for i in first...n { st[Int((key(i) - low) >> s) + 1] &+= 1 }
            st[0] = UInt32(first)
            for b in 1...bucketCount { st[b] &+= st[b - 1] }
        }
        bucketStart = starts.column
    }

    /// A restored lookup (see `HeapIndex.restore`).
    init(ids: Column<UInt64>, order: Column<UInt32>?, minID: UInt64, shift: UInt64, bucketStart: Column<UInt32>,
         prefixIDs: Column<UInt64>, prefixNodes: Column<UInt32>, sortedFrom: Int, hasDuplicates: Bool) {
        self.ids = ids
        self.order = order
        self.minID = minID
        self.shift = shift
        self.bucketStart = bucketStart
        self.prefixTable = IDTable(capacity: 0)
        self.prefixIDs = prefixIDs
        self.prefixNodes = prefixNodes
        self.sortedFrom = sortedFrom
        self.hasDuplicates = hasDuplicates
    }

    /// The node with this id, or `nil`.
    public func node(for id: UInt64) -> UInt32? {
        var out: UInt32 = 0
        withUnsafePointer(to: id) { p in
            withUnsafeMutablePointer(to: &out) { o in
                resolve(UnsafeBufferPointer(start: p, count: 1), into: UnsafeMutableBufferPointer(start: o, count: 1))
            }
        }
        return out == 0 ? nil : out
    }

    /// Resolves many ids at once, writing each node (0 when absent) to `out`. The lookups are independent, so the
    /// processor overlaps their cache misses; readers collect a slice's references first and resolve them here.
    public func resolve(_ query: UnsafeBufferPointer<UInt64>, into out: UnsafeMutableBufferPointer<UInt32>) {
        precondition(out.count >= query.count)
        if query.count <= IDLookup.few {
            for i in 0..<query.count { out[i] = node(reading: query[i]) }
            return
        }
        let bucketLimit = UInt64(bucketStart.count - 1)
        let minID = self.minID, shift = self.shift
        ids.withUnsafeBufferPointer { k in
            bucketStart.withUnsafeBufferPointer { b in
                if let order {
                    order.withUnsafeBufferPointer { o in
                        for i in 0..<query.count {
                            let id = query[i]
                            var found: UInt32 = 0
                            if id >= minID {
                                let bucket = (id &- minID) >> shift
                                if bucket < bucketLimit {
                                    var j = Int(b[Int(bucket)])
                                    let hi = Int(b[Int(bucket) + 1])
                                    while j < hi {
                                        if k[Int(o[j])] == id { found = o[j]; break }
                                        j += 1
                                    }
                                }
                            }
                            out[i] = found
                        }
                    }
                } else {
                    let bp = b.baseAddress!, kp = k.baseAddress!
                    let count = query.count
                    for i in 0..<count {
                        // Two stages ahead: the bucket of a later query, then the ids its bucket starts at.
                        if i + IDLookup.bucketAhead < count {
                            let later = query[i + IDLookup.bucketAhead] &- minID
                            if later >> shift < bucketLimit { hdx_prefetch(bp + Int(later >> shift)) }
                        }
                        if i + IDLookup.idsAhead < count {
                            let later = query[i + IDLookup.idsAhead] &- minID
                            if later >> shift < bucketLimit { hdx_prefetch(kp + Int(bp[Int(later >> shift)])) }
                        }
                        let id = query[i]
                        var found: UInt32 = 0
                        if id >= minID {
                            let bucket = (id &- minID) >> shift
                            if bucket < bucketLimit {
                                var j = Int(b[Int(bucket)])
                                let hi = Int(b[Int(bucket) + 1])
                                while j < hi {
                                    if k[j] == id { found = UInt32(truncatingIfNeeded: j); break }
                                    j += 1
                                }
                            }
                        }
                        out[i] = found
                    }
                }
            }
        }
        if prefixTable.count > 0 {
            for i in 0..<query.count where out[i] == 0 && query[i] != 0 { out[i] = prefixTable.get(query[i]) }
        } else if !prefixIDs.isEmpty {
            for i in 0..<query.count where out[i] == 0 && query[i] != 0 { out[i] = sortedPrefixNode(query[i]) }
        }
    }

    /// Up to this many ids are looked up one at a time through the columns' subscripts, which read (and, over a
    /// reopened index, verify) only the chunks they touch; more go through the columns' whole buffers.
    static let few = 256

    /// How many queries ahead `resolve` asks for the bucket table's entry, and for the ids that entry points at
    /// (hints only: the lookups are cache misses in tables of hundreds of MB, each query's two misses in a row).
    static let bucketAhead = 16
    static let idsAhead = 8

    /// The node of `id` (0: none), as `resolve` finds it, reading only the entries on its way.
    func node(reading id: UInt64) -> UInt32 {
        if id >= minID {
            let bucket = (id &- minID) >> shift
            if bucket < UInt64(bucketStart.count - 1) {
                var j = Int(bucketStart[Int(bucket)])
                let hi = Int(bucketStart[Int(bucket) + 1])
                while j < hi {
                    let v = order.map { Int($0[j]) } ?? j
                    if ids[v] == id { return UInt32(truncatingIfNeeded: v) }
                    j += 1
                }
            }
        }
        guard id != 0 else { return 0 }
        if prefixTable.count > 0 { return prefixTable.get(id) }
        return prefixIDs.isEmpty ? 0 : sortedPrefixNode(id)
    }

    /// The node of `id` in the sorted prefix (0: none), by binary search.
    func sortedPrefixNode(_ id: UInt64) -> UInt32 {
        var lo = 0, hi = prefixIDs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if prefixIDs[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        guard lo < prefixIDs.count, prefixIDs[lo] == id, Int(prefixNodes[lo]) < ids.count else { return 0 }
        return prefixNodes[lo]
    }

    /// The prefix's ids ascending and their nodes (what `resolve` finds there, what the persisted index stores): the
    /// table's occupied slots sorted by id, or the restored columns.
    public var prefixPairs: (ids: Column<UInt64>, nodes: Column<UInt32>) {
        if prefixTable.count == 0 { return (prefixIDs, prefixNodes) }
        let keys = prefixTable.keys, values = prefixTable.values
        var slots = ContiguousArray<Int32>()
        slots.reserveCapacity(prefixTable.count)
        for i in 0..<keys.count where keys[i] != 0 { slots.append(Int32(truncatingIfNeeded: i)) }
        slots.sort { keys[Int($0)] < keys[Int($1)] }
        return (Column(ContiguousArray(slots.lazy.map { keys[Int($0)] })),
                Column(ContiguousArray(slots.lazy.map { values[Int($0)] })))
    }
}
