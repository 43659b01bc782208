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
        let result = try DominatorScratch.compute(graph: graph, progress: progress, storage: storage)
        idom = result.idom.column
        preorder = result.preorderColumn
    }
}

/// The node-indexed result of one dominator computation, handed to the tree build as an object so that the build can
/// give back the preorder as soon as it has used it (see `DominatorTree.init(graph:result:storage:)`).
final class DominatorResult {
    /// Per node: its immediate dominator (`HeapGraph.none` for the super-root and unreachable nodes).
    let idom: StoredArray<UInt32>
    /// DFS number → node (index 0 unused): the preorder, until `dropPreorder`.
    private var vertex: StoredArray<UInt32>?
    /// Reachable nodes, the super-root included.
    let reach: Int

    /// The search's `links` (8 bytes a vertex), done with: the tree build lays out the children's start and list
    /// (4 bytes a node each) in its memory instead of it being freed. Giving it back and allocating as much again
    /// costs the kernel an unmap, then a fault and a zeroed page for every 4 KiB, on the main thread. The tree build
    /// holds no more than it did: this takes the place of the two arrays it allocated.
    let links: StoredArray<Link>

    init(idom: StoredArray<UInt32>, vertex: StoredArray<UInt32>, reach: Int, links: StoredArray<Link>) {
        self.idom = idom
        self.vertex = vertex
        self.reach = reach
        self.links = links
    }

    /// Reachable nodes in DFS preorder (`[0]` is the super-root); empty after `dropPreorder`.
    var preorder: UnsafeMutableBufferPointer<UInt32> {
        guard let v = vertex?.buffer else { return UnsafeMutableBufferPointer(start: nil, count: 0) }
        return UnsafeMutableBufferPointer(rebasing: v[1...reach])
    }

    /// The preorder as a column (keeping its memory alive for as long as the column lives).
    var preorderColumn: Column<UInt32> {
        guard let v = vertex else { return Column() }
        return Column(unsafeBase: UnsafePointer(v.buffer.baseAddress.map { $0 + 1 }), count: reach, owner: v)
    }

    func dropPreorder() { vertex = nil }
}

/// The working arrays of one dominator computation, indexed by DFS number (1-based; 1 is the super-root). Four
/// arrays at most (one of them 8 bytes a vertex), each serving two roles, so that the computation never holds more
/// than the finished tree will:
/// - `num`: node → DFS number; at the end node → immediate dominator (rewritten in place);
/// - `vertex`: DFS number → node; once vertex `i` is done in `semidominators`, its semidominator; then rebuilt
///   from `num` as the preorder;
/// - `links`: per DFS number a `Link`, the two words read together: `up`, the DFS parent, then the
///   path-compression ancestor; `best`, during the DFS the next out-edge to look at, then the smallest
///   semidominator on the compressed path (one cache line for both, where two arrays cost two misses per `eval`);
/// - `idomNum`: DFS number → immediate dominator's DFS number (starts as the DFS parent).
final class DominatorScratch {
    /// How often the loops look at the cancellation flag (a mask on the loop counter).
    static let checkMask = (1 << 20) - 1

    let nodeCount: Int
    let storage: ArrayStorage
    /// Reachable nodes including the super-root, once `numberInPreorder` ran.
    private(set) var reach = 0
    private var numStore: StoredArray<UInt32>?
    private var vertexStore: StoredArray<UInt32>?
    private var linksStore: StoredArray<Link>?
    private var idomNumStore: StoredArray<UInt32>?

    private static var empty: UnsafeMutableBufferPointer<UInt32> { UnsafeMutableBufferPointer(start: nil, count: 0) }
    private var num: UnsafeMutableBufferPointer<UInt32> { numStore?.buffer ?? Self.empty }
    private var vertex: UnsafeMutableBufferPointer<UInt32> { vertexStore?.buffer ?? Self.empty }
    private var links: UnsafeMutableBufferPointer<Link> {
        linksStore?.buffer ?? UnsafeMutableBufferPointer(start: nil, count: 0)
    }
    private var idomNum: UnsafeMutableBufferPointer<UInt32> { idomNumStore?.buffer ?? Self.empty }

    init(nodeCount n: Int, storage: ArrayStorage) {
        nodeCount = n
        self.storage = storage
        // Allocated before the second core starts on the incoming edges: it faults in half of their pages.
        numStore = storage.allocateZeroedOnBothCores(n)
        vertexStore = storage.allocateZeroedOnBothCores(n + 1)
        linksStore = storage.allocateZeroedOnBothCores(n + 1)
    }

