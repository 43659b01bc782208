/// Per class: how many reachable objects, their shallow bytes, and the bytes they retain together.
///
/// A class's retained size is the sum of the retained sizes of its instances that have no other instance of the
/// same class above them in the dominator tree (so nothing is counted twice), as DevTools and VisualVM show it.
public struct ClassHistogram: Sendable {
    public struct Row: Sendable, Equatable {
        public var classIndex: UInt32
        public var count: Int
        public var shallow: UInt64
        public var retained: UInt64
    }

    /// One row per class that has reachable instances, in class-index order.
    public let rows: [Row]

    /// With `skipEmpty`, objects of shallow size 0 are left out (not counted, not summed, not hiding instances of their
    /// class below them), as DevTools' Summary does for V8 snapshots.
    public init(graph: HeapGraph, tree: DominatorTree, skipEmpty: Bool = false) {
        let classCount = graph.classes.count
        var count = [Int](repeating: 0, count: classCount)
        var shallow = [UInt64](repeating: 0, count: classCount)
        var retained = [UInt64](repeating: 0, count: classCount)
        var onPath = [UInt32](repeating: 0, count: classCount)
        for v in 1..<graph.nodeCount where tree.idom[v] != HeapGraph.none {
            if skipEmpty && graph.shallow32[v] == 0 { continue }
            let c = Int(graph.classOf[v])
            count[c] += 1
            shallow[c] &+= graph.shallowSize(UInt32(v))
        }
        // Iterative DFS of the dominator tree; a stack entry is (node, next child position).
        var stack: [(node: UInt32, next: UInt32)] = [(HeapGraph.superRoot, tree.childStart[0])]
        while let top = stack.last {
            let end = tree.childStart[Int(top.node) + 1]
            if top.next < end {
                stack[stack.count - 1].next += 1
                let child = tree.childList[Int(top.next)]
                let counted = !(skipEmpty && graph.shallow32[Int(child)] == 0)
                let c = Int(graph.classOf[Int(child)])
                if counted {
                    if onPath[c] == 0 { retained[c] &+= tree.retained[Int(child)] }
                    onPath[c] += 1
                }
                stack.append((child, tree.childStart[Int(child)]))
            } else {
                stack.removeLast()
                if top.node != HeapGraph.superRoot && !(skipEmpty && graph.shallow32[Int(top.node)] == 0) {
                    onPath[Int(graph.classOf[Int(top.node)])] -= 1
                }
            }
        }
        var out: [Row] = []
        for c in 0..<classCount where count[c] > 0 {
            out.append(Row(classIndex: UInt32(c), count: count[c], shallow: shallow[c], retained: retained[c]))
        }
        rows = out
    }

    /// A restored histogram (see `HeapIndex.restore`).
    init(rows: [Row]) { self.rows = rows }

    public enum SortKey: String, Sendable, CaseIterable {
        case retained, shallow, count, name
    }

    /// Rows sorted biggest first (names ascending), ties broken by name.
    public func sorted(by key: SortKey, classes: ClassTable) -> [Row] {
        rows.sorted { a, b in
            switch key {
            case .retained where a.retained != b.retained: return a.retained > b.retained
            case .shallow where a.shallow != b.shallow: return a.shallow > b.shallow
            case .count where a.count != b.count: return a.count > b.count
            default: return classes[a.classIndex] < classes[b.classIndex]
            }
        }
    }
}
