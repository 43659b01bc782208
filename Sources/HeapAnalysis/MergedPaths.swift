import HeapGraph

/// MAT's "merge shortest paths to GC roots" for a whole class: the shortest path from a GC root to each instance
/// (weak and soft references excluded: they do not keep objects alive), merged into one tree from the roots down.
/// Steps merge by (class, field) — array elements as `[]` — so 5,000 sessions held by one map's table are one line
/// `HashMap$Node[] .[] → HashMap$Node` with their count. Each node says how many of the instances are reached through
/// it and what they retain together (instances below another instance of the class in the dominator tree are not
/// counted again, as in the class histogram).
///
/// Bounded: the `maxInstances` biggest instances (by retained size) are considered, and the backward searches stop
/// after `budget` visited objects in all; `considered`, `traced` and `budgetExhausted` say how far it got. After
/// `exactNames` reference lookups, a step between two classes already seen takes the field name found first for them
/// (`namesByClass`): naming a reference may decode the source object, and thousands of lookups cost seconds.
public struct MergedPaths: Sendable {
    public struct Node: Sendable, Equatable {
        /// The first object met at this step (an example to open).
        public var object: UInt32
        /// The class name (format's display name: `class X` for a class object).
        public var className: String
        /// The reference from the parent step that leads here (nil for GC roots and node 0).
        public var field: String?
        public var parent: Int
        public var depth: Int
        /// Instances reached through this step.
        public var count: Int
        /// What they retain together.
        public var retained: UInt64
    }

    /// Node 0 stands for the GC roots; its children are the roots the paths start at.
    public private(set) var nodes: [Node] = []
    /// Children per node, biggest retained first (then most instances, then name).
    public private(set) var children: [[Int]] = []
    /// Instances of the class (reachable ones).
    public let total: Int
    /// Instances whose paths were looked for (the biggest `maxInstances`).
    public let considered: Int
    /// Instances with a path in the tree (the others were unreachable through strong references, or the work limit
    /// was reached before their search ended).
    public private(set) var traced = 0
    public private(set) var budgetExhausted = false
    /// Whether some steps were named by the classes they join (after `exactNames` exact lookups).
    public private(set) var namesByClass = false
    /// Reference names looked up exactly before steps between two classes already named reuse that name.
    public static let exactNames = 200

    public static let defaultMaxInstances = 5_000
    public static let defaultBudget = 2_000_000

    /// `instances`: the nodes of class `cls` when the caller has them (else they are looked up: one pass).
    public init<C: Collection<UInt32>>(class cls: UInt32, instances: C? = nil as [UInt32]?, in index: HeapIndex,
                                       maxInstances: Int = defaultMaxInstances, budget: Int = defaultBudget) {
        let graph = index.graph, tree = index.tree
        let all = MergedPaths.reachable(cls, instances, graph: graph, tree: tree)
        total = all.count
        // The biggest, over the raw buffer: the reads of the retained sizes are scattered over the heap.
        let chosen = tree.retained.withUnsafeBufferPointer { r in
            TopK.select(all, limit: maxInstances) { a, b in DominatorTree.before(a, r[Int(a)], b, r[Int(b)]) }
        }
        considered = chosen.count
        nodes = [Node(object: HeapGraph.superRoot, className: "(GC roots)", field: nil, parent: -1, depth: 0,
                      count: 0, retained: 0)]
        children = [[]]
        var index_: [Key: Int] = [:]
        var placed: [UInt64: Int] = [:]
        var pairNames: [UInt64: String] = [:]
        var lookups = 0
        var left = budget
        for instance in chosen {
            guard let path = MergedPaths.shortestPath(in: graph, to: instance, budget: &left) else {
                if left <= 0 { budgetExhausted = true; break }
                continue
            }
            traced += 1
            let retained = MergedPaths.isTopLevel(instance, cls: cls, graph: graph, tree: tree)
                ? tree.retained[Int(instance)] : 0
            var at = 0
            nodes[0].count += 1
            nodes[0].retained &+= retained
            var previousName = nodes[0].className
            for (k, v) in path.enumerated() {
                // The same object under the same step again (the shared part of the paths): no names to look up.
                if let i = placed[UInt64(at) << 32 | UInt64(v)] {
                    nodes[i].count += 1
                    nodes[i].retained &+= retained
                    at = i
                    previousName = nodes[i].className
                    continue
                }
                let name = index.details.displayClassName(v)
                // An element of an array merges as `[]`: no need to look for its index (a linear scan of the array).
                var field: String? = nil
                if k > 0 {
                    if previousName.hasSuffix("[]") {
                        field = "[]"
                    } else {
                        // Naming a reference can mean decoding the source object (HPROF: finding its record): after
                        // `exactNames` lookups, a step between two classes already named takes that name.
                        let pair = UInt64(graph.classOf[Int(path[k - 1])]) << 32 | UInt64(graph.classOf[Int(v)])
                        if lookups >= MergedPaths.exactNames, let known = pairNames[pair] {
                            field = known
                            namesByClass = true
                        } else {
                            lookups += 1
                            field = MergedPaths.mergedField(index.details.referenceName(from: path[k - 1], to: v))
                            if pairNames[pair] == nil { pairNames[pair] = field }
                        }
                    }
                }
                previousName = name
                let key = Key(parent: at, className: name, field: field)
                let i: Int
                if let hit = index_[key] {
                    i = hit
                } else {
                    i = nodes.count
                    nodes.append(Node(object: v, className: name, field: field, parent: at,
                                      depth: nodes[at].depth + 1, count: 0, retained: 0))
                    children.append([])
                    children[at].append(i)
                    index_[key] = i
                }
                placed[UInt64(at) << 32 | UInt64(v)] = i
                nodes[i].count += 1
                nodes[i].retained &+= retained
                at = i
            }
        }
        for i in children.indices {
            children[i].sort { a, b in
                let x = nodes[a], y = nodes[b]
                if x.retained != y.retained { return x.retained > y.retained }
                if x.count != y.count { return x.count > y.count }
                return (x.className, x.field ?? "") < (y.className, y.field ?? "")
            }
        }
    }