    /// All steps. Reports the fraction done as phase `dominators` to `progress`, and throws `LoadCancelled`
    /// (keeping nothing) if it is cancelled: checked between the steps and every million nodes inside them.
    /// `spill`: the graph's spilled columns, dropped from memory as each step is done with them.
    static func compute(graph: HeapGraph, progress: ProgressSink?, storage: ArrayStorage,
                        spill: GraphSpill? = nil) throws(LoadCancelled) -> DominatorResult {
        // The DFS reads only the outgoing edges: the incoming ones (first read by `semidominators`) are built
        // meanwhile on the second core. When the graph is spilled, whichever core is done first spills the outgoing
        // ones (the other may still be reading them: spilled pages read the same).
        let beside: (@Sendable () -> Void)?
        if let spill {
            beside = {
                graph.buildIncomingEdgesOnThisThread()
                spill.spillOutEdgesOnce()
            }
        } else {
            graph.startBuildingIncomingEdges()
            beside = nil
        }
        let scratch = DominatorScratch(nodeCount: graph.nodeCount, storage: storage)
        MemoryTrace.note("dominators: working arrays allocated")
        try GraphSpill.run({ () throws(LoadCancelled) in
            try scratch.numberInPreorder(graph, progress: progress)
            spill?.spillOutEdgesOnce()
        }, beside: beside)
        progress?.phase("dominators", 0.3)
        spill?.doneWithOutEdges()
        MemoryTrace.note("dominators: after DFS")
        try GraphSpill.run({ () throws(LoadCancelled) in try scratch.semidominators(graph, progress: progress) },
                           beside: spill?.spillDuringSemidominators)
        progress?.phase("dominators", 0.7)
        spill?.doneWithInEdges()
        MemoryTrace.note("dominators: after semidominators")
        scratch.nearestCommonAncestors()
        try progress?.checkCancelled()
        let result = scratch.byNode()
        progress?.phase("dominators", 1)
        return result
    }

    /// Step 1: iterative DFS from the super-root over strong edges; fills `num`, `vertex` and `links` (the DFS
    /// parent, and the next out-edge as an index into `outEdges`, into `rootNodes` for the super-root).
    func numberInPreorder(_ graph: HeapGraph, progress: ProgressSink?) throws(LoadCancelled) {
        let (num, vertex, links) = (self.num, self.vertex, self.links)
        var count: UInt32 = 1
        var cancelled = false
        graph.outStart.withUnsafeBufferPointer { os in
        graph.outEdges.withUnsafeBufferPointer { oe in
        graph.rootNodes.withUnsafeBufferPointer { rn in
            num[0] = 1
            vertex[1] = 0
            links[1] = Link(up: 0, best: 0)
            var cur: UInt32 = 1
            while cur != 0 {
                let c = Int(cur)
                let v = Int(vertex[c])
                // The edges left to look at, from the stored cursor; the first unvisited strong target found is
                // the next vertex (the cursor then stands after it), none left: back to the parent.
                let (edges, end): (UnsafeBufferPointer<UInt32>, Int) = v == 0 ? (rn, rn.count) : (oe, Int(os[v + 1]))
                var k = Int(links[c].best)
                var next = -1
                while k < end {
                    let raw = edges[k]
                    k += 1
                    if raw & Edge.weakBit == 0 && num[Int(raw)] == 0 { next = Int(raw); break }
                }
                guard next >= 0 else { cur = links[c].up; continue }
                links[c].best = UInt32(truncatingIfNeeded: k)
                count += 1
                num[next] = count
                vertex[Int(count)] = UInt32(truncatingIfNeeded: next)
                links[Int(count)] = Link(up: cur, best: os[next])
                cur = count
                if Int(count) & Self.checkMask == 0 && progress?.isCancelled == true { cancelled = true; break }
            }
        }}}
        if cancelled { throw LoadCancelled() }
        reach = Int(count)
    }

    /// Step 2: semidominators in reverse preorder, written over `vertex[i]` once vertex `i` is done (its node is
    /// not needed again until `byNode` rebuilds the preorder). `idomNum` starts as the DFS parent; `links[i].up`
    /// becomes the path-compression ancestor (not read again: `byNode` hands it on as the result's `links`).
    func semidominators(_ graph: HeapGraph, progress: ProgressSink?) throws(LoadCancelled) {
        let reach = self.reach
        idomNumStore = storage.allocate(reach + 1, repeating: 0)
        // Locals, not properties, in the loops: no exclusivity checks on the hot path.
        let (num, vertex, links, idomNum) = (self.num, self.vertex, self.links, self.idomNum)
        // A vertex not yet done is its own best: its number (every candidate below the parent is one).
        for i in 0...reach {
            idomNum[i] = links[i].up
            links[i].best = UInt32(i)
        }
        var cancelled = false
        graph.inStart.withUnsafeBufferPointer { ist in
        graph.inEdges.withUnsafeBufferPointer { ie in
            var stack = CompressionStack()
            defer { stack.free() }
            var i = reach
            while i >= 2 {
                let w = Int(vertex[i])
                var s = links[i].up   // the DFS parent: a candidate semidominator
                let lastLinked = UInt32(i + 1)
                let (first, end) = (Int(ist[w]), Int(ist[w + 1]))
                // The super-root as parent is the least candidate, and a single in-edge is the tree edge from the
                // parent (the in-edges list every edge, weak ones and the super-root's too): either way `s` is
                // final without reading the edges.
                if s != 1 && end - first != 1 {
                    for k in first..<end {
                        let raw = ie[k]
                        if raw & Edge.weakBit != 0 { continue }
                        let vnum = num[Int(raw)]
                        if vnum == 0 { continue }   // predecessor not reachable
                        // A predecessor numbered below `i` is not linked yet: its eval is its own number, and then
                        // only a smaller one than `s` can matter (the DFS parent, `s` at first, is one). Only those
                        // above `i` need `eval`, whose first read of `links` is this loop's costliest cache miss.
                        if vnum < s {
                            s = vnum
                            if s == 1 { break }   // the least there is (the super-root's edge comes first)
                            continue
                        }
                        if vnum < lastLinked { continue }
                        let b = Self.eval(vnum, lastLinked: lastLinked, links: links, stack: &stack)
                        if b < s {
                            s = b
                            if s == 1 { break }
                        }
                    }
                }
                vertex[i] = s
                links[i].best = s
                i -= 1
                if i & Self.checkMask == 0 && progress?.isCancelled == true { cancelled = true; break }
            }
        }}
        if cancelled { throw LoadCancelled() }
    }

