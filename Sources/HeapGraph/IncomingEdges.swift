/// The incoming edges: a counting sort of all edges by target, on both cores. The targets are cut in two halves;
/// each core reads all edges in source order but counts and places only those into its half, so the result is the
/// sequential one (per target: the super-root first, then sources in ascending order) and needs no memory beyond
/// the result. Super-root edges become in-edges with source 0. With `oneCore` (the other core is busy), one pass
/// places all targets.
enum IncomingEdges {
    /// Below this many edges one core does it all.
    static let parallelFrom = 1 << 20

    static func build(nodeCount n: Int, outStart: Column<UInt32>, outEdges: Column<UInt32>,
                      rootNodes: ContiguousArray<UInt32>,
                      storage: ArrayStorage, oneCore: Bool = false) -> (StoredArray<UInt32>, StoredArray<UInt32>) {
        let start = storage.allocate(n + 1, repeating: UInt32(0))
        let edges = storage.allocate(outEdges.count + rootNodes.count, repeating: UInt32(0))
        let mid = UInt32(oneCore || outEdges.count < parallelFrom ? n : n / 2)
        let roots = Column(rootNodes)
        let halves: [Range<UInt32>] = mid < UInt32(n) ? [0..<mid, mid..<UInt32(n)] : [0..<UInt32(n)]
        // Counts: st[t + 1] = in-edges of t.
        run(halves) { targets in
            let st = start.buffer
            for r in roots where targets.contains(r) { st[Int(r) + 1] &+= 1 }
            outEdges.withUnsafeBufferPointer { out in
                for raw in out {
                    let t = raw & Edge.targetMask
                    if targets.contains(t) { st[Int(t) + 1] &+= 1 }
                }
            }
        }
        do {
            let st = start.buffer
            for i in 1...n { st[i] &+= st[i - 1] }
        }
        // st[t] is now where t's in-edges start; each half uses it as the cursor of its targets.
        run(halves) { targets in
            let st = start.buffer, e = edges.buffer
            for r in roots where targets.contains(r) {
                e[Int(st[Int(r)])] = 0
                st[Int(r)] &+= 1
            }
            place(into: e, cursors: st, targets: targets, nodeCount: n, outStart: outStart, outEdges: outEdges)
        }
        // Each cursor now stands where the next target's in-edges start: shift back.
        let st = start.buffer
        var i = n
        while i > 0 { st[i] = st[i - 1]; i -= 1 }
        st[0] = 0
        return (start, edges)
    }

    private static func run(_ halves: [Range<UInt32>], _ body: @Sendable (Range<UInt32>) -> Void) {
        if halves.count == 1 { body(halves[0]); return }
        BothCores.run({ body(halves[0]) }, { body(halves[1]) })
    }

    private static func place(into e: UnsafeMutableBufferPointer<UInt32>, cursors st: UnsafeMutableBufferPointer<UInt32>,
                              targets: Range<UInt32>, nodeCount n: Int, outStart: Column<UInt32>,
                              outEdges: Column<UInt32>) {
        outStart.withUnsafeBufferPointer { os in
            outEdges.withUnsafeBufferPointer { out in
                for src in 1..<max(n, 1) {
                    let s = UInt32(truncatingIfNeeded: src)
                    for k in Int(os[src])..<Int(os[src + 1]) {
                        let raw = out[k]
                        let t = raw & Edge.targetMask
                        guard targets.contains(t) else { continue }
                        e[Int(st[Int(t)])] = s | (raw & Edge.weakBit)
                        st[Int(t)] &+= 1
                    }
                }
            }
        }
    }
}
