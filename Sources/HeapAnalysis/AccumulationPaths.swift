import HeapGraph

/// Every way into an accumulation point, as MAT's Leak Suspects "Shortest Paths To the Accumulation Point" shows
/// them: the shortest path from each hold point that reaches the object, merged into one tree from the object
/// outward. A hold point is where the program takes hold of the memory, as in `WayIn`: a class object through a
/// static field (`OrderDesk.ORDER_CACHE`), a V8 root (the global object), else a GC root (a thread, a JNI global).
/// Weak, soft and phantom references (`Reference.referent`) are not followed, and a GC root that is one only
/// because a Finalizer holds it (kind `finalizing`) is no hold point, as MAT excludes finalizer references.
///
/// One breadth-first search runs backwards from the object along incoming strong edges; a hold point closes a path
/// and is not searched past. So the ways in come shortest first, each with a shortest path, and two statics and a
/// thread local holding one object give three paths. Each static field is a way in of its own, named by its field
/// (as MAT lists each static reference as its own path): a class holding the object through two statics gives two
/// ways in, even when both statics refer to the same object. A class object met through a VM link only (its
/// `<classloader>` to a loader on the way) is passed through, and its statics are still ways in when the search
/// meets them (MAT's paths treat a class's statics as its outgoing references).
public struct AccumulationPaths: Sendable, Equatable {
    /// The object the paths lead to.
    public var target: UInt32
    /// The first `limit` paths, each from its hold point down to `target` (both included), shortest first.
    public var paths: [[UInt32]]
    /// Per path: the static field through which its hold point (a class object) holds the next object; nil when the
    /// hold point is a GC root (or V8 root).
    public var fields: [String?]
    /// Ways in found in all (at least `paths.count`); more may exist when `complete` is false.
    public var found: Int
    /// Whether the search saw every object that leads to the target (false: it stopped at its budget).
    public var complete: Bool
    /// `paths` merged from the target outward, with the number of paths through each entry; each path's hold point
    /// is an entry of its own (`holdOf`), so two statics of one class are two leaves.
    public var tree: RootPaths.MergedTree
    /// Per tree entry: the index into `paths` of the path whose hold point it is (nil: not a hold point).
    public var holdOf: [Int?]

    /// Paths found but not in `paths`.
    public var more: Int { found - paths.count }

    /// The search: at most `limit` paths kept, and at most `budget` objects visited (the count of ways in goes on
    /// past `limit` until the budget runs out, so `found` tells how many more there are).
    public static func find(in index: HeapIndex, to target: UInt32, limit: Int = 10, budget: Int = 1_000_000,
                            classObjects: Set<UInt32>) -> AccumulationPaths {
        let graph = index.graph
        var result = AccumulationPaths(target: target, paths: [], fields: [], found: 0, complete: true,
                                       tree: RootPaths.merged([]), holdOf: [])
        guard target != HeapGraph.superRoot, Int(target) < graph.nodeCount else { return result }
        if isRootHold(target, graph) {
            result.add([target], field: nil, limit: limit)
            result.merge()
            return result
        }
        // next[v]: the object one step closer to the target.
        var next: [UInt32: UInt32] = [target: target]
        // The GC roots already counted as ways in.
        var rootsHeld: Set<UInt32> = []
        var queue: [UInt32] = [target]
        var head = 0
        func path(from v: UInt32) -> [UInt32] {
            var p: [UInt32] = [v]
            var x = v
            while x != target, let n = next[x] {
                x = n
                p.append(x)
            }
            return p
        }
        while head < queue.count {
            if next.count > budget { result.complete = false; break }
            let v = queue[head]
            head += 1
            var previous: UInt32?
            for raw in graph.predecessors(v) {
                let u = Edge.target(raw)
                // A referrer's edges to one object are adjacent (sources in order): take it once.
                if Edge.isWeak(raw) || u == HeapGraph.superRoot || u == target || u == previous { continue }
                previous = u
                let statics = classObjects.contains(u) ? staticNames(from: u, to: v, index: index) : []
                if !statics.isEmpty {
                    // Each static is its own way in; the class is not searched past through them.
                    for name in statics { result.add([u] + path(from: v), field: name, limit: limit) }
                } else if isRootHold(u, graph) {
                    guard rootsHeld.insert(u).inserted else { continue }
                    result.add([u] + path(from: v) as [UInt32], field: String?.none, limit: limit)
                } else if next[u] == nil {
                    next[u] = v
                    queue.append(u)
                }
            }
        }
        result.merge()
        return result
    }

    /// Counts a way in, and keeps its path while fewer than `limit` are kept.
    mutating func add(_ path: @autoclosure () -> [UInt32], field: String?, limit: Int) {
        found += 1
        guard paths.count < limit else { return }
        paths.append(path())
        fields.append(field)
    }

