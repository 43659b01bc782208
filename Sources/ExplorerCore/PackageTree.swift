import HeapGraph

/// The class histogram folded into packages (MAT's "group by package"): `java › util › concurrent ›
/// ConcurrentHashMap$Node[]`, each package with the summed object count and shallow bytes of its classes. A
/// package's retained size counts each object once: an object adds its retained size unless an object of the same
/// package (or a subpackage) lies above it in the dominator tree (the class histogram's rule, per package), so a
/// package never retains more than the reachable heap. Built once per histogram (one pass over the dominator tree).
/// The same tree groups classes by their class loader (MAT's "group by class loader", HPROF).
struct PackageTree: Sendable {
    struct Node: Sendable {
        /// A package's last segment (`concurrent`), or a class's name without its package.
        var name: String
        var parent: Int
        var depth: Int
        /// For a class (a leaf): its index; nil for a package.
        var classIndex: UInt32?
        var count = 0
        var shallow: UInt64 = 0
        var retained: UInt64 = 0
        var classes = 0
        var children: [Int] = []
    }

    /// Node 0 is the root (every class); depth 0.
    private(set) var nodes: [Node]

    /// A class's groups from the outside in and its name in the tree: its packages and simple name.
    static func packages(_ full: String) -> (groups: [Substring], leaf: String) {
        guard let cut = ClassNames.packageEnd(full) else { return ([], full) }
        return (full[..<full.index(before: cut)].split(separator: ".", omittingEmptySubsequences: false),
                String(full[cut...]))
    }

    /// `groups` places a class (by index) under one group each instead of its packages (a class loader: one level,
    /// the class under its full name).
    init(rows: [ClassHistogram.Row], graph: HeapGraph, tree: DominatorTree, skipEmpty: Bool,
         groups: [String]? = nil) {
        var nodes = [Node(name: "", parent: -1, depth: 0)]
        var packageIndex: [String: Int] = [:]
        var leafOf = [Int](repeating: -1, count: graph.classes.count)
        for r in rows {
            let full = graph.classes[r.classIndex]
            var at = 0
            let (path, leafName) = groups.map { g in
                (Int(r.classIndex) < g.count ? [Substring(g[Int(r.classIndex)])] : [], full)
            } ?? PackageTree.packages(full)
            var prefix = ""
            for segment in path {
                prefix += (prefix.isEmpty ? "" : "\u{0}") + segment
                if let i = packageIndex[prefix] {
                    at = i
                } else {
                    nodes.append(Node(name: String(segment), parent: at, depth: nodes[at].depth + 1))
                    nodes[at].children.append(nodes.count - 1)
                    at = nodes.count - 1
                    packageIndex[prefix] = at
                }
            }
            nodes.append(Node(name: leafName, parent: at, depth: nodes[at].depth + 1, classIndex: r.classIndex,
                              count: r.count, shallow: r.shallow, retained: r.retained, classes: 1))
            nodes[at].children.append(nodes.count - 1)
            leafOf[Int(r.classIndex)] = nodes.count - 1
            var p = at
            while p >= 0 {
                nodes[p].count += r.count
                nodes[p].shallow &+= r.shallow
                nodes[p].classes += 1
                p = nodes[p].parent
            }
        }
        nodes[0].retained = tree.retained[0]
        PackageTree.addRetained(&nodes, leafOf: leafOf, graph: graph, tree: tree, skipEmpty: skipEmpty)
        self.nodes = nodes
    }

    /// One iterative pass over the dominator tree: an object adds its retained size to each of its class's packages
    /// that has no object on the dominator path above it.
    private static func addRetained(_ nodes: inout [Node], leafOf: [Int], graph: HeapGraph, tree: DominatorTree,
                                    skipEmpty: Bool) {
        // Per class, its packages (leaf's ancestors below the root), flattened.
        var chainStart = [Int](repeating: 0, count: leafOf.count + 1)
        var chains: [Int32] = []
        for c in 0..<leafOf.count {
            if leafOf[c] >= 0 {
                var p = nodes[leafOf[c]].parent
                while p > 0 { chains.append(Int32(p)); p = nodes[p].parent }
            }
            chainStart[c + 1] = chains.count
        }
        guard !chains.isEmpty else { return }
        var onPath = [Int32](repeating: 0, count: nodes.count)
        var sums = [UInt64](repeating: 0, count: nodes.count)
        func counted(_ v: UInt32) -> Bool { !(skipEmpty && graph.shallow32[Int(v)] == 0) }
        var stack: [(node: UInt32, next: UInt32)] = [(HeapGraph.superRoot, tree.childStart[0])]
        while let top = stack.last {
            let end = tree.childStart[Int(top.node) + 1]
            if top.next < end {
                stack[stack.count - 1].next += 1
                let child = tree.childList[Int(top.next)]
                if counted(child) {
                    let c = Int(graph.classOf[Int(child)])
                    let r = tree.retained[Int(child)]
                    for k in chainStart[c]..<chainStart[c + 1] {
                        let p = Int(chains[k])
                        if onPath[p] == 0 { sums[p] &+= r }
                        onPath[p] += 1
                    }
                }
                stack.append((child, tree.childStart[Int(child)]))
            } else {
                stack.removeLast()
                if top.node != HeapGraph.superRoot && counted(top.node) {
                    let c = Int(graph.classOf[Int(top.node)])
                    for k in chainStart[c]..<chainStart[c + 1] { onPath[Int(chains[k])] -= 1 }
                }
            }
        }
        for i in 1..<nodes.count where nodes[i].classIndex == nil { nodes[i].retained = sums[i] }
    }

    /// Orders every node's children by `key` (biggest first, names ascending; `reversed` flips it).
    mutating func sort(by key: ClassHistogram.SortKey, reversed: Bool) {
        let nodes = self.nodes
        func before(_ a: Int, _ b: Int) -> Bool {
            let x = nodes[a], y = nodes[b]
            switch key {
            case .retained where x.retained != y.retained: return x.retained > y.retained
            case .shallow where x.shallow != y.shallow: return x.shallow > y.shallow
            case .count where x.count != y.count: return x.count > y.count
            default: return x.name.utf8.lexicographicallyPrecedes(y.name.utf8)
            }
        }
        for i in self.nodes.indices where !self.nodes[i].children.isEmpty {
            self.nodes[i].children.sort { reversed ? before($1, $0) : before($0, $1) }
        }
    }

    /// The dotted name of a package node (`java.util.concurrent`), or a class's full name.
    func fullName(_ i: Int, classes: ClassTable) -> String {
        if let c = nodes[i].classIndex { return classes[c] }
        var parts: [String] = []
        var at = i
        while at > 0 { parts.append(nodes[at].name); at = nodes[at].parent }
        return parts.reversed().joined(separator: ".")
    }

    /// The rows shown: children of expanded nodes, depth first; with `only`, just the classes it accepts and their
    /// packages (all open).
    func visible(expanded: Set<Int>, only: ((UInt32) -> Bool)? = nil) -> [Int] {
        var keep: [Bool]? = nil
        if let only {
            var k = [Bool](repeating: false, count: nodes.count)
            for i in nodes.indices {
                guard let c = nodes[i].classIndex, only(c) else { continue }
                var at = i
                while at > 0 && !k[at] { k[at] = true; at = nodes[at].parent }
            }
            keep = k
        }
        var out: [Int] = []
        var stack = Array(nodes[0].children.reversed())
        while let i = stack.popLast() {
            if let keep, !keep[i] { continue }
            out.append(i)
            if keep != nil || expanded.contains(i) { stack += nodes[i].children.reversed() }
        }
        return out
    }
}
