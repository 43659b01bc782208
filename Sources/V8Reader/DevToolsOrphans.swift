import HeapGraph

/// DevTools' handling of nodes its depth-first search from the root does not reach
/// (`buildDominatorTreeAndCalculateRetainedSizes` in HeapSnapshot.ts):
///
/// 1. A node whose retainers are all non-essential (weak, shortcut, WeakMap table→value, non-page→page) gets a search
///    of its own with the root as its parent: it hangs under the root and its references count like any other
///    (`DevToolsRules.classifyEdges` makes such nodes GC roots).
/// 2. The nodes still not reached — cycles whose members keep only one another — are numbered one at a time after
///    everything else, each with the root as parent and no search from it. Lengauer–Tarjan then never lets their
///    references lower another node's semidominator (their numbers are the largest and their semidominators stay
///    among themselves), and every one of them ends with the root as immediate dominator. The same tree results from
///    hanging each under the root as a leaf: its references kept but not counted for dominators.
enum DevToolsOrphans {
    /// The roots for step 2 (the graph's roots plus every node the tree does not reach), and the edges with every
    /// reference out of those nodes marked as not keeping its target alive.
    static func hangUnreachableCycles(graph: HeapGraph, tree: DominatorTree, storage: ArrayStorage = .memory)
        -> (roots: [GCRoot], outEdges: Column<UInt32>) {
        var roots = graph.roots
        var outEdges = graph.outEdges.withUnsafeBufferPointer { storage.array(copying: $0) }
        outEdges.withUnsafeMutableBufferPointer { out in
            graph.outStart.withUnsafeBufferPointer { os in
                for v in 1..<graph.nodeCount where !tree.isReachable(UInt32(v)) {
                    roots.append(GCRoot(node: UInt32(v), kind: .unreachable))
                    for k in Int(os[v])..<Int(os[v + 1]) { out[k] |= Edge.weakBit }
                }
            }
        }
        return (roots, Column(outEdges))
    }
}