    /// The smallest semidominator on the ancestor path of `vnum` among the vertices already linked (DFS number ≥
    /// `lastLinked`), compressing that path as it goes. `stack` is reused scratch space.
    @inline(__always)
    private static func eval(_ vnum: UInt32, lastLinked: UInt32, links: UnsafeMutableBufferPointer<Link>,
                             stack: inout CompressionStack) -> UInt32 {
        let first = links[Int(vnum)]
        if first.up < lastLinked { return first.best }
        var x = vnum
        repeat {
            stack.push(x)
            x = links[Int(x)].up
        } while links[Int(x)].up >= lastLinked
        // Every vertex on the path gets the path's top as its ancestor, and the smallest best above it.
        let top = links[Int(x)].up
        var pBest = links[Int(x)].best
        while let y = stack.pop() {
            var link = links[Int(y)]
            link.up = top
            if pBest < link.best {
                link.best = pBest
            } else {
                pBest = link.best
            }
            links[Int(y)] = link
        }
        return pBest
    }

    /// Step 3: idom = nearest common ancestor of the DFS parent and the semidominator (kept in `vertex`), in
    /// preorder.
    func nearestCommonAncestors() {
        guard reach >= 2 else { return }
        let idom = idomNum, semi = vertex
        for i in 2...reach {
            var cand = idom[i]
            let sd = semi[i]
            while cand > sd { cand = idom[Int(cand)] }
            idom[i] = cand
        }
    }

    /// Step 4: back to node ids, in the arrays that are already there: `vertex` is rebuilt from `num`, then `num`
    /// becomes the node-indexed idom in place. Frees `idomNum`, hands `links` on to the tree build (see
    /// `DominatorResult.links`). Each loop runs on both cores, one half of the nodes
    /// each: `num` is one-to-one, so the halves write disjoint preorder slots, and the second loop (which writes only
    /// its own half of `num`) starts once the preorder is whole.
    func byNode() -> DominatorResult {
        let (num, vertex, idomNum) = (SharedBuffer(pointer: self.num), SharedBuffer(pointer: self.vertex),
                                      SharedBuffer(pointer: self.idomNum))
        Self.halves(nodeCount) { nodes in
            let (num, vertex) = (num.pointer, vertex.pointer)
            for v in nodes where num[v] != 0 { vertex[Int(num[v])] = UInt32(v) }
        }
        Self.halves(nodeCount) { nodes in
            let (num, vertex, idomNum) = (num.pointer, vertex.pointer, idomNum.pointer)
            for v in nodes {
                let d = num[v]
                num[v] = d == 0 ? HeapGraph.none : vertex[Int(idomNum[Int(d)])]
            }
        }
        if nodeCount > 0 { self.num[0] = HeapGraph.none }
        idomNumStore = nil
        let result = DominatorResult(idom: numStore ?? storage.allocate(0, repeating: 0),
                                     vertex: vertexStore ?? storage.allocate(1, repeating: 0), reach: reach,
                                     links: linksStore ?? storage.allocate(1, repeating: Link(up: 0, best: 0)))
        numStore = nil
        vertexStore = nil
        linksStore = nil
        return result
    }
}

extension DominatorScratch {
    /// `body` over `0..<n` in two halves on both cores (on one below 65,536 nodes).
    static func halves(_ n: Int, _ body: @Sendable (Range<Int>) -> Void) {
        guard n >= 1 << 16 else { return body(0..<n) }
        BothCores.run({ body(0..<n / 2) }, { body(n / 2..<n) })
    }
}

/// One vertex's two words that the DFS and `eval` read together (see `DominatorScratch`).
struct Link: BitwiseCopyable {
    var up: UInt32
    var best: UInt32
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
