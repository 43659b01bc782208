import DumpProgress

/// The dominator tree built straight from a dominator computation with the least memory at its peak: the children
/// are laid out while the preorder still exists, the preorder is given back, and only then are the retained sizes
/// summed, by walking the finished children lists. So at no point does the build hold more than the finished tree
/// (idom, children start and list, retained sizes): on a 15.6-million-object dump one 62 MB array less at the peak
/// than laying out the children and summing the retained sizes at once beside the preorder.
extension DominatorTree {
    init(graph: HeapGraph, result: DominatorResult, storage: ArrayStorage = .memory) {
        self = Self.build(graph: graph, result: result, storage: storage, tallies: [])
    }

    /// The same, and the class histogram summed by the same walk (see `ClassTally`): its rows are
    /// `ClassHistogram(tallies:)` of the tallies returned.
    static func withClassTallies(graph: HeapGraph, result: DominatorResult, storage: ArrayStorage = .memory,
                                 skipEmpty: Bool) -> (DominatorTree, [ClassTally]) {
        let tallies = [ClassTally(graph: graph, skipEmpty: skipEmpty), ClassTally(graph: graph, skipEmpty: skipEmpty)]
        return (build(graph: graph, result: result, storage: storage, tallies: tallies), tallies)
    }

    /// `tallies`: none, or one per core for the class histogram.
    private static func build(graph: HeapGraph, result: DominatorResult, storage: ArrayStorage,
                              tallies: [ClassTally]) -> DominatorTree {
        let n = graph.nodeCount, reach = result.reach
        let start = storage.allocate(n + 1, repeating: UInt32(0))
        let list = storage.allocate(max(reach - 1, 0), repeating: UInt32(0))
        Self.layOutChildren(start: start.buffer, list: list.buffer, idom: result.idom.buffer,
                            preorder: result.preorder)
        result.dropPreorder()
        MemoryTrace.note("retained: children laid out, preorder freed")
        let ret = storage.allocate(n, repeating: UInt64(0))
        RetainedWalk(graph: graph, retained: ret.buffer, idom: result.idom.buffer, childStart: start.buffer,
                     childList: list.buffer, tallies: tallies).run()
        return DominatorTree(idom: result.idom.column, retained: ret.column, childStart: start.column,
                             childList: list.column, reachableCount: reach)
    }

    /// Children CSR by counting sort on idom, filled in preorder so that siblings come in a stable order (the same
    /// order as `init(graph:dominators:)`).
    private static func layOutChildren(start st: UnsafeMutableBufferPointer<UInt32>,
                                       list l: UnsafeMutableBufferPointer<UInt32>,
                                       idom: UnsafeMutableBufferPointer<UInt32>,
                                       preorder: UnsafeMutableBufferPointer<UInt32>) {
        let n = idom.count
        for v in 0..<n where idom[v] != HeapGraph.none { st[Int(idom[v]) + 1] &+= 1 }
        for i in 1...n { st[i] &+= st[i - 1] }
        // st[p] is used as a cursor, then shifted back.
        for v in preorder.dropFirst() {
            let p = Int(idom[Int(v)])
            l[Int(st[p])] = v
            st[p] &+= 1
        }
        var i = n
        while i > 0 { st[i] = st[i - 1]; i -= 1 }
        st[0] = 0
    }
}

/// Retained sizes by an iterative post-order walk of the finished dominator tree: a node's size is its shallow size
/// plus its children's, added when the walk leaves it. The super-root's children are the units of work, claimed by
/// both cores from a shared counter (each subtree is written by one core only); the super-root sums them at the
/// end. Wrapping sums, so the order of the additions does not change a result. With `tallies` (one per core), each
/// core also sums the class histogram of the subtrees it claimed into its own tally.
struct RetainedWalk: @unchecked Sendable {
    // @unchecked: raw buffers; each core writes only the retained sizes of the subtrees it claimed.
    let graph: HeapGraph
    let retained: UnsafeMutableBufferPointer<UInt64>
    let idom: UnsafeMutableBufferPointer<UInt32>
    let childStart: UnsafeMutableBufferPointer<UInt32>
    let childList: UnsafeMutableBufferPointer<UInt32>
    /// Empty, or one per core: the class histogram's sums (see `ClassTally`).
    let tallies: [ClassTally]

    /// Below this many reachable nodes one core does it all.
    static let parallelFrom = 1 << 16

    func run() {
        let lo = Int(childStart[0]), hi = Int(childStart[1])
        if childList.count < Self.parallelFrom {
            for k in lo..<hi { sum(subtreeAt: k, tally: tallies.first) }
        } else {
            let next = Locked(lo)
            BothCores.run({ claim(next, upTo: hi, tally: tallies.first) },
                          { claim(next, upTo: hi, tally: tallies.last) })
        }
        var total: UInt64 = 0
        for k in lo..<hi { total &+= retained[Int(childList[k])] }
        retained[0] = total
    }

    /// Claims subtrees, `batch` at a time, until none is left (the super-root can have millions of children).
    private func claim(_ next: Locked<Int>, upTo hi: Int, tally: ClassTally?) {
        let batch = 16
        while true {
            let k = next.withLock { k in
                defer { k += batch }
                return k
            }
            guard k < hi else { return }
            for j in k..<min(k + batch, hi) { sum(subtreeAt: j, tally: tally) }
        }
    }

    /// The retained sizes of the subtree whose top is `childList[top]`. The stack holds the list positions of the
    /// nodes on the way down (so a node's next sibling is the position after its own). `tally`: where the class
    /// histogram's sums go, if anywhere.
    private func sum(subtreeAt top: Int, tally: ClassTally?) {
        var stack = CompressionStack()
        defer { stack.free() }
        var v = Int(childList[top])
        var c = Int(childStart[v])
        var pos = top
        tally?.enter(v)
        while true {
            if c < Int(childStart[v + 1]) {
                stack.push(UInt32(pos))
                pos = c
                v = Int(childList[c])
                c = Int(childStart[v])
                tally?.enter(v)
                continue
            }
            let size = graph.shallowSize(UInt32(v))
            retained[v] &+= size
            tally?.leave(v, size: size, retained: retained[v])
            guard let up = stack.pop() else { return }
            let p = Int(idom[v])
            retained[p] &+= retained[v]
            v = p
            c = pos + 1
            pos = Int(up)
        }
    }
}
