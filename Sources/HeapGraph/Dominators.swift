import DumpProgress

/// Immediate dominators by the SEMI-NCA algorithm (Georgiadis, Tarjan, Werneck 2006), as LLVM and LeakCanary
/// use it: a DFS numbering, semidominators by path-compressed evaluation in reverse preorder, then each idom as the
/// nearest common ancestor of parent and semidominator. Everything is iterative (a 10-million-node linked list is
/// fine) and works on `UInt32` arrays indexed by DFS number (`DominatorScratch`). Weak edges are ignored.
public struct Dominators: Sendable {
    /// Per node: its immediate dominator, `HeapGraph.none` for the super-root and for unreachable nodes.
    public let idom: Column<UInt32>
    /// Reachable nodes in DFS preorder; `preorder[0]` is the super-root. Every node comes after its idom.
    public let preorder: Column<UInt32>

    public var reachableCount: Int { preorder.count }

    /// Reports the fraction done as phase `dominators` to `progress`, and throws `LoadCancelled` (keeping nothing)
    /// if it is cancelled: checked between the steps and every million nodes inside them. `storage`: where the
    /// working arrays and the result live (see `ArrayStorage`).
    public init(graph: HeapGraph, progress: ProgressSink? = nil, storage: ArrayStorage = .memory) throws(LoadCancelled) {
        let scratch = DominatorScratch(nodeCount: graph.nodeCount, storage: storage)
        try scratch.numberInPreorder(graph, progress: progress)
        progress?.phase("dominators", 0.3)
        MemoryTrace.note("dominators: after DFS")
        try scratch.semidominators(graph, progress: progress)
        progress?.phase("dominators", 0.7)
        MemoryTrace.note("dominators: after semidominators")
        scratch.nearestCommonAncestors()
        try progress?.checkCancelled()
        (idom, preorder) = scratch.byNode()
        progress?.phase("dominators", 1)
    }
}

/// The working arrays of one dominator computation, indexed by DFS number (1-based; 1 is the super-root). Allocated
/// once, never per node, and freed step by step so that the node-indexed result does not raise the peak.
final class DominatorScratch {
    /// How often the loops look at the cancellation flag (a mask on the loop counter).
    static let checkMask = (1 << 20) - 1

    let nodeCount: Int
    let storage: ArrayStorage
    /// Reachable nodes including the super-root, once `numberInPreorder` ran.
    private(set) var reach = 0
    /// node → DFS number, 0 = not reached.
    private var numStore: StoredArray<UInt32>?
    /// DFS number → node.
    private var vertexStore: StoredArray<UInt32>?
    /// DFS number → DFS parent; during `semidominators` the path-compression ancestor.
    private var parentStore: StoredArray<UInt32>?
    /// During the DFS the next edge to look at; then DFS number → semidominator.
    private var semiStore: StoredArray<UInt32>?
    /// DFS number → the vertex with the smallest semidominator on its compressed path.
    private var labelStore: StoredArray<UInt32>?
    /// DFS number → immediate dominator's DFS number (starts as the DFS parent).
    private var idomNumStore: StoredArray<UInt32>?

    private static var empty: UnsafeMutableBufferPointer<UInt32> { UnsafeMutableBufferPointer(start: nil, count: 0) }
    private var num: UnsafeMutableBufferPointer<UInt32> { numStore?.buffer ?? Self.empty }
    private var vertex: UnsafeMutableBufferPointer<UInt32> { vertexStore?.buffer ?? Self.empty }
    private var parent: UnsafeMutableBufferPointer<UInt32> { parentStore?.buffer ?? Self.empty }
    private var semi: UnsafeMutableBufferPointer<UInt32> { semiStore?.buffer ?? Self.empty }
    private var label: UnsafeMutableBufferPointer<UInt32> { labelStore?.buffer ?? Self.empty }
    private var idomNum: UnsafeMutableBufferPointer<UInt32> { idomNumStore?.buffer ?? Self.empty }

    init(nodeCount n: Int, storage: ArrayStorage) {
        nodeCount = n
        self.storage = storage
        numStore = storage.allocate(n, repeating: 0)
        vertexStore = storage.allocate(n + 1, repeating: 0)
        parentStore = storage.allocate(n + 1, repeating: 0)
        semiStore = storage.allocate(n + 1, repeating: 0)
    }

    /// Step 1: iterative DFS from the super-root over strong edges; fills `num`, `vertex` and `parent`.
    func numberInPreorder(_ graph: HeapGraph, progress: ProgressSink?) throws(LoadCancelled) {
        let (num, vertex, parent, cursor) = (self.num, self.vertex, self.parent, self.semi)
        var count: UInt32 = 1
        var cancelled = false
        graph.outStart.withUnsafeBufferPointer { os in
        graph.outEdges.withUnsafeBufferPointer { oe in
        graph.rootNodes.withUnsafeBufferPointer { rn in
            num[0] = 1
            vertex[1] = 0
            parent[1] = 0
            cursor[1] = 0
            var cur: UInt32 = 1
            while cur != 0 {
                let v = Int(vertex[Int(cur)])
                let pos = Int(cursor[Int(cur)])
                let raw: UInt32
                if v == 0 {
                    guard pos < rn.count else { cur = parent[Int(cur)]; continue }
                    raw = rn[pos]
                } else {
                    guard pos < Int(os[v + 1]) - Int(os[v]) else { cur = parent[Int(cur)]; continue }
                    raw = oe[Int(os[v]) + pos]
                }
                cursor[Int(cur)] = UInt32(pos + 1)
                if raw & Edge.weakBit != 0 { continue }
                let w = Int(raw)
                if num[w] == 0 {
                    count += 1
                    num[w] = count
                    vertex[Int(count)] = UInt32(w)
                    parent[Int(count)] = cur
                    cursor[Int(count)] = 0
                    cur = count
                    if Int(count) & Self.checkMask == 0 && progress?.isCancelled == true { cancelled = true; break }
                }
            }
        }}}
        if cancelled { throw LoadCancelled() }
        reach = Int(count)
    }

