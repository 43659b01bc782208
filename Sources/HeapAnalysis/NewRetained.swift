import HeapGraph

/// MemLab's rule for snapshots whose ids survive (V8 of one process): objects that are new (their id was not there
/// before) and still retained, top-most ones only (their dominator is not new), clustered by class and the classes of
/// their three nearest dominators.
public enum NewRetained {
    public struct Cluster: Sendable, Equatable {
        public var className: String
        public var count: Int
        public var retained: UInt64
        /// The cluster's object that retains most (its path from the roots stands for the cluster).
        public var biggest: UInt32
    }

    /// Objects of `new` whose id is not in `old` (found by a merge join of the two id orders, `IDLookup.joined`).
    public static func clusters(old: HeapIndex, new: HeapIndex, top: Int) -> [Cluster] {
        let oldOfNew = new.graph.lookup.joined(with: old.graph.lookup)
        return clusters(in: new, top: top, isNewNode: { oldOfNew[$0] == 0 })
    }

    /// The same with the join already made (`IDMatches.oldOfNew`: per node of `new`, OLD's node with its id).
    public static func clusters(in new: HeapIndex, top: Int, oldOfNew: ContiguousArray<UInt32>) -> [Cluster] {
        let n = new.graph.nodeCount
        var isNew = [Bool](repeating: false, count: n)
        new.tree.idom.withUnsafeBufferPointer { idom in
            oldOfNew.withUnsafeBufferPointer { oldOfNew in
                isNew.withUnsafeMutableBufferPointer { isNew in
                    for v in 1..<max(min(n, oldOfNew.count), 1) { isNew[v] = idom[v] != HeapGraph.none && oldOfNew[v] == 0 }
                }
            }
        }
        return clusters(in: new, top: top, flagged: isNew)
    }

    /// The clusters of the reachable objects of `new` whose id `isNewID` accepts (`hdx growth`: allocated between
    /// the first and the second snapshot); the `top` retaining most.
    public static func clusters(in new: HeapIndex, top: Int, isNew isNewID: (UInt64) -> Bool) -> [Cluster] {
        let g = new.graph
        return clusters(in: new, top: top, isNewNode: { isNewID(g.objectIDs[$0]) })
    }

    /// The same with the new objects given by node.
    static func clusters(in new: HeapIndex, top: Int, isNewNode: (Int) -> Bool) -> [Cluster] {
        let g = new.graph
        var isNew = [Bool](repeating: false, count: g.nodeCount)
        for v in 1..<g.nodeCount where new.tree.isReachable(UInt32(v)) {
            isNew[v] = isNewNode(v)
        }
        return clusters(in: new, top: top, flagged: isNew)
    }

    /// The clusters of the nodes flagged in `isNew` (reachable ones only).
    static func clusters(in new: HeapIndex, top: Int, flagged isNew: [Bool]) -> [Cluster] {
        let g = new.graph
        var clusters: [String: (cls: String, count: Int, retained: UInt64, biggest: UInt32, biggestRetained: UInt64)] = [:]
        for v in 1..<g.nodeCount where isNew[v] {
            let parent = new.tree.idom[v]
            if parent != HeapGraph.superRoot && parent != HeapGraph.none && isNew[Int(parent)] { continue }
            var key = new.details.displayClassName(UInt32(v))
            var p = parent
            for _ in 0..<3 where p != HeapGraph.superRoot && p != HeapGraph.none {
                key += " < " + new.details.displayClassName(p)
                p = new.tree.idom[Int(p)]
            }
            let r = new.tree.retained[v]
            var c = clusters[key] ?? (new.details.displayClassName(UInt32(v)), 0, 0, UInt32(v), 0)
            c.count += 1
            c.retained += r
            if r > c.biggestRetained { c.biggest = UInt32(v); c.biggestRetained = r }
            clusters[key] = c
        }
        // Ties (same retained size and class, other dominators) by cluster key, so the order does not depend on the
        // dictionary's per-process hash seed.
        return clusters.sorted { a, b in
            if a.value.retained != b.value.retained { return a.value.retained > b.value.retained }
            if a.value.cls != b.value.cls { return a.value.cls < b.value.cls }
            return a.key < b.key
        }.prefix(top).map { Cluster(className: $0.value.cls, count: $0.value.count, retained: $0.value.retained,
                                    biggest: $0.value.biggest) }
    }
}
