#if canImport(Glibc)
import Glibc
#endif
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
    /// `ClassHistogram(tallies:)` of the tallies returned. `split`: how the work is shared between the cores.
    static func withClassTallies(graph: HeapGraph, result: DominatorResult, storage: ArrayStorage = .memory,
                                 skipEmpty: Bool, split: RetainedSplit = .standard) -> (DominatorTree, [ClassTally]) {
        let tallies = [ClassTally(graph: graph, skipEmpty: skipEmpty), ClassTally(graph: graph, skipEmpty: skipEmpty)]
        return (build(graph: graph, result: result, storage: storage, tallies: tallies, split: split), tallies)
    }

    /// `tallies`: none, or one per core for the class histogram.
    private static func build(graph: HeapGraph, result: DominatorResult, storage: ArrayStorage,
                              tallies: [ClassTally], split: RetainedSplit = .standard) -> DominatorTree {
        let n = graph.nodeCount, reach = result.reach
        let (start, list) = childArrays(in: result.links, nodeCount: n, reach: reach)
        let parallel = reach >= split.parallelFrom
        let spine: RetainedSpine
        if parallel {
            spine = layOutChildrenFindingSpine(start: start.buffer, list: list.buffer, result: result,
                                               storage: storage, split: split)
        } else {
            Self.layOutChildren(start: start.buffer, list: list.buffer, idom: result.idom.buffer,
                                preorder: result.preorder)
            spine = .superRootOnly
        }
        result.dropPreorder()
        MemoryTrace.note("retained: children laid out, preorder freed, spine of \(spine.contexts.count - 1) nodes")
        let ret: StoredArray<UInt64> = storage.allocateZeroedOnBothCores(n)
        RetainedWalk(graph: graph, retained: ret.buffer, idom: result.idom.buffer, childStart: start.buffer,
                     childList: list.buffer, tallies: tallies, spine: spine).run(parallel: parallel)
        MemoryTrace.note("retained: sizes summed")
        return DominatorTree(idom: result.idom.column, retained: ret.column, childStart: start.column,
                             childList: list.column, reachableCount: reach)
    }

    /// The children's layout on one core and the subtree counts that find the spine (`SubtreeCounts`) on the
    /// other: both only read the idoms and the preorder. The counts' scratch array is given back on return, before
    /// the retained sizes are allocated, so the peak stays that of the finished tree.
    private static func layOutChildrenFindingSpine(start: UnsafeMutableBufferPointer<UInt32>,
                                                   list: UnsafeMutableBufferPointer<UInt32>,
                                                   result: DominatorResult, storage: ArrayStorage,
                                                   split: RetainedSplit) -> RetainedSpine {
        let counts: StoredArray<UInt32> = storage.allocateZeroedOnBothCores(result.idom.buffer.count)
        let (st, l, idom, pre, cnt) = (SharedBuffer(pointer: start), SharedBuffer(pointer: list),
                                       SharedBuffer(pointer: result.idom.buffer),
                                       SharedBuffer(pointer: result.preorder), SharedBuffer(pointer: counts.buffer))
        let found = Locked<[UInt32]>([])
        let threshold = result.reach / max(split.pieces, 1), cap = split.cap
        BothCores.run({
            ThreadCPU.noting("children laid out") {
                Self.layOutChildren(start: st.pointer, list: l.pointer, idom: idom.pointer, preorder: pre.pointer)
            }
        }, {
            let spine = ThreadCPU.noting("subtrees counted") {
                SubtreeCounts.spine(counts: cnt.pointer, idom: idom.pointer, preorder: pre.pointer,
                                    threshold: threshold, cap: cap)
            }
            found.withLock { $0 = spine }
        })
        return RetainedSpine(topDown: found.withLock { $0 }, idom: result.idom.buffer, index: counts.buffer)
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

/// The children's start (`n + 1`, zeroed) and list (`reach - 1`, written whole by the layout) in the memory of the
/// search's `links` (see `DominatorResult.links`): `n + 1` links of 8 bytes hold both, as `reach <= n`.
private func childArrays(in links: StoredArray<Link>, nodeCount n: Int,
                         reach: Int) -> (start: StoredArray<UInt32>, list: StoredArray<UInt32>) {
    let listCount = max(reach - 1, 0)
    let start = links.reused(as: UInt32.self, byteOffset: 0, count: n + 1)
    let list = links.reused(as: UInt32.self, byteOffset: 4 * (n + 1), count: listCount)
    // Cleared in two halves on both cores.
    guard let p = start.buffer.baseAddress else { return (start, list) }
    let base = Int(bitPattern: p)   // an address, to be Sendable
    DominatorScratch.halves(4 * (n + 1)) { range in
        guard !range.isEmpty, let q = UnsafeMutableRawPointer(bitPattern: base) else { return }
        memset(q + range.lowerBound, 0, range.count)
    }
    return (start, list)
}
