#if canImport(Glibc)
import Glibc
#endif
import DumpProgress

/// How `RetainedWalk` shares the dominator tree between the cores when one subtree holds most of it (a big heap's
/// tree is typically one chain of a few holders down to one array with millions of children): the *spine* is the
/// top of the tree, the nodes with more than `threshold` nodes in their subtree; every child of the super-root or of
/// a spine node that is not itself on the spine tops a subtree of at most `threshold` nodes, a unit of work that
/// either core may claim. The spine nodes are summed last, bottom-up, from what the units left them.
struct RetainedSpine: Sendable {
    /// The super-root, then the spine nodes top-down (each after its idom). A unit's context is its parent's index.
    let contexts: [UInt32]
    /// Per context: the index of its idom's context (0, the super-root, for the super-root itself).
    let parent: [Int32]
    /// Per context: its depth in the dominator tree (0 for the super-root).
    let depth: [Int32]

    /// No spine: the units are the super-root's children.
    static let superRootOnly = RetainedSpine(contexts: [HeapGraph.superRoot], parent: [0], depth: [0])

    private init(contexts: [UInt32], parent: [Int32], depth: [Int32]) {
        self.contexts = contexts
        self.parent = parent
        self.depth = depth
    }

    /// `topDown`: spine nodes, each after its idom. `index` is scratch space, one per node (the subtree counts,
    /// no longer needed): each spine node's context index is kept there while the parents are looked up. A node
    /// whose idom is not among them is left out (it stays inside the unit of the ancestor that is).
    init(topDown: [UInt32], idom: UnsafeMutableBufferPointer<UInt32>, index: UnsafeMutableBufferPointer<UInt32>) {
        var contexts = [HeapGraph.superRoot], parent: [Int32] = [0], depth: [Int32] = [0]
        contexts.reserveCapacity(topDown.count + 1)
        index[Int(HeapGraph.superRoot)] = 0
        for v in topDown { index[Int(v)] = UInt32.max }
        for v in topDown {
            let d = idom[Int(v)]
            guard d != HeapGraph.none else { continue }
            let p = Int(index[Int(d)])
            guard p < contexts.count, contexts[p] == d else { continue }
            index[Int(v)] = UInt32(contexts.count)
            contexts.append(v)
            parent.append(Int32(p))
            depth.append(depth[p] + 1)
        }
        self.init(contexts: contexts, parent: parent, depth: depth)
    }

    /// The way from context `from` to context `to` in the spine: `exit` for each context left on the way up to
    /// their common ancestor, `enter` for each one on the way down from it (bottom-up). Costs the distance.
    func walk(from: Int, to: Int, exit: (Int) -> Void, enter: (Int) -> Void) {
        var a = from, b = to
        while depth[a] > depth[b] {
            exit(a)
            a = Int(parent[a])
        }
        while depth[b] > depth[a] {
            enter(b)
            b = Int(parent[b])
        }
        while a != b {
            exit(a)
            a = Int(parent[a])
            enter(b)
            b = Int(parent[b])
        }
    }
}

/// When the tree is split: below `parallelFrom` reachable nodes one core does it all; above, the spine is the nodes
/// with more than `reach / pieces` nodes in their subtree, at most `cap` of them (the top ones: a long chain of big
/// subtrees is cut there, its rest is one unit).
struct RetainedSplit: Sendable {
    var parallelFrom = 1 << 16
    var pieces = 128
    var cap = 1 << 16

    static let standard = RetainedSplit()
}

/// The subtree sizes (node counts) of the dominator tree by one reverse sweep of the preorder (every node comes after
/// its idom, so a node's count is final when the sweep reaches it and is added to its idom's), run beside the
/// children's layout on the other core: only the nodes over the threshold are kept.
enum SubtreeCounts {
    /// The spine of `RetainedSplit`, top-down. `counts` is zeroed scratch space, one per node; `preorder[0]` is the
    /// super-root. The nodes over the threshold are found bottom-up (a node after all it dominates) and every
    /// ancestor of one is over it too, so the last `cap` found are closed under idom.
    static func spine(counts: UnsafeMutableBufferPointer<UInt32>, idom: UnsafeMutableBufferPointer<UInt32>,
                      preorder: UnsafeMutableBufferPointer<UInt32>, threshold: Int, cap: Int) -> [UInt32] {
        let t = UInt32(clamping: max(threshold, 1))
        let keep = max(cap, 1)
        var big: [UInt32] = []
        var i = preorder.count - 1
        while i >= 1 {
            let v = Int(preorder[i])
            let c = counts[v] &+ 1
            counts[v] = c
            counts[Int(idom[v])] &+= c
            if c > t {
                big.append(UInt32(v))
                if big.count == 2 * keep { big.removeFirst(keep) }
            }
            i -= 1
        }
        return Array(big.suffix(keep).reversed())
    }
}

/// Where the next unit of work comes from: context `k`'s children, from list position `pos` on (-1: not started).
struct SpineCursor {
    var k = 0
    var pos = -1

    /// The next `batch` children (list positions), from context `context`'s position `position` on through the
    /// following contexts' lists (a long chain of spine nodes each holding a few small subtrees is handed out
    /// several links at a time); nil when all are handed out.
    mutating func next(spine: RetainedSpine, childStart: UnsafeMutableBufferPointer<UInt32>,
                       batch: Int) -> (context: Int, position: Int, count: Int)? {
        let contexts = spine.contexts
        var first: (Int, Int)?
        var left = batch
        while left > 0 && k < contexts.count {
            let v = Int(contexts[k])
            let hi = Int(childStart[v + 1])
            if pos < 0 { pos = Int(childStart[v]) }
            if pos < hi {
                if first == nil { first = (k, pos) }
                let take = min(left, hi - pos)
                pos += take
                left -= take
            } else {
                k += 1
                pos = -1
            }
        }
        guard let (k0, p0) = first else { return nil }
        return (k0, p0, batch - left)
    }
}

/// One core's sums of the units it finished, per context (added to the context node's retained size at the end).
final class ContextSums: @unchecked Sendable {
    // @unchecked: written by one core only, read after both are done.
    var values: [UInt64]

    init(count: Int) { values = [UInt64](repeating: 0, count: count) }
}
