import HeapGraph

/// DevTools' Distance column of the Summary view: per constructor the smallest distance of an object the Summary
/// counts (non-zero self size, as `buildAggregates` does), per object its own distance (`distance(_:)`).
extension V8Snapshot {
    /// Per class: the smallest DevTools distance of a non-zero-size instance; `RetainerIndex.noDistance` (-5) when
    /// none has one. Computed once.
    public func classDistances() -> ContiguousArray<Int32>? {
        classDistanceCache.get { [self] in
            let graph = index.graph
            let distance = retainerIndex.distance
            var out = ContiguousArray<Int32>(repeating: Int32.max, count: graph.classes.count)
            graph.classOf.withUnsafeBufferPointer { classOf in
                for v in 1..<graph.nodeCount where graph.shallow32[v] != 0 {
                    let d = distance[v]
                    if d == RetainerIndex.noDistance { continue }
                    let c = Int(classOf[v])
                    if d < out[c] { out[c] = d }
                }
            }
            for c in out.indices where out[c] == Int32.max { out[c] = RetainerIndex.noDistance }
            return out
        }
    }
}
