/// The children of the few nodes with huge child lists, sorted once in the order of `DominatorTree.children`
/// (bigger retained first, then the lower node), so that opening such a level or showing its next batch is a copy
/// of a prefix instead of a partial selection over hundreds of thousands of scattered retained sizes.
///
/// Built off the UI thread after the first screen (one pass over `childStart`, then one sort per huge list on a
/// contiguous copy of the keys). Nodes with shorter lists are not here: the partial selection answers them quickly.
public struct PresortedChildren: Sendable {
    /// Child lists at least this long are presorted.
    public static let minimumChildren = 50_000

    private let sorted: [UInt32: [UInt32]]

    public init(tree: DominatorTree, minimumChildren: Int = PresortedChildren.minimumChildren) {
        var huge: [UInt32] = []
        tree.childStart.withUnsafeBufferPointer { st in
            guard st.count > 1 else { return }
            for v in 0..<(st.count - 1) where Int(st[v + 1] &- st[v]) >= minimumChildren { huge.append(UInt32(v)) }
        }
        var sorted: [UInt32: [UInt32]] = [:]
        for node in huge { sorted[node] = PresortedChildren.sortChildren(of: node, tree: tree) }
        self.sorted = sorted
    }

    /// All children of `node` in order: each child's retained size is read once into a contiguous key, the keys are
    /// sorted (ties: the lower node), and the nodes are read back.
    static func sortChildren(of node: UInt32, tree: DominatorTree) -> [UInt32] {
        let lo = Int(tree.childStart[Int(node)]), hi = Int(tree.childStart[Int(node) + 1])
        var keys: [Key] = []
        keys.reserveCapacity(hi - lo)
        tree.childList.withUnsafeBufferPointer(lo..<hi) { kids in
            tree.retained.withUnsafeBufferPointer { r in
                for c in kids { keys.append(Key(retained: r[Int(c)], node: c)) }
            }
        }
        keys.sort { DominatorTree.before($0.node, $0.retained, $1.node, $1.retained) }
        return keys.map(\.node)
    }

    struct Key {
        var retained: UInt64
        var node: UInt32
    }

    /// Whether `node`'s children are presorted here.
    public func has(_ node: UInt32) -> Bool { sorted[node] != nil }

    /// The first `limit` children of `node` (all without a limit) in `DominatorTree.children` order, or nil when its
    /// list is not presorted.
    public func children(of node: UInt32, limit: Int? = nil) -> [UInt32]? {
        guard let all = sorted[node] else { return nil }
        guard let limit, limit < all.count else { return all }
        return Array(all[..<max(limit, 0)])
    }

    /// The nodes whose children are presorted.
    public var nodes: [UInt32] { Array(sorted.keys) }
}
