/// Every node grouped by class: a counting sort of the node ids on `classOf` (one `UInt32` per node plus one per
/// class), so that the instances of a class are a slice instead of a scan of every node. Within a class the ids
/// ascend, the order a scan of `classOf` gives. The super-root and nodes whose class is out of the table are in none.
///
/// Built once, off the UI thread (two passes over `classOf`); `instances(of:)` is then a slice.
public struct ClassInstances: Sendable {
    /// `list[start[c]..<start[c + 1]]` are the instances of class `c`.
    private let start: ContiguousArray<UInt32>
    private let list: [UInt32]

    public init(graph: HeapGraph) {
        let classCount = graph.classes.count
        var start = ContiguousArray<UInt32>(repeating: 0, count: classCount + 1)
        var placed = 0
        graph.classOf.withUnsafeBufferPointer { c in
            start.withUnsafeMutableBufferPointer { st in
                for v in 1..<max(c.count, 1) where Int(c[v]) < classCount { st[Int(c[v]) + 1] &+= 1 }
                for k in 0..<classCount { st[k + 1] &+= st[k] }
                placed = Int(st[classCount])
            }
        }
        var list = [UInt32](repeating: 0, count: placed)
        var cursor = start
        graph.classOf.withUnsafeBufferPointer { c in
            cursor.withUnsafeMutableBufferPointer { cur in
                list.withUnsafeMutableBufferPointer { l in
                    for v in 1..<max(c.count, 1) where Int(c[v]) < classCount {
                        let k = Int(c[v])
                        l[Int(cur[k])] = UInt32(v)
                        cur[k] &+= 1
                    }
                }
            }
        }
        self.start = start
        self.list = list
    }

    /// The nodes of class `cls` in ascending order (empty for a class out of the table).
    public func instances(of cls: UInt32) -> ArraySlice<UInt32> {
        guard Int(cls) + 1 < start.count else { return [] }
        return list[Int(start[Int(cls)])..<Int(start[Int(cls) + 1])]
    }

    /// How many nodes of class `cls` there are.
    public func count(of cls: UInt32) -> Int {
        guard Int(cls) + 1 < start.count else { return 0 }
        return Int(start[Int(cls) + 1] - start[Int(cls)])
    }
}
