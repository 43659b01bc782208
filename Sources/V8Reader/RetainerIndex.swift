import HeapGraph

/// DevTools' distances (`calculateDistances`): breadth-first from the user roots (the global object / Window and
/// `(Document DOM trees)`, distance 1), then from the root for what they do not reach (distance ≥ 100,000,000,
/// "system"); unreachable = -5. Weak edges and DevTools' filtered edges are not followed; a WeakMap value gets the
/// distance of the later of its two retainers (the first edge of a pair is skipped). The breadth-first parents give
/// the shortest retainer path DevTools' Retainers view opens with.
struct RetainerIndex: Sendable {
    static let noDistance: Int32 = -5
    static let baseSystemDistance: Int32 = 100_000_000

    let distance: Column<Int32>
    let parent: Column<UInt32>

    /// Restored from the persisted index (V8Persistence.swift checks the values first).
    init(distance: Column<Int32>, parent: Column<UInt32>) {
        self.distance = distance
        self.parent = parent
    }

    init(graph: HeapGraph, root: UInt32, facts: EdgeFacts, storage: ArrayStorage = .memory,
         isUserRoot: (UInt32) -> Bool) {
        let n = graph.nodeCount
        var dist = storage.array(repeating: RetainerIndex.noDistance, count: n)
        var par = storage.array(repeating: HeapGraph.none, count: n)
        var queue = storage.uninitializedArray(UInt32.self, count: n)
        queue.removeAll(keepingCapacity: true)
        let r = Int(root)
        for k in Int(graph.outStart[r])..<Int(graph.outStart[r + 1]) {
            let c = Edge.target(graph.outEdges[k])
            if isUserRoot(c) {
                dist[Int(c)] = 1
                par[Int(c)] = root
                queue.append(c)
            }
        }
        var pending = Set<UInt32>()
        func bfs(_ head: inout Int) {
            dist.withUnsafeMutableBufferPointer { dist in
                par.withUnsafeMutableBufferPointer { par in
                    graph.outStart.withUnsafeBufferPointer { os in
                        graph.outEdges.withUnsafeBufferPointer { oe in
                            while head < queue.count {
                                let v = Int(queue[head])
                                head += 1
                                let d = dist[v] + 1
                                for k in Int(os[v])..<Int(os[v + 1]) {
                                    if facts.distanceSkip.contains(k) { continue }
                                    let c = Int(oe[k] & Edge.targetMask)
                                    if dist[c] != RetainerIndex.noDistance { continue }
                                    if let pair = facts.ephemeronPair[UInt32(k)], pending.remove(pair) == nil {
                                        pending.insert(pair)
                                        continue
                                    }
                                    dist[c] = d
                                    par[c] = UInt32(v)
                                    queue.append(UInt32(c))
                                }
                            }
                        }
                    }
                }
            }
        }
        var head = 0
        bfs(&head)
        dist[r] = queue.isEmpty ? 0 : RetainerIndex.baseSystemDistance
        queue.append(root)
        bfs(&head)
        distance = Column(dist)
        parent = Column(par)
    }

    /// The breadth-first chain from a user root (or a child of the root) down to `node`, root side first.
    func chain(to node: UInt32, root: UInt32) -> [UInt32]? {
        guard distance[Int(node)] != RetainerIndex.noDistance, node != root else { return nil }
        var out: [UInt32] = []
        var v = node
        // (parents restored from the persisted index are checked here, on use)
        while v != root && Int(v) < parent.count && out.count <= distance.count {
            out.append(v)
            v = parent[Int(v)]
        }
        return out.reversed()
    }

    /// Up to `max` paths to `target` in the order DevTools' Retainers view lists them: the breadth-first path first,
    /// then through each other retainer by increasing distance (weak edges and edges from the root left out).
    func paths(to target: UInt32, max: Int, graph: HeapGraph, root: UInt32, facts: EdgeFacts) -> [[UInt32]] {
        guard max > 0, target != HeapGraph.superRoot, Int(target) < graph.nodeCount,
              let first = chain(to: target, root: root) else { return [] }
        var paths = [first]
        let firstParent = first.count >= 2 ? first[first.count - 2] : root
        var retainers: [(UInt32, Int32)] = []
        var seen = Set<UInt32>([firstParent, root])
        for raw in graph.predecessors(target) {
            let u = Edge.target(raw)
            if u == HeapGraph.superRoot || seen.contains(u) { continue }
            let d = distance[Int(u)]
            if d == RetainerIndex.noDistance { continue }
            // Only retainers holding `target` through a non-weak edge.
            var strong = false
            for k in Int(graph.outStart[Int(u)])..<Int(graph.outStart[Int(u) + 1])
                where Edge.target(graph.outEdges[k]) == target && !facts.weakType.contains(k) {
                strong = true
                break
            }
            guard strong else { continue }
            seen.insert(u)
            retainers.append((u, d))
        }
        retainers.sort { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        for (u, _) in retainers where paths.count < max {
            guard var p = chain(to: u, root: root), !p.contains(target) else { continue }
            p.append(target)
            paths.append(p)
        }
        return paths
    }
}
