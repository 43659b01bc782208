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
    let parent: [Int]

    /// No spine: the units are the super-root's children.
    static let superRootOnly = RetainedSpine(contexts: [HeapGraph.superRoot], parent: [0])

    private init(contexts: [UInt32], parent: [Int]) {
        self.contexts = contexts
        self.parent = parent
    }

    /// `topDown`: spine nodes, each after its idom (a node whose idom is not among them is left out, so it stays
    /// inside the unit of the ancestor that is).
    init(topDown: [UInt32], idom: UnsafeMutableBufferPointer<UInt32>) {
        var index: [UInt32: Int] = [HeapGraph.superRoot: 0]
        var contexts = [HeapGraph.superRoot], parent = [0]
        for v in topDown {
            guard let p = index[idom[Int(v)]] else { continue }
            index[v] = contexts.count
            contexts.append(v)
            parent.append(p)
        }
        self.init(contexts: contexts, parent: parent)
    }

    /// The spine nodes above context `k` and `k` itself (the super-root never), bottom-up.
    func chain(_ k: Int) -> [Int] {
        var out: [Int] = []
        var x = k
        while x != 0 {
            out.append(Int(contexts[x]))
            x = parent[x]
        }
        return out
    }
}

/// When the tree is split: below `parallelFrom` reachable nodes one core does it all; above, the spine is the nodes
/// with more than `reach / pieces` nodes in their subtree, at most `cap` of them (the top ones: a long chain of big
/// subtrees is cut there, its rest is one unit).
struct RetainedSplit: Sendable {
    var parallelFrom = 1 << 16
    var pieces = 128
    var cap = 1024

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

    /// The next `batch` children (list positions) of the current context, moving on to the next context when
    /// one is used up; nil when all are handed out.
    mutating func next(spine: RetainedSpine, childStart: UnsafeMutableBufferPointer<UInt32>,
                       batch: Int) -> (context: Int, positions: Range<Int>)? {
        while k < spine.contexts.count {
            let v = Int(spine.contexts[k])
            let hi = Int(childStart[v + 1])
            if pos < 0 { pos = Int(childStart[v]) }
            if pos < hi {
                let r = pos..<min(pos + batch, hi)
                pos = r.upperBound
                return (k, r)
            }
            k += 1
            pos = -1
        }
        return nil
    }
}

/// One core's sums of the units it finished, per context (added to the context node's retained size at the end).
final class ContextSums: @unchecked Sendable {
    // @unchecked: written by one core only, read after both are done.
    var values: [UInt64]

    init(count: Int) { values = [UInt64](repeating: 0, count: count) }
}
