import HeapGraph

/// Where two dumps differ most, found through their dominator trees: starting at the GC roots, children are matched
/// by position (same class name under the matched parent, biggest instance first), and the search follows the child
/// whose retained size grew most while it carries at least `ratio` of its parent's growth. The last step is the
/// accumulation point of the growth — for a leaking cache, the cache.
public struct GrowthPath: Sendable {
    public struct Step: Sendable, Equatable {
        /// The name the step is matched by (`class LeakDemo$SessionCache`, `java.util.HashMap`).
        public var key: String
        public var oldNode: UInt32?
        public var newNode: UInt32
        public var oldRetained: UInt64
        public var newRetained: UInt64
        public var delta: Int64 { Int64(bitPattern: newRetained &- oldRetained) }
    }

    public let steps: [Step]

    public init(old: HeapIndex, new: HeapIndex, ratio: Double = 0.7, maxDepth: Int = 64) {
        var steps: [Step] = []
        var oldAt: UInt32? = HeapGraph.superRoot
        var newAt = HeapGraph.superRoot
        var parentDelta = Int64(bitPattern: new.reachableBytes &- old.reachableBytes)
        while steps.count < maxDepth {
            let newGroups = GrowthPath.groups(new, under: newAt)
            let oldGroups = oldAt.map { GrowthPath.groups(old, under: $0) } ?? [:]
            var best: (key: String, delta: Int64)?
            for (key, g) in newGroups {
                let delta = Int64(bitPattern: g.total &- (oldGroups[key]?.total ?? 0))
                if delta > (best?.delta ?? 0) || (delta == best?.delta && key < best!.key) { best = (key, delta) }
            }
            guard let b = best, b.delta > 0, steps.isEmpty || Double(b.delta) >= ratio * Double(parentDelta) else { break }
            let n = newGroups[b.key]!.biggest
            let o = oldGroups[b.key]?.biggest
            // Follow the single biggest instance; when the growth is spread over many instances (the entries of a
            // growing map), the parent is where it accumulates.
            let single = Int64(bitPattern: new.tree.retained[Int(n)] &- (o.map { old.tree.retained[Int($0)] } ?? 0))
            if single < Int64(ratio * Double(b.delta)) { break }
            steps.append(Step(key: b.key, oldNode: o, newNode: n,
                              oldRetained: o.map { old.tree.retained[Int($0)] } ?? 0,
                              newRetained: new.tree.retained[Int(n)]))
            parentDelta = single
            newAt = n
            oldAt = o
        }
        self.steps = steps
    }

    struct Group {
        var total: UInt64 = 0
        var biggest: UInt32 = 0
        var biggestRetained: UInt64 = 0
    }

    static func groups(_ index: HeapIndex, under node: UInt32) -> [String: Group] {
        var out: [String: Group] = [:]
        let start = Int(index.tree.childStart[Int(node)]), end = Int(index.tree.childStart[Int(node) + 1])
        for k in start..<end {
            let c = index.tree.childList[k]
            let key = index.details.displayClassName(c)
            let r = index.tree.retained[Int(c)]
            var g = out[key] ?? Group()
            g.total += r
            if r > g.biggestRetained || g.biggest == 0 { g.biggest = c; g.biggestRetained = r }
            out[key] = g
        }
        return out
    }

    /// The last step: where the growth accumulates.
    public var accumulationPoint: Step? { steps.last }
}
