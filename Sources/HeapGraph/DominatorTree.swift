/// The dominator tree with retained sizes: who keeps what alive, and how much would be freed with it.
public struct DominatorTree: Sendable {
    /// Per node: its immediate dominator (`HeapGraph.none` for the super-root and unreachable nodes).
    public let idom: Column<UInt32>
    /// Per node: bytes freed if it were gone (its shallow size plus all it dominates); 0 when unreachable.
    public let retained: Column<UInt64>
    /// Children of each node in CSR form (unsorted; `children(of:)` sorts on demand).
    public let childStart: Column<UInt32>
    public let childList: Column<UInt32>
    /// Number of reachable nodes, the super-root included.
    public let reachableCount: Int

    /// `storage`: where the retained sizes and the children live (see `ArrayStorage`).
    public init(graph: HeapGraph, dominators: Dominators, storage: ArrayStorage = .memory) {
        let n = graph.nodeCount
        idom = dominators.idom
        reachableCount = dominators.reachableCount
        let ret = storage.allocate(n, repeating: UInt64(0))
        let start = storage.allocate(n + 1, repeating: UInt32(0))
        let list = storage.allocate(max(dominators.reachableCount - 1, 0), repeating: UInt32(0))
        // The two are independent: one core sums the retained sizes, the other lays out the children.
        BothCores.run({
            DominatorTree.sumRetained(into: ret, graph: graph, dominators: dominators)
        }, {
            DominatorTree.layOutChildren(start: start, list: list, nodeCount: n, dominators: dominators)
        })
        retained = ret.column
        childStart = start.column
        childList = list.column
    }

    /// Retained sizes: every node follows its idom in preorder, so a reverse sweep accumulates bottom-up.
    private static func sumRetained(into ret: StoredArray<UInt64>, graph: HeapGraph, dominators: Dominators) {
        let r = ret.buffer
        dominators.idom.withUnsafeBufferPointer { idom in
            dominators.preorder.withUnsafeBufferPointer { pre in
                var i = pre.count - 1
                while i >= 1 {
                    let v = Int(pre[i])
                    r[v] &+= graph.shallowSize(UInt32(v))
                    r[Int(idom[v])] &+= r[v]
                    i -= 1
                }
            }
        }
    }

    /// Children CSR by counting sort on idom, filled in preorder so that siblings come in a stable order.
    private static func layOutChildren(start: StoredArray<UInt32>, list: StoredArray<UInt32>, nodeCount n: Int,
                                       dominators: Dominators) {
        let st = start.buffer, l = list.buffer
        dominators.idom.withUnsafeBufferPointer { idom in
            for v in 0..<n where idom[v] != HeapGraph.none { st[Int(idom[v]) + 1] &+= 1 }
            for i in 1...n { st[i] &+= st[i - 1] }
            // st[p] is used as a cursor, then shifted back.
            dominators.preorder.withUnsafeBufferPointer { pre in
                for v in pre.dropFirst() {
                    let p = Int(idom[Int(v)])
                    l[Int(st[p])] = v
                    st[p] &+= 1
                }
            }
            var i = n
            while i > 0 { st[i] = st[i - 1]; i -= 1 }
            st[0] = 0
        }
    }

    /// A restored tree (see `HeapIndex.restore`).
    init(idom: Column<UInt32>, retained: Column<UInt64>, childStart: Column<UInt32>, childList: Column<UInt32>,
         reachableCount: Int) {
        self.idom = idom
        self.retained = retained
        self.childStart = childStart
        self.childList = childList
        self.reachableCount = reachableCount
    }

    public func isReachable(_ node: UInt32) -> Bool {
        node == HeapGraph.superRoot || idom[Int(node)] != HeapGraph.none
    }

    public func childCount(_ node: UInt32) -> Int {
        Int(childStart[Int(node) + 1] - childStart[Int(node)])
    }

