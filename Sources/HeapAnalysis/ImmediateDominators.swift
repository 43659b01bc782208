import HeapGraph

/// The objects that directly keep the instances of one class alive, grouped by their class (MAT's "Immediate
/// Dominators" query). For each reachable instance the dominator chain is walked up from its immediate dominator,
/// passing over objects of the class itself (so a `Node` held by another `Node` counts under whatever holds the
/// chain, as MAT does) and, with `skip`, over classes the skip rule names (MAT's default skip pattern
/// `java.*|com.sun.*`): the first object left is the instance's dominator. An instance whose chain reaches the GC
/// roots without such an object counts under `GC roots` (no single object keeps it alive). A class object (static
/// fields) is a row of its own named by the class it stands for, and the skip rule looks at that class's name, so
/// `LeakDemo`'s statics show and `java.lang.System`'s are passed over with the JDK.
///
/// Per dominator class: the distinct dominators, the instances they dominate, the dominators' shallow bytes, what
/// the dominators retain and what the dominated instances retain, each counted once: a dominator below another one
/// of the same row (an instance below another instance) is not added again, so both sums are exact dominator-tree
/// sizes, never more than the heap.
public struct ImmediateDominators: Sendable {
    public struct Row: Sendable {
        /// The dominators' class, nil for the GC roots row. For `statics` the class whose class object it is.
        public var classIndex: UInt32?
        /// The row is one class object (its static fields hold the instances), named by the class it stands for.
        public var statics = false
        /// The distinct dominators, in no particular order.
        public var dominators: [UInt32]
        /// Instances of the class that these dominators keep alive.
        public var dominated: Int
        public var shallow: UInt64
        /// Bytes the dominators retain together (each object once).
        public var retained: UInt64
        /// Bytes the dominated instances retain together (each object once).
        public var dominatedRetained: UInt64
    }

    /// The class whose instances were looked at.
    public let classIndex: UInt32
    /// Biggest dominated retained size first (ties: more instances, then class index).
    public let rows: [Row]
    /// Reachable instances considered (unreachable ones have no dominator).
    public let instances: Int
    public let skipping: Bool

    /// MAT's default skip pattern: JDK classes (`java.`, `javax.`, `jdk.`, `sun.`, `com.sun.`) and arrays of them.
    public static func isJDKClass(_ name: String) -> Bool {
        var n = Substring(name)
        while n.hasSuffix("[]") { n = n.dropLast(2) }
        return n.hasPrefix("java.") || n.hasPrefix("javax.") || n.hasPrefix("jdk.") || n.hasPrefix("sun.")
            || n.hasPrefix("com.sun.")
    }

    /// `skip`: per class index, whether a dominator of that class is passed over (nil: none is).
    public init(class cls: UInt32, instances nodes: some Collection<UInt32>, in index: HeapIndex, skip: [Bool]? = nil) {
        classIndex = cls
        skipping = skip != nil
        let graph = index.graph, tree = index.tree
        let idom = tree.idom, classOf = graph.classOf
        var standsFor: [UInt32: UInt32] = [:]   // class object → the class it stands for
        for (k, node) in graph.classes.classObjects.enumerated() { if let node { standsFor[node] = UInt32(k) } }
        func passed(_ d: UInt32) -> Bool {
            let c = classOf[Int(d)]
            if c == cls { return true }
            let named = standsFor[d] ?? c
            return skip.map { Int(named) < $0.count && $0[Int(named)] } ?? false
        }
        var rowOf: [UInt64: Int] = [:]   // class, or 1 << 32 | class for a class object; .max: the roots
        var building: [Row] = []
        var members: [Set<UInt32>] = []
        // Per row, the instances whose chain met no other instance (one met is in the same row and covers it).
        var heads: [Set<UInt32>] = []
        var reachable = 0
        for x in nodes where x != HeapGraph.superRoot && tree.isReachable(x) {
            reachable += 1
            var d = idom[Int(x)]
            var topmost = true
            while d != HeapGraph.superRoot && d != HeapGraph.none && passed(d) {
                if classOf[Int(d)] == cls { topmost = false }
                d = idom[Int(d)]
            }
            let atRoots = d == HeapGraph.superRoot || d == HeapGraph.none
            let statics = atRoots ? nil : standsFor[d]
            let rowClass: UInt32? = atRoots ? nil : statics ?? classOf[Int(d)]
            let key: UInt64 = rowClass.map { UInt64($0) | (statics == nil ? 0 : 1 << 32) } ?? .max
            let r: Int
            if let hit = rowOf[key] { r = hit } else {
                r = building.count
                rowOf[key] = r
                building.append(Row(classIndex: rowClass, statics: statics != nil, dominators: [], dominated: 0,
                                    shallow: 0, retained: 0, dominatedRetained: 0))
                members.append([])
                heads.append([])
            }
            building[r].dominated += 1
            if topmost { heads[r].insert(x) }
            if !atRoots, members[r].insert(d).inserted {
                building[r].shallow &+= graph.shallowSize(d)
            }
        }
        for r in building.indices {
            building[r].retained = DominatorSets.retained(members[r], tree: tree)
            // An instance can still sit below another of the same row: one above the row's dominator.
            building[r].dominatedRetained = DominatorSets.retained(heads[r], tree: tree)
            building[r].dominators = Array(members[r])
        }
        instances = reachable
        rows = building.sorted { a, b in
            if a.dominatedRetained != b.dominatedRetained { return a.dominatedRetained > b.dominatedRetained }
            if a.dominated != b.dominated { return a.dominated > b.dominated }
            return (a.classIndex ?? .max) < (b.classIndex ?? .max)
        }
    }
}
