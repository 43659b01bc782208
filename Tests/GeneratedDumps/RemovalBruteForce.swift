import HeapGraph

/// Domination by its definition, on a real graph: what the roots no longer reach once a node is removed (strong
/// references only, as the dominator tree counts them). Slow (one walk per node) and independent of the dominator
/// code, for checking retained sizes on small generated dumps.
public enum RemovalBruteForce {
    /// The reachable nodes the roots no longer reach once `removed` is gone, `removed` included.
    public static func freed(_ g: HeapGraph, without removed: UInt32, reachable: [Bool]) -> [UInt32] {
        var seen = [Bool](repeating: false, count: g.nodeCount)
        seen[Int(removed)] = true
        var stack = Array(g.rootNodes)
        while let v = stack.popLast() {
            guard !seen[Int(v)] else { continue }
            seen[Int(v)] = true
            for raw in g.successors(v) where !Edge.isWeak(raw) && !seen[Int(Edge.target(raw))] {
                stack.append(Edge.target(raw))
            }
        }
        seen[Int(removed)] = false
        return (1..<g.nodeCount).filter { reachable[$0] && !seen[$0] }.map(UInt32.init)
    }

    /// Bytes of the union of what each node of `nodes` frees (each removed alone): each object once.
    public static func unionRetained(_ g: HeapGraph, _ nodes: [UInt32], reachable: [Bool]) -> UInt64 {
        var u = Set<UInt32>()
        for n in nodes { u.formUnion(freed(g, without: n, reachable: reachable)) }
        return u.reduce(0) { $0 + g.shallowSize($1) }
    }
}