    /// The children of `node`, biggest retained size first (ties: lower node first). With `limit`, only the top
    /// `limit` are selected and sorted, so a node with millions of children answers quickly.
    public func children(of node: UInt32, limit: Int? = nil) -> [UInt32] {
        let lo = Int(childStart[Int(node)]), hi = Int(childStart[Int(node) + 1])
        if let limit, limit > 0, hi - lo >= DominatorTree.splitChildren, limit * 8 < hi - lo {
            return biggest(lo..<hi, limit: limit)
        }
        let slice = childList[lo..<hi]
        return TopK.select(slice, limit: limit) { a, b in
            DominatorTree.before(a, retained[Int(a)], b, retained[Int(b)])
        }
    }

    /// The order of children everywhere (listing, partial selection, presorting): bigger retained size first, then
    /// the lower node.
    @inlinable @inline(__always)
    public static func before(_ a: UInt32, _ ra: UInt64, _ b: UInt32, _ rb: UInt64) -> Bool {
        ra != rb ? ra > rb : a < b
    }

    /// Child lists at least this long are searched for their biggest on both cores.
    static let splitChildren = 50_000

    /// The `limit` biggest children of `range` (of `childList`): each half's biggest on its own core, over raw
    /// buffers (the reads of `retained` are scattered over the heap), then the biggest of both.
    private func biggest(_ range: Range<Int>, limit: Int) -> [UInt32] {
        let mid = (range.lowerBound + range.upperBound) / 2
        let halves = Halves()
        let kids = childList, sizes = retained
        @Sendable func top(_ r: Range<Int>) -> [UInt32] {
            kids.withUnsafeBufferPointer(r) { k in
                sizes.withUnsafeBufferPointer { s in
                    TopK.select(k, limit: limit) { a, b in DominatorTree.before(a, s[Int(a)], b, s[Int(b)]) }
                }
            }
        }
        BothCores.run({ halves.first = top(range.lowerBound..<mid) },
                      { halves.second = top(mid..<range.upperBound) })
        return TopK.select(halves.first + halves.second, limit: limit) { a, b in
            DominatorTree.before(a, retained[Int(a)], b, retained[Int(b)])
        }
    }

    /// The dominator chain from the super-root's child down to `node` (empty for unreachable nodes).
    public func chain(to node: UInt32) -> [UInt32] {
        guard isReachable(node), node != HeapGraph.superRoot else { return [] }
        var out: [UInt32] = []
        var v = node
        while v != HeapGraph.superRoot && v != HeapGraph.none {
            out.append(v)
            v = idom[Int(v)]
        }
        return out.reversed()
    }
}

/// The two halves' results of `DominatorTree.biggest`: each closure writes its own property, and `BothCores.run`
/// returns only when both are done.
private final class Halves: @unchecked Sendable {
    var first: [UInt32] = []
    var second: [UInt32] = []
}

/// Partial sorting: the first `limit` elements by `before`, in order, without sorting the rest.
public enum TopK {
    @inlinable
    public static func select<C: Collection>(_ items: C, limit: Int?, by before: (UInt32, UInt32) -> Bool) -> [UInt32]
        where C.Element == UInt32 {
        guard let limit, limit < items.count else { return items.sorted(by: before) }
        guard limit > 0 else { return [] }
        // A bounded max-heap (by `before`, the worst kept element on top) of size `limit`.
        var heap: [UInt32] = []
        heap.reserveCapacity(limit)
        func siftUp(_ i: Int) {
            var c = i
            while c > 0 {
                let p = (c - 1) / 2
                if before(heap[p], heap[c]) { heap.swapAt(p, c); c = p } else { break }
            }
        }
        func siftDown(_ i: Int) {
            var p = i
            while true {
                let l = 2 * p + 1, r = l + 1
                var m = p
                if l < heap.count && before(heap[m], heap[l]) { m = l }
                if r < heap.count && before(heap[m], heap[r]) { m = r }
                if m == p { return }
                heap.swapAt(p, m)
                p = m
            }
        }
        for x in items {
            if heap.count < limit {
                heap.append(x)
                siftUp(heap.count - 1)
            } else if before(x, heap[0]) {
                heap[0] = x
                siftDown(0)
            }
        }
        return heap.sorted(by: before)
    }
}
