import HeapGraph

/// DevTools' Summary view rows exactly (`buildAggregates` + `calculateClassesRetainedSize`): only objects with a
/// non-zero self size count; a class's retained size sums its instances that no other (non-zero-size) instance of the
/// same class dominates; distance is the smallest distance of an instance.
///
/// It differs from the format-neutral `ClassHistogram` only in leaving out zero-size nodes (synthetic roots, and the
/// internal arrays whose size DevTools moved to their owner).
public struct DevToolsSummaryRow: Sendable, Equatable {
    public var className: String
    public var classIndex: UInt32
    public var count: Int
    public var selfSize: UInt64
    public var retained: UInt64
    /// Smallest DevTools distance of an instance (`nil` when none is reachable).
    public var distance: Int?
}

extension V8Snapshot {
    /// The Summary rows, biggest retained size first (ties by name).
    public func devToolsSummary() -> [DevToolsSummaryRow] {
        let graph = index.graph
        let tree = index.tree
        let classCount = graph.classes.count
        var count = [Int](repeating: 0, count: classCount)
        var selfSum = [UInt64](repeating: 0, count: classCount)
        var retained = [UInt64](repeating: 0, count: classCount)
        var distance = [Int](repeating: Int.max, count: classCount)
        var onPath = [UInt32](repeating: 0, count: classCount)
        for v in 1..<graph.nodeCount {
            let s = graph.shallowSize(UInt32(v))
            if s == 0 { continue }
            let c = Int(graph.classOf[v])
            count[c] += 1
            selfSum[c] &+= s
            if let d = self.distance(UInt32(v)), d < distance[c] { distance[c] = d }
        }
        var stack: [(node: UInt32, next: UInt32, marked: Bool)] = [(HeapGraph.superRoot, tree.childStart[0], false)]
        while let top = stack.last {
            let end = tree.childStart[Int(top.node) + 1]
            if top.next < end {
                stack[stack.count - 1].next += 1
                let child = tree.childList[Int(top.next)]
                let c = Int(graph.classOf[Int(child)])
                var marked = false
                if graph.shallowSize(child) != 0 && onPath[c] == 0 {
                    retained[c] &+= tree.retained[Int(child)]
                    onPath[c] = 1
                    marked = true
                }
                stack.append((child, tree.childStart[Int(child)], marked))
            } else {
                stack.removeLast()
                if top.marked { onPath[Int(graph.classOf[Int(top.node)])] = 0 }
            }
        }
        var rows: [DevToolsSummaryRow] = []
        for c in 0..<classCount where count[c] > 0 {
            rows.append(DevToolsSummaryRow(className: graph.classes[UInt32(c)], classIndex: UInt32(c), count: count[c],
                                           selfSize: selfSum[c], retained: retained[c],
                                           distance: distance[c] == Int.max ? nil : distance[c]))
        }
        return rows.sorted { $0.retained != $1.retained ? $0.retained > $1.retained : $0.className < $1.className }
    }
}
