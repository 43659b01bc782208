import HeapGraph

/// `/` on the dominator tree searches all children of the level, not only the first thousand listed.
extension DominatorPage: DeepSearching, ObjectSelecting {
    package var lastMatcher: TextMatcher? { matcher }
    package var selectedObject: UInt32? { selectedNode }

    package func deepSearch(_ m: TextMatcher, inline: Bool?) -> SearchJob? {
        guard hiddenCount > 0 else { return nil }
        let t = model.tree, index = model.index
        let lo = Int(t.childStart[Int(current.node)]), hi = Int(t.childStart[Int(current.node) + 1])
        let loaded = DeepSearch.marks(current.children, nodeCount: index.graph.nodeCount)
        let pattern = m.pattern
        return SearchJob(total: hi - lo, keep: .best(DeepSearch.biggestFirst(t)), inline: inline) { range in
            let m = TextMatcher(pattern)
            var found: [UInt32] = []
            for k in range {
                let c = t.childList[lo + k]
                if !loaded.contains(Int(c)) && m.matches(ExplorerModel.describe(c, in: index)) { found.append(c) }
            }
            return found
        }
    }

    package func selectDeepMatch(_ best: UInt32, _ m: TextMatcher) {
        let parent = current.node
        let keep = list
        let lvl = makeLevel(parent, limit: siblingsBefore(best, parent: parent) + DominatorPage.firstBatch)
        levels[levels.count - 1] = lvl
        list = lvl.list
        list.visible = keep.visible
        list.top = keep.top
        matcher = m
        if let i = lvl.children.firstIndex(of: best) { list.select(i) }
        levels[levels.count - 1].list = list
    }
}

/// `/` on a class's instances searches all of them, not only the ones listed.
extension InstancesPage: DeepSearching, ObjectSelecting {
    package var lastMatcher: TextMatcher? { matcher }
    package var selectedObject: UInt32? { selectedNode }

    package func deepSearch(_ m: TextMatcher, inline: Bool?) -> SearchJob? {
        guard hidden > 0 else { return nil }
        let index = model.index
        let all = model.instances(of: classIndex)
        let loaded = DeepSearch.marks(nodes, nodeCount: index.graph.nodeCount)
        let pattern = m.pattern
        return SearchJob(total: all.count, keep: .best(DeepSearch.biggestFirst(model.tree)), inline: inline) { range in
            let m = TextMatcher(pattern)
            var found: [UInt32] = []
            for k in range where !loaded.contains(Int(all[k])) && m.matches(ExplorerModel.describe(all[k], in: index)) {
                found.append(all[k])
            }
            return found
        }
    }

    package func selectDeepMatch(_ best: UInt32, _ m: TextMatcher) {
        let retained = model.tree.retained
        let rb = retained[Int(best)]
        var rank = 0
        for v in model.instances(of: classIndex) where retained[Int(v)] > rb || (retained[Int(v)] == rb && v < best) {
            rank += 1
        }
        limit = rank + InstancesPage.batch
        load()
        matcher = m
        list.count = rowCount
        if let i = nodes.firstIndex(of: best) { list.select(i) }
    }
}

enum DeepSearch {
    /// The rows already listed, a bit per node: a millisecond even for 700,000 rows, where a `Set` of them took tens
    /// of milliseconds on the key.
    static func marks(_ nodes: [UInt32], nodeCount: Int) -> BitSet {
        var bits = BitSet(count: nodeCount)
        for n in nodes where Int(n) < nodeCount { bits.insert(Int(n)) }
        return bits
    }

    /// The order of the lists searched: retained size, biggest first, then by node.
    static func biggestFirst(_ tree: DominatorTree) -> @Sendable (UInt32, UInt32) -> Bool {
        let retained = tree.retained
        return { a, b in
            let ra = retained[Int(a)], rb = retained[Int(b)]
            return ra != rb ? ra > rb : a < b
        }
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
