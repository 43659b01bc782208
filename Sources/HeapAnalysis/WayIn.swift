import HeapGraph

/// The way into a leak suspect's memory, as MAT's "shortest paths to the accumulation point" tell it: the reference
/// path from where the program takes hold of the memory (a static field, a V8 root such as the global object, else
/// the GC root itself) down to the accumulation point. For a suspect held in static fields (a class loader's class
/// list, a class) the way in goes on through the biggest of them to the accumulation point below its value, so it
/// names the field that holds the memory: `OrderDesk.ORDER_CACHE → ConcurrentHashMap → table → Node[16384]`.
public enum WayIn {
    /// Where the way in ends: the suspect's accumulation point or, when static fields hold the suspect, the
    /// accumulation point below the biggest one's value.
    public static func end(of suspect: LeakSuspect, tree: DominatorTree, ratio: Double) -> UInt32 {
        guard let held = suspect.statics.first else { return suspect.accumulationPoint }
        return LeakSuspects.accumulationPoint(from: held.target, tree: tree, ratio: ratio)
    }

    /// The part of `path` (from a GC root down) from its last hold point on: the last class object that leads on
    /// through a static field (not a VM link such as `<classloader>` or a class list entry), or the last V8 root
    /// (the global object, a synthetic root); the whole path when it has neither.
    public static func trim(_ path: [UInt32], in index: HeapIndex, classObjects: Set<UInt32>) -> [UInt32] {
        guard path.count > 1 else { return path }
        var start = 0
        for i in 0..<(path.count - 1) {
            let v = path[i]
            if classObjects.contains(v) {
                if let name = index.details.referenceName(from: v, to: path[i + 1]), !name.hasPrefix("<") {
                    start = i
                }
            } else if index.graph.rootRecords(of: v).contains(where: { $0.kind == .v8Root }) {
                start = i
            }
        }
        return Array(path[start...])
    }
}