    /// The reachable nodes of class `cls` among `instances` (all nodes when nil: one pass), in their order.
    static func reachable<C: Collection<UInt32>>(_ cls: UInt32, _ instances: C?, graph: HeapGraph,
                                                 tree: DominatorTree) -> [UInt32] {
        var all: [UInt32] = []
        graph.classOf.withUnsafeBufferPointer { c in
            tree.idom.withUnsafeBufferPointer { idom in
                if let instances {
                    all.reserveCapacity(instances.count)
                    for v in instances where Int(v) < c.count && c[Int(v)] == cls && idom[Int(v)] != HeapGraph.none {
                        all.append(v)
                    }
                } else {
                    for v in 1..<max(c.count, 1) where c[v] == cls && idom[v] != HeapGraph.none { all.append(UInt32(v)) }
                }
            }
        }
        return all
    }

    struct Key: Hashable {
        var parent: Int
        var className: String
        var field: String?
    }

    /// Array elements merge: `[17]` (HPROF) and `17` (V8 element edges) → `[]`.
    static func mergedField(_ name: String?) -> String {
        guard let name else { return "?" }
        var digits = Substring(name)
        if digits.count > 2, digits.first == "[", digits.last == "]" { digits = digits.dropFirst().dropLast() }
        if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) { return "[]" }
        return name
    }

    /// Whether no other instance of `cls` lies above `node` in the dominator tree.
    static func isTopLevel(_ node: UInt32, cls: UInt32, graph: HeapGraph, tree: DominatorTree) -> Bool {
        var v = tree.idom[Int(node)]
        while v != HeapGraph.none && v != HeapGraph.superRoot {
            if graph.classOf[Int(v)] == cls { return false }
            v = tree.idom[Int(v)]
        }
        return true
    }

    /// A shortest path from a GC root to `target` over strong references (breadth first, backwards), or nil when
    /// there is none or `budget` visits run out first (each visited object costs one).
    static func shortestPath(in graph: HeapGraph, to target: UInt32, budget: inout Int) -> [UInt32]? {
        var next: [UInt32: UInt32] = [target: target]
        var queue: [UInt32] = [target]
        var head = 0
        while head < queue.count {
            guard budget > 0 else { return nil }
            budget -= 1
            let v = queue[head]
            head += 1
            let preds = graph.predecessors(v)
            if preds.contains(HeapGraph.superRoot) {
                var path: [UInt32] = [v]
                var x = v
                while x != target, let n = next[x] {
                    x = n
                    path.append(x)
                }
                return path
            }
            for raw in preds where !Edge.isWeak(raw) {
                let u = Edge.target(raw)
                if next[u] == nil {
                    next[u] = v
                    queue.append(u)
                }
            }
        }
        return nil
    }
}
