import Testing
@testable import HeapGraph

/// The merge join (`IDLookup.joined`) against a brute-force dictionary match, on random id sets in every shape an
/// id lookup takes: ids in node order with an unsorted prefix (HPROF: class objects first), ids in no order (a
/// sorted permutation), the prefix restored from an index as sorted columns, and duplicate ids.
@Suite struct IDJoinTests {
    /// `count` ids (slot 0 the super-root's): distinct random ids from `pool`, sorted after an unsorted prefix of
    /// `prefix` nodes, or shuffled.
    static func ids(_ pool: [UInt64], count: Int, prefix: Int, shuffled: Bool, rng: inout SplitMix) -> ContiguousArray<UInt64> {
        var chosen = Array(pool.shuffled(using: &rng).prefix(count))
        if shuffled {
            chosen.shuffle(using: &rng)
        } else {
            chosen[prefix...].sort()
            if prefix > 0 {
                // The prefix is unsorted and ends above the first sorted id, so the sorted suffix starts after it.
                chosen[0..<prefix].shuffle(using: &rng)
                let top = chosen[0..<prefix].max()!
                let low = chosen[prefix...].min()!
                if top <= low, let k = chosen[0..<prefix].firstIndex(of: top) { chosen.swapAt(k, prefix) }
            }
        }
        return ContiguousArray([0] + chosen)
    }

    /// The same lookup as restored from an index: its prefix as sorted columns instead of a dictionary.
    static func restored(_ l: IDLookup) -> IDLookup {
        let (ids, nodes) = l.prefixPairs
        return IDLookup(ids: l.ids, order: l.order, minID: l.minID, shift: l.shift, bucketStart: l.bucketStart,
                        prefixIDs: ids, prefixNodes: nodes, sortedFrom: l.sortedFrom, hasDuplicates: l.hasDuplicates)
    }

    @Test(arguments: 0..<24) func distinctIDsMatchADictionary(seed: Int) {
        var rng = SplitMix(state: UInt64(seed) &+ 11)
        let pool = (0..<3000).map { _ in UInt64.random(in: 1...UInt64(1) << UInt64.random(in: 13...60, using: &rng), using: &rng) }
        let distinct = Array(Set(pool))
        let na = Int.random(in: 1...1200, using: &rng), nb = Int.random(in: 1...1200, using: &rng)
        let a = IDJoinTests.ids(distinct, count: na, prefix: seed % 3 == 0 ? min(na / 9, 100) : 0,
                                shuffled: seed % 4 == 1, rng: &rng)
        let b = IDJoinTests.ids(distinct, count: nb, prefix: seed % 2 == 0 ? min(nb / 9, 100) : 0,
                                shuffled: seed % 5 == 2, rng: &rng)
        var nodeOfB: [UInt64: UInt32] = [:]
        for v in 1..<b.count { nodeOfB[b[v]] = UInt32(v) }
        let expected = ContiguousArray([0] + (1..<a.count).map { nodeOfB[a[$0]] ?? 0 })
        let la = IDLookup(ids: a), lb = IDLookup(ids: b)
        #expect(la.joined(with: lb) == expected)
        #expect(IDJoinTests.restored(la).joined(with: IDJoinTests.restored(lb)) == expected)
        #expect(la.joined(with: IDJoinTests.restored(lb)) == expected)
    }

    @Test(arguments: 0..<12) func duplicateIDsAsTheLookupFindsThem(seed: Int) {
        var rng = SplitMix(state: UInt64(seed) &+ 101)
        func dump(_ n: Int) -> ContiguousArray<UInt64> {
            var ids = (0..<n).map { _ in UInt64.random(in: 1...400, using: &rng) }
            if seed % 2 == 0 { ids[(n / 10)...].sort() }
            return ContiguousArray([0] + ids)
        }
        let a = dump(Int.random(in: 50...900, using: &rng)), b = dump(Int.random(in: 50...900, using: &rng))
        let la = IDLookup(ids: a), lb = IDLookup(ids: b)
        let expected = ContiguousArray([0] + (1..<a.count).map { lb.node(for: a[$0]) ?? 0 })
        #expect(la.joined(with: lb) == expected)
        #expect(IDJoinTests.restored(la).joined(with: IDJoinTests.restored(lb)) == expected)
        // Every match carries the id asked for.
        for v in 1..<a.count where expected[v] != 0 { #expect(b[Int(expected[v])] == a[v]) }
    }

    /// A restored prefix whose columns do not match the nodes' ids (a damaged index) still joins right: the nodes
    /// it does not cover, or covers wrongly, are looked up one by one.
    @Test(arguments: 0..<8) func damagedRestoredPrefixStillJoinsRight(seed: Int) {
        var rng = SplitMix(state: UInt64(seed) &+ 701)
        let pool = Array(Set((0..<4000).map { _ in UInt64.random(in: 1...1 << 40, using: &rng) }))
        let a = IDJoinTests.ids(pool, count: 900, prefix: 90, shuffled: false, rng: &rng)
        let b = IDJoinTests.ids(pool, count: 700, prefix: 60, shuffled: false, rng: &rng)
        var nodeOfB: [UInt64: UInt32] = [:]
        for v in 1..<b.count { nodeOfB[b[v]] = UInt32(v) }
        let expected = ContiguousArray([0] + (1..<a.count).map { nodeOfB[a[$0]] ?? 0 })
        let la = IDLookup(ids: a)
        var (ids, nodes) = la.prefixPairs
        var idList = ContiguousArray(ids), nodeList = ContiguousArray(nodes)
        #expect(idList.count == la.sortedFrom - 1)
        // Drop one entry, point another at the wrong node, and give a third an id out of order.
        idList.remove(at: 5); nodeList.remove(at: 5)
        nodeList[10] = nodeList[11]
        idList[20] = 0
        ids = Column(idList); nodes = Column(nodeList)
        let damaged = IDLookup(ids: la.ids, order: la.order, minID: la.minID, shift: la.shift,
                               bucketStart: la.bucketStart, prefixIDs: ids, prefixNodes: nodes,
                               sortedFrom: la.sortedFrom, hasDuplicates: la.hasDuplicates)
        #expect(damaged.joined(with: IDJoinTests.restored(IDLookup(ids: b))) == expected)
        #expect(la.joined(with: IDLookup(ids: b)) == expected)
    }
}
