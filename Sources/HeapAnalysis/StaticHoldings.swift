import HeapGraph

/// Memory held in static fields. A leak suspect made of class objects ("27 instances of java.lang.Class", a class
/// loader whose class list holds everything, one class) says nothing until it names the static field that holds
/// the memory (`OrderDesk.ORDER_CACHE`), as MAT's suspects do: for each class object involved, its biggest static
/// fields whose value the class alone keeps alive (the value is dominated by the class object), with what they retain.
public struct StaticHolding: Sendable, Equatable {
    /// The class object.
    public var classObject: UInt32
    /// The static field's name.
    public var field: String
    /// The field's value.
    public var target: UInt32
    /// What the value retains.
    public var retained: UInt64
}

public enum StaticHoldings {
    /// Class-object nodes of the graph (formats with class objects: HPROF).
    public static func classObjects(_ graph: HeapGraph) -> Set<UInt32> {
        Set(graph.classes.classObjects.compactMap { $0 })
    }

    /// The biggest static fields of `classes`, at most `perClass` per class and `limit` in all, biggest first; only
    /// fields whose value retains at least `minimum` bytes.
    public static func biggest(of classes: [UInt32], in index: HeapIndex, perClass: Int = 3, limit: Int = 10,
                               minimum: UInt64 = 1) -> [StaticHolding] {
        let tree = index.tree
        var out: [StaticHolding] = []
        for c in classes {
            var mine: [StaticHolding] = []
            var seen: Set<UInt32> = []
            for f in index.details.fields(of: c) {
                // Statics only: links (`<super>`, `<classloader>`) and VM-internal slots (`<resolved_references>`)
                // are named in angle brackets.
                guard let t = f.target, !f.name.hasPrefix("<"), seen.insert(t).inserted,
                      tree.idom[Int(t)] == c, tree.retained[Int(t)] >= minimum else { continue }
                mine.append(StaticHolding(classObject: c, field: f.name, target: t, retained: tree.retained[Int(t)]))
            }
            mine.sort { $0.retained != $1.retained ? $0.retained > $1.retained : $0.field < $1.field }
            out += mine.prefix(perClass)
        }
        out.sort { $0.retained != $1.retained ? $0.retained > $1.retained : $0.target < $1.target }
        return Array(out.prefix(limit))
    }

    /// The class objects a suspect is about: the instances of a class group of class objects; the suspect or its
    /// accumulation point when it is a class object; else the class objects directly below the accumulation point
    /// that retain at least `minimum` (a class loader's class list).
    static func classes(for suspect: LeakSuspect, in index: HeapIndex, classObjects: Set<UInt32>,
                        minimum: UInt64) -> [UInt32] {
        switch suspect.kind {
        case .classGroup(_, let instances):
            return instances.allSatisfy { classObjects.contains($0) } ? instances : []
        case .object(let n):
            if classObjects.contains(n) { return [n] }
            if classObjects.contains(suspect.accumulationPoint) { return [suspect.accumulationPoint] }
            return index.tree.children(of: suspect.accumulationPoint, limit: 64)
                .filter { classObjects.contains($0) && index.tree.retained[Int($0)] >= minimum }
                .prefix(10).map { $0 }
        }
    }
}