    /// Step 2: semidominators in reverse preorder. `idomNum` starts as the DFS parent; `parent` becomes the
    /// path-compression ancestor.
    func semidominators(_ graph: HeapGraph, progress: ProgressSink?) throws(LoadCancelled) {
        let reach = self.reach
        idomNumStore = storage.allocate(reach + 1, repeating: 0)
        _ = UnsafeMutableBufferPointer(rebasing: idomNum[0...reach]).update(fromContentsOf: parent[0...reach])
        labelStore = storage.allocate(reach + 1, repeating: 0)
        // Locals, not properties, in the loops: no exclusivity checks on the hot path.
        let (num, vertex, ancestor, semi, label) = (self.num, self.vertex, self.parent, self.semi, self.label)
        for i in 0...reach {
            label[i] = UInt32(i)
            semi[i] = UInt32(i)
        }
        var cancelled = false
        graph.inStart.withUnsafeBufferPointer { ist in
        graph.inEdges.withUnsafeBufferPointer { ie in
            var stack = CompressionStack()
            defer { stack.free() }
            var i = reach
            while i >= 2 {
                let w = Int(vertex[i])
                var s = ancestor[i]   // the DFS parent: a candidate semidominator
                let lastLinked = UInt32(i + 1)
                for k in Int(ist[w])..<Int(ist[w + 1]) {
                    let raw = ie[k]
                    if raw & Edge.weakBit != 0 { continue }
                    let vnum = num[Int(raw)]
                    if vnum == 0 { continue }   // predecessor not reachable
                    let u = Self.eval(vnum, lastLinked: lastLinked, ancestor: ancestor, label: label, semi: semi,
                                      stack: &stack)
                    let su = semi[Int(u)]
                    if su < s { s = su }
                }
                semi[i] = s
                i -= 1
                if i & Self.checkMask == 0 && progress?.isCancelled == true { cancelled = true; break }
            }
        }}
        if cancelled { throw LoadCancelled() }
    }

    /// The vertex with the smallest semidominator on the ancestor path of `vnum` among the vertices already linked
    /// (DFS number ≥ `lastLinked`), compressing that path as it goes. `stack` is reused scratch space.
    @inline(__always)
    private static func eval(_ vnum: UInt32, lastLinked: UInt32, ancestor: UnsafeMutableBufferPointer<UInt32>,
                             label: UnsafeMutableBufferPointer<UInt32>, semi: UnsafeMutableBufferPointer<UInt32>,
                             stack: inout CompressionStack) -> UInt32 {
        if ancestor[Int(vnum)] < lastLinked { return label[Int(vnum)] }
        var x = vnum
        repeat {
            stack.push(x)
            x = ancestor[Int(x)]
        } while ancestor[Int(x)] >= lastLinked
        var p = x
        var pLabel = label[Int(p)]
        var y: UInt32 = x
        while let top = stack.pop() {
            y = top
            ancestor[Int(y)] = ancestor[Int(p)]
            let yLabel = label[Int(y)]
            if semi[Int(pLabel)] < semi[Int(yLabel)] {
                label[Int(y)] = pLabel
            } else {
                pLabel = yLabel
            }
            p = y
        }
        return label[Int(y)]
    }

    /// Step 3: idom = nearest common ancestor of the DFS parent and the semidominator, in preorder.
    func nearestCommonAncestors() {
        guard reach >= 2 else { return }
        let idom = idomNum, semi = self.semi
        for i in 2...reach {
            var cand = idom[i]
            let sd = semi[i]
            while cand > sd { cand = idom[Int(cand)] }
            idom[i] = cand
        }
    }

    /// Step 4: back to node ids. The per-number arrays step 3 no longer needs go first, so that the node-indexed
    /// result does not raise the peak (on a 15-million-object dump this saves about 180 MB at the peak).
    func byNode() -> (idom: Column<UInt32>, preorder: Column<UInt32>) {
        numStore = nil
        labelStore = nil
        parentStore = nil
        semiStore = nil
        let reach = self.reach, vertex = self.vertex, idomNum = self.idomNum
        let idomByNode = storage.allocate(nodeCount, repeating: HeapGraph.none)
        do {
            let out = idomByNode.buffer
            if reach >= 2 {
                for i in 2...reach { out[Int(vertex[i])] = vertex[Int(idomNum[i])] }
            }
        }
        idomNumStore = nil
        let preorder = storage.allocate(reach, repeating: UInt32(0))
        _ = preorder.buffer.update(fromContentsOf: vertex[1...reach])
        vertexStore = nil
        return (idomByNode.column, preorder.column)
    }
}

/// The path that `eval` compresses, as a plain growable buffer: pushed and popped for every predecessor of every
/// node, where an array's uniqueness and bounds checks cost more than the compression itself.
struct CompressionStack {
    private var base = UnsafeMutablePointer<UInt32>.allocate(capacity: 1024)
    private var capacity = 1024
    private var count = 0

    @inline(__always)
    mutating func push(_ v: UInt32) {
        if count == capacity { grow() }
        base[count] = v
        count += 1
    }

    @inline(__always)
    mutating func pop() -> UInt32? {
        guard count > 0 else { return nil }
        count -= 1
        return base[count]
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity * 2)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    func free() { base.deallocate() }
}
