import DumpProgress

/// Retained sizes by an iterative post-order walk of the finished dominator tree: a node's size is its shallow size
/// plus its children's, added when the walk leaves it. The units of work are the subtrees below the spine (see
/// `RetainedSpine`): the children of the super-root and of the spine nodes, claimed by both cores in batches from a
/// shared cursor (each subtree is written by one core only). The spine nodes are marked while the units run (their
/// retained size holds `marker`, so a unit skips them) and are summed at the end, bottom-up, from their units'
/// sums. Wrapping sums, so the order of the additions does not change a result. With `tallies` (one per core), each
/// core also sums the class histogram of the units it claimed into its own tally: before a unit, the spine nodes
/// above it are put on that tally's path, so that its rule (`ClassTally`) sees the whole dominator chain.
struct RetainedWalk: @unchecked Sendable {
    // @unchecked: raw buffers; each core writes only the retained sizes of the subtrees it claimed.
    let graph: HeapGraph
    let retained: UnsafeMutableBufferPointer<UInt64>
    let idom: UnsafeMutableBufferPointer<UInt32>
    let childStart: UnsafeMutableBufferPointer<UInt32>
    let childList: UnsafeMutableBufferPointer<UInt32>
    /// Empty, or one per core: the class histogram's sums (see `ClassTally`).
    let tallies: [ClassTally]
    let spine: RetainedSpine

    /// A spine node's retained size while the units run (no unit's subtree holds a spine node).
    static let marker = UInt64.max
    /// Children handed out per claim (the super-root or one spine node can have millions).
    static let batch = 32

    /// `parallel`: on both cores (else on this thread).
    func run(parallel: Bool) {
        for v in spine.contexts.dropFirst() { retained[Int(v)] = Self.marker }
        let cursor = Locked(SpineCursor())
        let sums = [ContextSums(count: spine.contexts.count), ContextSums(count: spine.contexts.count)]
        if parallel {
            BothCores.run({ ThreadCPU.noting("units summed") { claim(cursor, tally: tallies.first, sums: sums[0]) } },
                          { ThreadCPU.noting("units summed") { claim(cursor, tally: tallies.last, sums: sums[1]) } })
        } else {
            claim(cursor, tally: tallies.first, sums: sums[0])
        }
        ThreadCPU.noting("spine summed") { finishSpine(sums) }
    }

    /// Claims units, a batch at a time, until none is left; adds each unit's retained size to its context's sum.
    private func claim(_ cursor: Locked<SpineCursor>, tally: ClassTally?, sums: ContextSums) {
        var stack = CompressionStack()
        defer { stack.free() }
        var onPath = 0   // the context whose chain is on the tally's path (0: the super-root, nothing)
        defer { switchPath(from: onPath, to: 0, tally: tally) }
        let spine = spine, childStart = childStart
        while let (first, position, count) = cursor.withLock({
            $0.next(spine: spine, childStart: childStart, batch: Self.batch)
        }) {
            var k = first, pos = position, left = count
            while left > 0 {
                let hi = Int(childStart[Int(spine.contexts[k]) + 1])
                if pos >= hi {
                    k += 1
                    pos = Int(childStart[Int(spine.contexts[k])])
                    continue
                }
                if k != onPath {
                    switchPath(from: onPath, to: k, tally: tally)
                    onPath = k
                }
                let end = min(hi, pos + left)
                var total: UInt64 = 0
                for j in pos..<end {
                    let c = Int(childList[j])
                    if retained[c] == Self.marker { continue }
                    sum(subtreeAt: j, tally: tally, stack: &stack)
                    total &+= retained[c]
                }
                sums.values[k] &+= total
                left -= end - pos
                pos = end
            }
        }
    }

    /// Takes the chain of context `from` off the tally's path and puts that of `to` on it (only the part where they
    /// differ).
    private func switchPath(from: Int, to: Int, tally: ClassTally?) {
        guard let tally, from != to else { return }
        let contexts = spine.contexts
        spine.walk(from: from, to: to, exit: { tally.exit(Int(contexts[$0])) },
                   enter: { tally.enter(Int(contexts[$0])) })
    }

    /// The spine nodes bottom-up: each one's shallow size plus its units' sums plus its spine children's sizes. Then
    /// the super-root: all of it. Then each spine node is counted in the first tally, top-down, with its chain on the
    /// path.
    private func finishSpine(_ parts: [ContextSums]) {
        let contexts = spine.contexts
        var sums = [UInt64](repeating: 0, count: contexts.count)
        for p in parts { for k in sums.indices { sums[k] &+= p.values[k] } }
        var k = contexts.count - 1
        while k >= 1 {
            let v = Int(contexts[k])
            let r = sums[k] &+ graph.shallowSize(UInt32(v))
            retained[v] = r
            sums[Int(spine.parent[k])] &+= r
            k -= 1
        }
        retained[0] = sums[0]
        guard let tally = tallies.first else { return }
        var onPath = 0
        for k in 1..<contexts.count {
            let v = Int(contexts[k])
            switchPath(from: onPath, to: Int(spine.parent[k]), tally: tally)
            onPath = Int(spine.parent[k])
            tally.enter(v)
            tally.leave(v, size: graph.shallowSize(UInt32(v)), retained: retained[v])
        }
        switchPath(from: onPath, to: 0, tally: tally)
    }

    /// The retained sizes of the subtree whose top is `childList[top]`. The stack holds the list positions of the
    /// nodes on the way down (so a node's next sibling is the position after its own); it is left empty. `tally`:
    /// where the class histogram's sums go, if anywhere.
    private func sum(subtreeAt top: Int, tally: ClassTally?, stack: inout CompressionStack) {
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
