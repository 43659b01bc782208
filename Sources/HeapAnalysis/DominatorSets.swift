import HeapGraph

/// Sizes of sets of objects in the dominator tree.
public enum DominatorSets {
    /// What the nodes of `set` retain together: the retained sizes of those with no ancestor in `set` in the
    /// dominator tree. Each chain is walked up once: nodes already seen answer for the rest of their chain.
    public static func retained(_ set: Set<UInt32>, tree: DominatorTree) -> UInt64 {
        var covered: [UInt32: Bool] = [:]   // node → whether it is in `set` or below a node of `set`
        var total: UInt64 = 0
        var path: [UInt32] = []
        for d in set {
            path.removeAll(keepingCapacity: true)
            var v = tree.idom[Int(d)]
            var answer = false
            while v != HeapGraph.superRoot && v != HeapGraph.none {
                if let known = covered[v] { answer = known; break }
                if set.contains(v) { answer = true; break }
                path.append(v)
                v = tree.idom[Int(v)]
            }
            for p in path { covered[p] = answer }
            if !answer { total &+= tree.retained[Int(d)] }
        }
        return total
    }
}
