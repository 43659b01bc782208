import HeapGraph

/// Leak suspects by Eclipse MAT's rule (FindLeaksQuery): a top-level dominator-tree node, or a class whose top-level
/// instances together, retaining more than `threshold` of the reachable heap; then the accumulation point, found by
/// descending into the biggest child while it keeps at least `bigDropRatio` of its parent.
public struct LeakSuspect: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// One object retains the share.
        case object(UInt32)
        /// Several top-level instances of one class retain it together.
        case classGroup(UInt32, instances: [UInt32])
    }

    public var kind: Kind
    public var retained: UInt64
    /// Share of the reachable heap, 0...1.
    public var share: Double
    /// Where the memory piles up: the deepest node on the biggest-child chain that still holds most of it.
    public var accumulationPoint: UInt32
    /// The shortest path from a GC root to the accumulation point (weak references excluded).
    public var path: [UInt32]
    /// For a suspect found inside another one (below its accumulation point): that suspect's node.
    public var parent: UInt32?
    /// When the suspect is about class objects (a group of them, one, or a class loader's class list): the static
    /// fields that hold the memory, biggest first.
    public var statics: [StaticHolding] = []
    /// The way into the memory (see `WayIn`): from the static field or root that holds it down to the accumulation
    /// point (or, for a suspect held in static fields, to the accumulation point below the biggest one's value).
    public var wayIn: [UInt32] = []

    /// The node that represents the suspect (the object, or the biggest instance of the class).
    public var node: UInt32 {
        switch kind {
        case .object(let n): return n
        case .classGroup(_, let instances): return instances.first ?? accumulationPoint
        }
    }
}

public enum LeakSuspects {
    /// `paths` gives the path from a GC root to a node (by default the shortest one, weak references excluded).
    public static func find(in index: HeapIndex, threshold: Double = 0.2, bigDropRatio: Double = 0.7,
                            maxInstances: Int = 10, paths: ((UInt32) -> [UInt32])? = nil) -> [LeakSuspect] {
        let pathTo = paths ?? { RootPaths.shortest(in: index.graph, to: $0, max: 1).first ?? [] }
        let tree = index.tree
        let total = index.reachableBytes
        guard total > 0 else { return [] }
        let top = topLevel(index)
        var suspects: [LeakSuspect] = []
        let minimum = UInt64(Double(total) * threshold)
        // Single objects; below each accumulation point, children that still exceed the threshold are suspects of
        // their own (a class loader's class list holding one leaking class's statics, a map holding a big cache).
        var work: [(UInt32, UInt32?)] = top.filter { tree.retained[Int($0)] > minimum }.map { ($0, nil) }
        while let (n, parent) = work.popLast() {
            let acc = accumulationPoint(from: n, tree: tree, ratio: bigDropRatio)
            suspects.append(LeakSuspect(kind: .object(n), retained: tree.retained[Int(n)],
                                        share: Double(tree.retained[Int(n)]) / Double(total), accumulationPoint: acc,
                                        path: pathTo(acc),
                                        parent: parent))
            for child in tree.children(of: acc, limit: 8) where tree.retained[Int(child)] > minimum {
                work.append((child, n))
            }
        }
        // Classes whose top-level instances together exceed the threshold (each alone did not).
        var byClass: [UInt32: (UInt64, [UInt32])] = [:]
        for n in top where tree.retained[Int(n)] <= minimum {
            let c = index.graph.classOf[Int(n)]
            byClass[c, default: (0, [])].0 += tree.retained[Int(n)]
            byClass[c, default: (0, [])].1.append(n)
        }
        for (c, (sum, members)) in byClass where sum > minimum && members.count > 1 {
            let biggest = TopK.select(members, limit: maxInstances) { a, b in
                tree.retained[Int(a)] != tree.retained[Int(b)] ? tree.retained[Int(a)] > tree.retained[Int(b)] : a < b
            }
            let acc = biggest[0]
            suspects.append(LeakSuspect(kind: .classGroup(c, instances: biggest), retained: sum,
                                        share: Double(sum) / Double(total), accumulationPoint: acc,
                                        path: pathTo(acc),
                                        parent: nil))
        }
        let classObjects = StaticHoldings.classObjects(index.graph)
        if !classObjects.isEmpty {
            // A field counts when it holds at least 1% of the suspect.
            for i in suspects.indices {
                let floor = max(suspects[i].retained / 100, 1)
                let classes = StaticHoldings.classes(for: suspects[i], in: index, classObjects: classObjects,
                                                     minimum: floor)
                suspects[i].statics = StaticHoldings.biggest(of: classes, in: index, minimum: floor)
            }
        }
        for i in suspects.indices {
            let end = WayIn.end(of: suspects[i], tree: tree, ratio: bigDropRatio)
            let path = end == suspects[i].accumulationPoint ? suspects[i].path : pathTo(end)
            suspects[i].wayIn = WayIn.trim(path, in: index, classObjects: classObjects)
        }
        return suspects.sorted { $0.retained != $1.retained ? $0.retained > $1.retained : $0.node < $1.node }
    }

    /// The dominator-tree nodes directly under the GC roots. V8 roots (the synthetic root, the global object,
    /// `(GC roots)`) hold everything a page or process keeps, so they are looked through: their children count as
    /// top level, as they do in DevTools.
    static func topLevel(_ index: HeapIndex) -> [UInt32] {
        var top: [UInt32] = []
        var work = index.tree.children(of: HeapGraph.superRoot)
        var expanded = 0
        while let n = work.popLast() {
            if expanded < 64, index.graph.rootRecords(of: n).contains(where: { $0.kind == .v8Root }) {
                expanded += 1
                work += index.tree.children(of: n)
            } else {
                top.append(n)
            }
        }
        return top
    }

    /// Descends while the biggest child keeps at least `ratio` of its parent's retained size.
    public static func accumulationPoint(from node: UInt32, tree: DominatorTree, ratio: Double) -> UInt32 {
        var v = node
        while let child = tree.children(of: v, limit: 1).first,
              Double(tree.retained[Int(child)]) >= ratio * Double(tree.retained[Int(v)]) {
            v = child
        }
        return v
    }
}
