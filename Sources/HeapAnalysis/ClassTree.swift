import HeapGraph

/// The dominator tree folded by class: node 0 stands for the GC roots, and under each node the dominator-tree
/// children of all the objects it stands for are merged by class name (HANA: allocator). A node's `retained` is the
/// sum of the retained sizes of its objects, so siblings never add up to more than their parent. It is small
/// (bounded by `maxDepth`, `minBytes` and `maxNodes`) and outlives the dump it came from: the flame graph of the
/// HTML report draws it, and `hdx growth` keeps one per snapshot instead of the snapshot itself.
public struct ClassTree: Sendable {
    public struct Node: Sendable, Equatable {
        public var key: String
        public var parent: Int
        public var depth: Int
        public var retained: UInt64
        public var count: Int
        /// The biggest object the node stands for (a node of the dump it was built from; 0 for node 0).
        public var biggest: UInt32
    }

    public private(set) var nodes: [Node]
    /// Children per node, biggest retained first (then by key).
    public private(set) var children: [[Int]]

    /// Folds `index`'s dominator tree. With a `template` (a tree of another snapshot of the same process) the result
    /// has exactly the template's nodes, in its order, each with this snapshot's figures (0 where the path is
    /// absent); the limits then do not apply.
    public init(index: HeapIndex, maxDepth: Int = 12, minBytes: UInt64 = 1, maxNodes: Int = 50_000,
                template: ClassTree? = nil) {
        let tree = index.tree
        var nodes: [Node]
        if let template {
            nodes = template.nodes.map { Node(key: $0.key, parent: $0.parent, depth: $0.depth, retained: 0, count: 0,
                                              biggest: 0) }
            nodes[0].retained = index.reachableBytes
            nodes[0].count = 1
        } else {
            nodes = [Node(key: "(roots)", parent: -1, depth: 0, retained: index.reachableBytes, count: 1, biggest: 0)]
        }
        var children: [[Int]] = template?.children ?? [[]]
        // Template lookup: child index by key, per node.
        let templateChildren: [[String: Int]]? = template.map { t in
            t.children.map { cs in Dictionary(cs.map { (t.nodes[$0].key, $0) }, uniquingKeysWith: { a, _ in a }) }
        }
        // Breadth first: each entry is a folded node and the dump objects it stands for.
        var queue: [(node: Int, members: [UInt32])] = [(0, [HeapGraph.superRoot])]
        var head = 0
        while head < queue.count {
            let (at, members) = queue[head]
            queue[head].members = []
            head += 1
            if template == nil && nodes[at].depth >= maxDepth { continue }
            if let tc = templateChildren, tc[at].isEmpty { continue }
            var groups: [String: (retained: UInt64, members: [UInt32], biggest: UInt32, biggestRetained: UInt64)] = [:]
            for m in members {
                let start = Int(tree.childStart[Int(m)]), end = Int(tree.childStart[Int(m) + 1])
                for k in start..<end {
                    let c = tree.childList[k]
                    let r = tree.retained[Int(c)]
                    let key = index.details.displayClassName(c)
                    if let tc = templateChildren, tc[at][key] == nil { continue }
                    var g = groups[key] ?? (0, [], c, r)
                    g.retained &+= r
                    g.members.append(c)
                    if r > g.biggestRetained { g.biggest = c; g.biggestRetained = r }
                    groups[key] = g
                }
            }
            if let tc = templateChildren {
                for (key, g) in groups {
                    let i = tc[at][key]!
                    nodes[i].retained = g.retained
                    nodes[i].count = g.members.count
                    nodes[i].biggest = g.biggest
                    queue.append((i, g.members))
                }
                continue
            }
            let kept = groups.filter { $0.value.retained >= minBytes }
                .sorted { $0.value.retained != $1.value.retained ? $0.value.retained > $1.value.retained : $0.key < $1.key }
            for (key, g) in kept {
                guard nodes.count < maxNodes else { break }
                let i = nodes.count
                nodes.append(Node(key: key, parent: at, depth: nodes[at].depth + 1, retained: g.retained,
                                  count: g.members.count, biggest: g.biggest))
                children.append([])
                children[at].append(i)
                queue.append((i, g.members))
            }
        }
        self.nodes = nodes
        self.children = children
    }

    public var count: Int { nodes.count }

    /// The nodes from node 0's child down to `v`.
    public func path(to v: Int) -> [Int] {
        var out: [Int] = []
        var at = v
        while at > 0 { out.append(at); at = nodes[at].parent }
        return out.reversed()
    }

    /// Shark's heap growth over a series of trees built with one template (`series[k][v]`: node v's retained size
    /// in snapshot k): the dominator paths along which the retained size grew at every step (shown from the roots;
    /// the nodes above the first growing one may have stayed flat). A path ends
    /// where no single growing child carries at least `ratio` of the last step's growth (there the growth spreads
    /// out or stops: the accumulation point), or at a node whose object count grew at every step (`counts`, same shape
    /// as `series`); paths below an end are not reported separately. Biggest last-step
    /// growth first.
    public static func growingPaths(template: ClassTree, series: [[UInt64]], counts: [[Int]]? = nil,
                                    ratio: Double = 0.7) -> [Int] {
        guard series.count >= 2 else { return [] }
        let n = template.count
        func grows(_ v: Int) -> Bool {
            for k in 1..<series.count where series[k][v] <= series[k - 1][v] { return false }
            return true
        }
        func lastGrowth(_ v: Int) -> UInt64 { series[series.count - 1][v] &- series[series.count - 2][v] }
        // More objects of the class at this place at every step: the objects are what accumulates (the entries of
        // a growing list), not something inside each of them.
        func more(_ v: Int) -> Bool {
            guard let counts, counts.count == series.count else { return false }
            for k in 1..<counts.count where counts[k][v] <= counts[k - 1][v] { return false }
            return true
        }
        var ends: [Int] = []
        var stack = template.children[0]
        while let v = stack.popLast() {
            guard v < n else { continue }
            // A node that did not grow at every step is no part of a path, but a subtree below it may be (a
            // growing cache under a pool whose total stayed flat).
            guard grows(v) else { stack.append(contentsOf: template.children[v]); continue }
            let growing = template.children[v].filter(grows)
            let g = Double(lastGrowth(v))
            if !more(v), growing.contains(where: { Double(lastGrowth($0)) >= ratio * g }) {
                stack.append(contentsOf: growing)
            } else {
                ends.append(v)
            }
        }
        return ends.sorted { lastGrowth($0) != lastGrowth($1) ? lastGrowth($0) > lastGrowth($1) : $0 < $1 }
    }
}
