import HeapGraph

/// Every way into an accumulation point, as MAT's Leak Suspects "Shortest Paths To the Accumulation Point" shows
/// them: the shortest path from each hold point that reaches the object, merged into one tree from the object
/// outward. A hold point is where the program takes hold of the memory, as in `WayIn`: a class object through a
/// static field (`OrderDesk.ORDER_CACHE`), a V8 root (the global object), else a GC root (a thread, a JNI global).
/// Weak, soft and phantom references (`Reference.referent`) are not followed, and a GC root that is one only
/// because a Finalizer holds it (kind `finalizing`) is no hold point, as MAT excludes finalizer references.
///
/// One breadth-first search runs backwards from the object along incoming strong edges; a hold point closes a path
/// and is not searched past. So the hold points come shortest first, each with a shortest path, and two statics and
/// a thread local holding one object give three paths. A class object first met through a VM link (its
/// `<classloader>` to a loader on the way) is passed through, and still becomes a hold point, once, when the search
/// later meets its static field: its path then starts with that static (MAT's paths treat a class's statics as its
/// outgoing references).
public struct AccumulationPaths: Sendable, Equatable {
    /// The object the paths lead to.
    public var target: UInt32
    /// The first `limit` paths, each from its hold point down to `target` (both included), shortest first.
    public var paths: [[UInt32]]
    /// Hold points found in all (at least `paths.count`); more may exist when `complete` is false.
    public var found: Int
    /// Whether the search saw every object that leads to the target (false: it stopped at its budget).
    public var complete: Bool
    /// `paths` merged from the target outward, with the number of paths through each entry.
    public var tree: RootPaths.MergedTree

    /// Paths found but not in `paths`.
    public var more: Int { found - paths.count }

    /// The search: at most `limit` paths kept, and at most `budget` objects visited (the count of hold points goes
    /// on past `limit` until the budget runs out, so `found` tells how many more there are).
    public static func find(in index: HeapIndex, to target: UInt32, limit: Int = 10, budget: Int = 1_000_000,
                            classObjects: Set<UInt32>) -> AccumulationPaths {
        let graph = index.graph
        var result = AccumulationPaths(target: target, paths: [], found: 0, complete: true,
                                       tree: RootPaths.merged([]))
        guard target != HeapGraph.superRoot, Int(target) < graph.nodeCount else { return result }
        if isRootHold(target, graph) {
            result.paths = [[target]]
            result.found = 1
            result.tree = RootPaths.merged(result.paths)
            return result
        }
        // next[v]: the object one step closer to the target.
        var next: [UInt32: UInt32] = [target: target]
        // The class objects already counted as hold points.
        var heldBy: Set<UInt32> = []
        var queue: [UInt32] = [target]
        var head = 0
        func path(from u: UInt32) -> [UInt32] {
            var p: [UInt32] = [u]
            var x = u
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
            for raw in graph.predecessors(v) {
                let u = Edge.target(raw)
                if Edge.isWeak(raw) || u == HeapGraph.superRoot { continue }
                if next[u] != nil {
                    // Passed through by its loader link, met again through a static field.
                    guard u != target, classObjects.contains(u), !heldBy.contains(u),
                          staticName(from: u, to: v, index: index) != nil else { continue }
                    heldBy.insert(u)
                    result.found += 1
                    if result.paths.count < limit { result.paths.append([u] + path(from: v)) }
                    continue
                }
                next[u] = v
                if isHold(u, over: v, index: index, classObjects: classObjects) {
                    heldBy.insert(u)
                    result.found += 1
                    if result.paths.count < limit { result.paths.append(path(from: u)) }
                } else {
                    queue.append(u)
                }
            }
        }
        result.tree = RootPaths.merged(result.paths)
        return result
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
        if path.count > 1, classObjects.contains(first), let name = staticName(from: first, to: path[1], index: index) {
            var owner = index.details.displayClassName(first)
            if owner.hasPrefix("class ") { owner.removeFirst(6) }
            return "static field \(owner).\(name)"
        }
        let kinds = Set(index.graph.rootRecords(of: first).map { $0.kind.label }).sorted()
        return kinds.isEmpty ? "GC root" : "GC root: " + kinds.joined(separator: ", ")
    }
}
