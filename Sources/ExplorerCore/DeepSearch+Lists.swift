import HeapGraph

/// `/` on the dominator tree searches all children of the level, not only the first thousand listed.
extension DominatorPage: DeepSearching, ObjectSelecting {
    package var lastMatcher: TextMatcher? { matcher }
    package var selectedObject: UInt32? { selectedNode }

    package func findBeyondLoaded(_ m: TextMatcher, _ ctx: PageContext) -> Bool {
        let t = model.tree
        let parent = current.node
        guard hiddenCount > 0 else { return false }
        let loaded = Set(current.children)
        var best: UInt32?
        for k in Int(t.childStart[Int(parent)])..<Int(t.childStart[Int(parent) + 1]) {
            let c = t.childList[k]
            guard !loaded.contains(c), DeepSearch.before(c, best, { t.retained[Int($0)] }), m.matches(model.describe(c)) else { continue }
            best = c
        }
        guard let best else { return false }
        let keep = list
        let lvl = makeLevel(parent, limit: siblingsBefore(best, parent: parent) + DominatorPage.firstBatch)
        levels[levels.count - 1] = lvl
        list = lvl.list
        list.visible = keep.visible
        list.top = keep.top
        matcher = m
        if let i = lvl.children.firstIndex(of: best) { list.select(i) }
        levels[levels.count - 1].list = list
        return true
    }
}

/// `/` on a class's instances searches all of them, not only the ones listed.
extension InstancesPage: DeepSearching, ObjectSelecting {
    package var lastMatcher: TextMatcher? { matcher }
    package var selectedObject: UInt32? { selectedNode }

    package func findBeyondLoaded(_ m: TextMatcher, _ ctx: PageContext) -> Bool {
        guard hidden > 0 else { return false }
        let retained = model.tree.retained
        let loaded = Set(nodes)
        var best: UInt32?
        let all = model.instances(of: classIndex)
        for v in all where !loaded.contains(v) && DeepSearch.before(v, best, { retained[Int($0)] }) && m.matches(model.describe(v)) {
            best = v
        }
        guard let best else { return false }
        let rb = retained[Int(best)]
        var rank = 0
        for v in all where retained[Int(v)] > rb || (retained[Int(v)] == rb && v < best) { rank += 1 }
        limit = rank + InstancesPage.batch
        load()
        matcher = m
        list.count = rowCount
        if let i = nodes.firstIndex(of: best) { list.select(i) }
        return true
    }
}

enum DeepSearch {
    /// Whether `v` comes before `best` in a list sorted by retained size, biggest first, then by node.
    static func before(_ v: UInt32, _ best: UInt32?, _ retained: (UInt32) -> UInt64) -> Bool {
        guard let best else { return true }
        let rv = retained(v), rb = retained(best)
        return rv != rb ? rv > rb : v < best
    }
}

extension OverviewPage: ObjectSelecting {
    package var selectedObject: UInt32? { selectedNode }
}

extension ObjectPage: ObjectSelecting {
    /// The object a selected reference row names, else (and for "dominated by GC roots") the object shown.
    package var selectedObject: UInt32? {
        guard list.selected < rows.count, let t = target(of: rows[list.selected]), t != HeapGraph.superRoot else {
            return node
        }
        return t
    }
}
