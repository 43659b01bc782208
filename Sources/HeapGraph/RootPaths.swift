/// Shortest paths from GC roots to an object, over references that keep objects alive (weak edges skipped).
///
/// A breadth-first search runs backwards from the object along incoming edges; every GC root it reaches closes a
/// path, shortest first. A root is not searched past (a path through one root to another adds nothing), so the paths
/// returned end at different roots, as MAT's "shortest paths to GC roots" does.
public enum RootPaths {
    /// Up to `max` paths, each listed from the root side to `target` (both included).
    public static func shortest(in graph: HeapGraph, to target: UInt32, max: Int = 5) -> [[UInt32]] {
        guard max > 0, target != HeapGraph.superRoot, Int(target) < graph.nodeCount else { return [] }
        // next[v] = the node one step closer to target; absent = not visited.
        var next = NextMap(nodeCount: graph.nodeCount)
        next[target] = target
        var queue: [UInt32] = [target]
        var head = 0
        var paths: [[UInt32]] = []
        while head < queue.count && paths.count < max {
            let v = queue[head]
            head += 1
            let preds = graph.predecessors(v)
            // The super-root sorts first among a node's predecessors when it is one (its id is 0, and incoming
            // edges are filled in source order), but check them all: a damaged graph may differ.
            let isRoot = preds.contains { $0 == HeapGraph.superRoot }
            if !isRoot {
                for raw in preds {
                    if Edge.isWeak(raw) { continue }
                    let u = Edge.target(raw)
                    if next[u] == nil {
                        next[u] = v
                        queue.append(u)
                    }
                }
            }
            if isRoot {
                var path: [UInt32] = [v]
                var x = v
                while x != target, let n = next[x] {
                    x = n
                    path.append(x)
                }
                paths.append(path)
            }
        }
        return paths
    }

    /// The search's visited map: a hash table while the search stays small (the usual case: a few hundred nodes
    /// around the object), switched to one flat array of `nodeCount` entries once it grows past 1/16 of the graph,
    /// so a path through a chain of ten million objects costs 4 bytes per node rather than a 10-million-entry hash
    /// table. Linear time and memory either way.
    struct NextMap {
        static let absent = UInt32.max
        let nodeCount: Int
        var small: [UInt32: UInt32] = [:]
        var flat: [UInt32] = []

        init(nodeCount: Int) { self.nodeCount = nodeCount }

        subscript(_ v: UInt32) -> UInt32? {
            get {
                if flat.isEmpty { return small[v] }
                let n = flat[Int(v)]
                return n == NextMap.absent ? nil : n
            }
            set {
                let value = newValue ?? NextMap.absent
                if !flat.isEmpty { flat[Int(v)] = value; return }
                small[v] = newValue
                if small.count > Swift.max(nodeCount / 16, 4096) {
                    flat = [UInt32](repeating: NextMap.absent, count: nodeCount)
                    for (k, n) in small { flat[Int(k)] = n }
                    small = [:]
                }
            }
        }
    }

    /// The paths of `shortest` merged into one tree from the object outward (MAT's "merge shortest paths"): entry 0
    /// is the object, every entry lists the entries that retain it, every leaf is a GC root. Flat, so a path of
    /// millions of steps needs no recursion.
    public struct MergedTree: Sendable, Equatable {
        public var nodes: [UInt32] = []
        public var children: [[Int]] = []
        /// Number of paths through each entry.
        public var pathCount: [Int] = []
    }

    public static func merged(_ paths: [[UInt32]]) -> MergedTree {
        var tree = MergedTree()
        guard let target = paths.first?.last else { return tree }
        tree.nodes.append(target)
        tree.children.append([])
        tree.pathCount.append(0)
        for path in paths {
            var at = 0
            tree.pathCount[0] += 1
            for v in path.reversed().dropFirst() {
                if let i = tree.children[at].first(where: { tree.nodes[$0] == v }) {
                    at = i
                } else {
                    tree.nodes.append(v)
                    tree.children.append([])
                    tree.pathCount.append(0)
                    tree.children[at].append(tree.nodes.count - 1)
                    at = tree.nodes.count - 1
                }
                tree.pathCount[at] += 1
            }
        }
        return tree
    }
}
