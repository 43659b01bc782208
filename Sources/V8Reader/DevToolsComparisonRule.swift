import HeapGraph

extension V8Snapshot {
    /// DevTools' rule for which nodes its Summary aggregates and its Comparison view count (`buildAggregates`): a node
    /// with a self size above 0 (after the owned internal arrays' sizes moved to their owners), or any native node.
    /// Zero-size internal arrays, roots and other synthetic nodes do not count.
    public func countsInComparison(_ node: UInt32) -> Bool {
        guard node != HeapGraph.superRoot, Int(node) < index.graph.nodeCount else { return false }
        return index.graph.shallowSize(node) != 0 || details.typeIndex(node) == meta.native
    }
}
