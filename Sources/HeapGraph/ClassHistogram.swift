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
    /// class below them), as DevTools' Summary does for V8 snapshots. One walk of the finished tree through the same
    /// `ClassTally` that the first open's retained-size walk fills (`DominatorTree.withClassTallies`).
    public init(graph: HeapGraph, tree: DominatorTree, skipEmpty: Bool = false) {
        let tally = ClassTally(graph: graph, skipEmpty: skipEmpty)
        tree.childStart.withUnsafeBufferPointer { cs in
        tree.childList.withUnsafeBufferPointer { cl in
        tree.retained.withUnsafeBufferPointer { ret in
            // Iterative DFS of the dominator tree; a stack entry is (node, next child position).
            var nodes: [UInt32] = [HeapGraph.superRoot]
            var nexts: [UInt32] = [cs[0]]
            while let node = nodes.last {
                let top = nodes.count - 1
                let next = nexts[top]
                if next < cs[Int(node) + 1] {
                    nexts[top] = next + 1
                    let child = cl[Int(next)]
                    tally.enter(Int(child))
                    nodes.append(child)
                    nexts.append(cs[Int(child)])
                } else {
                    nodes.removeLast()
                    nexts.removeLast()
                    if node != HeapGraph.superRoot {
                        tally.leave(Int(node), size: graph.shallowSize(node), retained: ret[Int(node)])
                    }
                }
            }
        }}}
        self.init(tallies: [tally])
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
