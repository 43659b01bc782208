import DumpProgress

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
        let count = SharedBuffer(pointer: UnsafeMutableBufferPointer<Int>.allocate(capacity: classCount))
        let shallow = SharedBuffer(pointer: UnsafeMutableBufferPointer<UInt64>.allocate(capacity: classCount))
        let retained = SharedBuffer(pointer: UnsafeMutableBufferPointer<UInt64>.allocate(capacity: classCount))
        defer {
            count.pointer.deallocate()
            shallow.pointer.deallocate()
            retained.pointer.deallocate()
        }
        // Counts and shallow sums on one core, retained sums (a walk of the dominator tree) on the other.
        BothCores.run({
            ClassHistogram.countAndSum(graph: graph, tree: tree, skipEmpty: skipEmpty, count: count.pointer,
                                       shallow: shallow.pointer)
        }, {
            ClassHistogram.sumRetained(graph: graph, tree: tree, skipEmpty: skipEmpty, retained: retained.pointer)
        })
        var out: [Row] = []
        for c in 0..<classCount where count[c] > 0 {
            out.append(Row(classIndex: UInt32(c), count: count[c], shallow: shallow[c], retained: retained[c]))
        }
        rows = out
    }

    private static func countAndSum(graph: HeapGraph, tree: DominatorTree, skipEmpty: Bool,
                                    count: UnsafeMutableBufferPointer<Int>, shallow: UnsafeMutableBufferPointer<UInt64>) {
        count.initialize(repeating: 0)
        shallow.initialize(repeating: 0)
        tree.idom.withUnsafeBufferPointer { idom in
        graph.classOf.withUnsafeBufferPointer { classOf in
        graph.shallow32.withUnsafeBufferPointer { s32 in
            for v in 1..<graph.nodeCount where idom[v] != HeapGraph.none {
                let s = s32[v]
                if skipEmpty && s == 0 { continue }
                let c = Int(classOf[v])
                count[c] += 1
                shallow[c] &+= s == .max ? graph.shallowSize(UInt32(v)) : UInt64(s)
            }
        }}}
    }

    /// A class's retained size: its instances with no other instance of the class above them in the dominator tree.
    private static func sumRetained(graph: HeapGraph, tree: DominatorTree, skipEmpty: Bool,
                                    retained: UnsafeMutableBufferPointer<UInt64>) {
        retained.initialize(repeating: 0)
        var onPath = [UInt32](repeating: 0, count: retained.count)
        tree.childStart.withUnsafeBufferPointer { cs in
        tree.childList.withUnsafeBufferPointer { cl in
        tree.retained.withUnsafeBufferPointer { ret in
        graph.classOf.withUnsafeBufferPointer { classOf in
        graph.shallow32.withUnsafeBufferPointer { s32 in
        onPath.withUnsafeMutableBufferPointer { onPath in
            // Iterative DFS of the dominator tree; a stack entry is (node, next child position).
            var nodes: [UInt32] = [HeapGraph.superRoot]
            var nexts: [UInt32] = [cs[0]]
            while let node = nodes.last {
                let top = nodes.count - 1
                let next = nexts[top]
                if next < cs[Int(node) + 1] {
                    nexts[top] = next + 1
                    let child = Int(cl[Int(next)])
                    if !(skipEmpty && s32[child] == 0) {
                        let c = Int(classOf[child])
                        if onPath[c] == 0 { retained[c] &+= ret[child] }
                        onPath[c] += 1
                    }
                    nodes.append(UInt32(child))
                    nexts.append(cs[child])
                } else {
                    nodes.removeLast()
                    nexts.removeLast()
                    if node != HeapGraph.superRoot && !(skipEmpty && s32[Int(node)] == 0) {
                        onPath[Int(classOf[Int(node)])] -= 1
                    }
                }
            }
        }}}}}}
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
