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

    /// Whether the per-node marks of a class of `count` instances are flat arrays (one entry per node: 15 M on the
    /// benchmark dump, some 90 MB to allocate, clear and free) or dictionaries of the nodes met: flat only when the
    /// class holds a good share of the heap (1/32), so `i` on a class of 160,000 instances among 15.6 M objects
    /// does not pay for three heap-wide arrays.
    static func denseMarks(_ count: Int, nodeCount: Int) -> Bool {
        NodeMarks<Bool>.denseFor(count) && count >= nodeCount / 32
    }

    /// `skip`: per class index, whether a dominator of that class is passed over (nil: none is).
    ///
    /// One pass over the instances with flat per-node arrays (no per-object sets): the walk up a chain of passed-over
    /// objects is remembered per object (path compression), so 4 M `byte[]` behind the same JDK maps cost one walk
    /// each plus one lookup.
    public init(class cls: UInt32, instances nodes: some Collection<UInt32>, in index: HeapIndex, skip: [Bool]? = nil) {
        classIndex = cls
        skipping = skip != nil
        let graph = index.graph, tree = index.tree
        let idom = tree.idom, classOf = graph.classOf
        var standsFor: [UInt32: UInt32] = [:]   // class object → the class it stands for
        var classObjectClass = [Bool](repeating: false, count: graph.classes.count)
        for (k, node) in graph.classes.classObjects.enumerated() {
            guard let node, Int(node) < graph.nodeCount else { continue }
            standsFor[node] = UInt32(k)
            classObjectClass[Int(classOf[Int(node)])] = true
        }
        func statics(_ d: UInt32) -> UInt32? { classObjectClass[Int(classOf[Int(d)])] ? standsFor[d] : nil }
        func passed(_ d: UInt32) -> Bool {
            let c = classOf[Int(d)]
            if c == cls { return true }
            guard let skip else { return false }
            let named = statics(d) ?? c
            return Int(named) < skip.count && skip[Int(named)]
        }
        // jump[v] for a passed-over v: the dominator its chain ends at (`metBit`: an instance on the way), else unknown.
        let unknown = UInt32.max, metBit: UInt32 = 0x8000_0000
        let dense = ImmediateDominators.denseMarks(nodes.count, nodeCount: graph.nodeCount)
        var jump = NodeMarks(nodeCount: graph.nodeCount, empty: unknown, dense: dense)
        var isDominator = NodeMarks(nodeCount: graph.nodeCount, empty: false, dense: dense)
        var rowOfClass = [Int32](repeating: -1, count: graph.classes.count)
        var rowOfStatics: [UInt32: Int] = [:]
        var rootsRow = -1
        var building: [Row] = []
        // Per row its distinct dominators, and the instances whose chain met no other instance (one met is in the
        // same row and covers it).
        var members: [[UInt32]] = []
        var heads: [[UInt32]] = []
        var path: [UInt32] = []
        var reachable = 0
        func row(for d: UInt32?) -> Int {
            let st = d.flatMap(statics)
            let existing: Int?
            if let d {
                let k = rowOfClass[Int(classOf[Int(d)])]
                existing = st.map { rowOfStatics[$0] } ?? (k >= 0 ? Int(k) : nil)
            } else {
                existing = rootsRow >= 0 ? rootsRow : nil
            }
            if let existing { return existing }
            let r = building.count
            let rowClass = d.map { st ?? classOf[Int($0)] }
            if let st { rowOfStatics[st] = r } else if let rowClass { rowOfClass[Int(rowClass)] = Int32(r) } else { rootsRow = r }
            building.append(Row(classIndex: rowClass, statics: st != nil, dominators: [], dominated: 0, shallow: 0,
                                retained: 0, dominatedRetained: 0))
            members.append([])
            heads.append([])
            return r
        }
        for x in nodes where x != HeapGraph.superRoot && tree.isReachable(x) {
            reachable += 1
            path.removeAll(keepingCapacity: true)
            var v = idom[Int(x)]
            var met = false
            var result: UInt32
            while true {
                if v == HeapGraph.superRoot || v == HeapGraph.none { result = HeapGraph.superRoot; break }
                let j = jump[v]
                if j != unknown { result = j & ~metBit; met = j & metBit != 0; break }
                if !passed(v) { result = v; break }
                path.append(v)
                v = idom[Int(v)]
            }
            for p in path.reversed() {
                if classOf[Int(p)] == cls { met = true }
                jump[p] = result | (met ? metBit : 0)
            }
            let atRoots = result == HeapGraph.superRoot
            let r = row(for: atRoots ? nil : result)
            building[r].dominated += 1
            if !met { heads[r].append(x) }
            if !atRoots && !isDominator[result] {
                isDominator[result] = true
                members[r].append(result)
                building[r].shallow &+= graph.shallowSize(result)
            }
        }
        var scratch = DominatorSets.Scratch(nodeCount: graph.nodeCount, dense: dense)
        for r in building.indices {
            building[r].retained = DominatorSets.retained(members[r], tree: tree, scratch: &scratch)
            // An instance can still sit below another of the same row: one above the row's dominator.
            building[r].dominatedRetained = DominatorSets.retained(heads[r], tree: tree, scratch: &scratch)
            building[r].dominators = members[r]
        }
        instances = reachable
        rows = building.sorted { a, b in
            if a.dominatedRetained != b.dominatedRetained { return a.dominatedRetained > b.dominatedRetained }
            if a.dominated != b.dominated { return a.dominated > b.dominated }
            return (a.classIndex ?? .max) < (b.classIndex ?? .max)
        }
    }
}