    /// `tree` and `holdOf` from `paths`.
    mutating func merge() {
        (tree, holdOf) = Self.merged(paths)
    }

    /// `paths` merged from the target outward (as `RootPaths.merged`), except that each path's first object, its
    /// hold point, is an entry of its own: two ways in through one class (two statics) stay two leaves.
    /// `holdOf[i]` is the index of the path whose hold point entry `i` is.
    public static func merged(_ paths: [[UInt32]]) -> (tree: RootPaths.MergedTree, holdOf: [Int?]) {
        var tree = RootPaths.merged([])
        var holdOf: [Int?] = []
        guard let target = paths.first?.last else { return (tree, holdOf) }
        func append(_ v: UInt32, under at: Int?, hold: Int?) -> Int {
            tree.nodes.append(v)
            tree.children.append([])
            tree.pathCount.append(0)
            holdOf.append(hold)
            if let at { tree.children[at].append(tree.nodes.count - 1) }
            return tree.nodes.count - 1
        }
        _ = append(target, under: nil, hold: nil)
        for (k, path) in paths.enumerated() {
            var at = 0
            tree.pathCount[0] += 1
            if path.count < 2 { holdOf[0] = k; continue }
            for (j, v) in path.reversed().dropFirst().enumerated() {
                if j == path.count - 2 {
                    at = append(v, under: at, hold: k)
                } else if let i = tree.children[at].first(where: { tree.nodes[$0] == v && holdOf[$0] == nil }) {
                    at = i
                } else {
                    at = append(v, under: at, hold: nil)
                }
                tree.pathCount[at] += 1
            }
        }
        return (tree, holdOf)
    }

    /// Whether `u`, met as a referrer of `v`, is a hold point: a class object whose reference to `v` is a static
    /// field (not a VM link such as `<classloader>`), or a GC root / V8 root not held only by a Finalizer.
    static func isHold(_ u: UInt32, over v: UInt32, index: HeapIndex, classObjects: Set<UInt32>) -> Bool {
        if classObjects.contains(u), staticName(from: u, to: v, index: index) != nil { return true }
        return isRootHold(u, index.graph)
    }

    /// The name of a static field of class object `u` that refers to `v`, nil when only VM links (`<classloader>`,
    /// `<super>`, …) do: a class whose static holds its own loader has both to the loader, the link first.
    public static func staticName(from u: UInt32, to v: UInt32, index: HeapIndex) -> String? {
        if let name = index.details.referenceName(from: u, to: v), !name.hasPrefix("<") { return name }
        return index.details.fields(of: u, limit: Int.max).first { $0.target == v && !$0.name.hasPrefix("<") }?.name
    }

    /// The names of every static field of class object `u` that refers to `v`, in the class's field order (VM links
    /// such as `<classloader>` left out).
    public static func staticNames(from u: UInt32, to v: UInt32, index: HeapIndex) -> [String] {
        index.details.fields(of: u, limit: Int.max).compactMap { $0.target == v && !$0.name.hasPrefix("<") ? $0.name : nil }
    }

    static func isRootHold(_ u: UInt32, _ graph: HeapGraph) -> Bool {
        let records = graph.rootRecords(of: u)
        if records.contains(where: { $0.kind == .v8Root }) { return true }
        guard graph.predecessors(u).contains(where: { Edge.target($0) == HeapGraph.superRoot }) else { return false }
        return records.isEmpty || records.contains { $0.kind != .finalizing }
    }

    /// What holds the memory at a path's first object: `static field OrderDesk.ORDER_CACHE` for a class object
    /// through a static field, else the GC root kinds (`GC root: thread object`). Dump text, for the caller to
    /// pass through TerminalText where it prints it.
    public static func holder(of path: [UInt32], index: HeapIndex, classObjects: Set<UInt32>) -> String {
        guard let first = path.first else { return "" }
        let field = path.count > 1 && classObjects.contains(first)
            ? staticName(from: first, to: path[1], index: index) : nil
        return holder(of: first, field: field, index: index)
    }

    /// What holds the memory at hold point `first`: through its static `field` (`static field
    /// OrderDesk.ORDER_CACHE`), else (nil) as a GC root, by kinds (`GC root: thread object`). Dump text.
    public static func holder(of first: UInt32, field: String?, index: HeapIndex) -> String {
        if let field {
            var owner = index.details.displayClassName(first)
            if owner.hasPrefix("class ") { owner.removeFirst(6) }
            return "static field \(owner).\(field)"
        }
        let kinds = Set(index.graph.rootRecords(of: first).map { $0.kind.label }).sorted()
        return kinds.isEmpty ? "GC root" : "GC root: " + kinds.joined(separator: ", ")
    }

    /// What holds the memory on path `k` (`holder(of:field:index:)` of its hold point and static).
    public func holder(_ k: Int, index: HeapIndex) -> String {
        Self.holder(of: paths[k][0], field: fields[k], index: index)
    }
}
