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

    /// Per-node marks reused across calls (`retained(_:tree:scratch:)`): only the touched entries are reset.
    public struct Scratch {
        /// 0 unknown, 1 in the set, 2 below a node of the set, 3 not below one.
        var state: NodeMarks<UInt8>
        var touched: [UInt32] = []
        /// `dense`: one byte per node (for big sets), else a dictionary.
        public init(nodeCount: Int, dense: Bool = true) {
            state = NodeMarks(nodeCount: nodeCount, empty: 0, dense: dense)
        }
    }

    /// The same as `retained(_:tree:)` for big sets of distinct nodes, with flat per-node marks instead of hashing.
    public static func retained(_ nodes: [UInt32], tree: DominatorTree, scratch: inout Scratch) -> UInt64 {
        for d in nodes where scratch.state[d] == 0 {
            scratch.state[d] = 1
            scratch.touched.append(d)
        }
        var total: UInt64 = 0
        var path: [UInt32] = []
        for d in nodes {
            path.removeAll(keepingCapacity: true)
            var v = tree.idom[Int(d)]
            var answer: UInt8 = 3
            while v != HeapGraph.superRoot && v != HeapGraph.none {
                let s = scratch.state[v]
                if s != 0 { answer = s == 3 ? 3 : 2; break }
                path.append(v)
                v = tree.idom[Int(v)]
            }
            for p in path { scratch.state[p] = answer }
            scratch.touched.append(contentsOf: path)
            if answer == 3 { total &+= tree.retained[Int(d)] }
        }
        for t in scratch.touched { scratch.state[t] = 0 }
        scratch.touched.removeAll(keepingCapacity: true)
        return total
    }
}
