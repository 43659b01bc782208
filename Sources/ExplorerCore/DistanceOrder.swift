import HeapGraph

/// The order of a list sorted by Distance, as DevTools sorts its Summary instances and object rows
/// (`distance` ascending, then `retainedSize` descending, then the node): nearest to the global object first, objects
/// only the system reaches (distance ≥ 100,000,000) after them, unreachable ones last; ties biggest retained first,
/// then by node. Reads every node's distance from one table (no call per comparison), so a partial selection over a
/// level of 700,000 children stays a single pass.
struct DistanceOrder {
    let distance: Column<Int32>
    let retained: Column<UInt64>

    /// nil when the dump's format has no distances.
    init?(_ model: ExplorerModel) {
        guard model.hasDistances, let table = model.dump?.extras.distanceTable() else { return nil }
        distance = table
        retained = model.tree.retained
    }

    /// The sort key of `node`'s distance (`DistanceColumn.sortValue` of what the column shows).
    @inline(__always) func key(_ node: UInt32) -> Int {
        let i = Int(node)
        guard node != HeapGraph.superRoot, i < distance.count else { return Int.max }
        let d = distance[i]
        return d >= 0 ? Int(d) : (d == -5 ? Int.max : Int.max - 1)
    }

    @inline(__always) func before(_ a: UInt32, _ b: UInt32) -> Bool {
        let ka = key(a), kb = key(b)
        if ka != kb { return ka < kb }
        let ra = retained[Int(a)], rb = retained[Int(b)]
        return ra != rb ? ra > rb : a < b
    }

    /// The first `limit` of `nodes` in this order (a partial selection: one pass and a heap of `limit`).
    func first(_ nodes: some Collection<UInt32>, limit: Int) -> [UInt32] {
        TopK.select(nodes, limit: limit) { before($0, $1) }
    }
}
