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

extension V8Snapshot {
    /// `countsInComparison` for every node at once (slot 0, the super-root, false): one pass over the self sizes
    /// and node types instead of a call per node.
    public func comparisonCounted() -> ContiguousArray<Bool> {
        let g = index.graph
        let n = g.nodeCount
        var out = ContiguousArray<Bool>(repeating: false, count: n)
        let native = meta.native.flatMap { $0 >= 0 && $0 <= Int(NumberArrayParser.typeMask) ? UInt8($0) : nil }
        g.shallow32.withUnsafeBufferPointer { s in
        details.nodeTypes.withUnsafeBufferPointer { t in
        out.withUnsafeMutableBufferPointer { out in
            // nodeTypes covers every graph node (both are the snapshot's nodes plus the super-root).
            let m = min(n, t.count)
            for v in 1..<max(m, 1) {
                out[v] = s[v] != 0 || t[v] & NumberArrayParser.typeMask == native
            }
            for v in max(m, 1)..<max(n, 1) { out[v] = s[v] != 0 }
        }}}
        return out
    }
}
