import Dispatch
import HeapGraph

/// Which nodes of a graph count, one flag per node (slot 0, the super-root, never counts): what `ObjectMatch` and
/// `AddressStability` test per object, computed once in a tight loop instead of a call per object.
public struct NodeFlags: Sendable {
    public let flags: ContiguousArray<Bool>

    public init(_ flags: ContiguousArray<Bool>) { self.flags = flags }

    /// The nodes `counted` accepts (one call per node).
    public init(count: Int, _ counted: (UInt32) -> Bool) {
        var f = ContiguousArray<Bool>(repeating: false, count: count)
        for v in 1..<max(count, 1) { f[v] = counted(UInt32(v)) }
        flags = f
    }

    /// Nodes the GC roots reach (those with a dominator).
    public static func reachable(_ tree: DominatorTree) -> NodeFlags {
        let n = tree.idom.count
        var f = ContiguousArray<Bool>(repeating: false, count: n)
        tree.idom.withUnsafeBufferPointer { idom in
            f.withUnsafeMutableBufferPointer { f in
                for v in 1..<max(n, 1) { f[v] = idom[v] != HeapGraph.none }
            }
        }
        return NodeFlags(f)
    }

    /// Nodes with a self size above 0.
    public static func nonEmpty(_ graph: HeapGraph) -> NodeFlags {
        let n = graph.nodeCount
        var f = ContiguousArray<Bool>(repeating: false, count: n)
        graph.shallow32.withUnsafeBufferPointer { s in
            f.withUnsafeMutableBufferPointer { f in
                for v in 1..<max(n, 1) { f[v] = s[v] != 0 }
            }
        }
        return NodeFlags(f)
    }
}

extension ObjectMatch {
    /// What one side's pass over its counted objects found, per canonical class number.
    struct SideCounts: Sendable {
        var count: [Int]
        var unmatched: [Int]
        var unmatchedBytes: [UInt64]
        /// Counted objects whose id the other side has, counted, in a class of the same name.
        var matched = 0
        /// Per node: counted but not matched (NEW's new objects; empty for OLD).
        var isUnmatched: ContiguousArray<Bool>
    }

    /// One side: every counted node, looked up (`otherOf`, from the id join) on the other side.
    static func sideCounts(_ g: HeapGraph, classOf canonical: [Int], counted: NodeFlags, otherOf: ContiguousArray<UInt32>,
                           other: HeapGraph, otherClass: [Int], otherCounted: NodeFlags, names: Int,
                           keepUnmatched: Bool) -> SideCounts {
        let n = g.nodeCount
        let cls = canonical, ocls = otherClass
        var count = [Int](repeating: 0, count: names), unmatched = count
        var unmatchedBytes = [UInt64](repeating: 0, count: names)
        var isUnmatchedFlags = ContiguousArray<Bool>(repeating: false, count: keepUnmatched ? n : 0)
        var matched = 0
        g.classOf.withUnsafeBufferPointer { classOf in
        other.classOf.withUnsafeBufferPointer { otherClassOf in
        counted.flags.withUnsafeBufferPointer { counted in
        otherCounted.flags.withUnsafeBufferPointer { otherCounted in
        otherOf.withUnsafeBufferPointer { otherOf in
        cls.withUnsafeBufferPointer { cls in
        ocls.withUnsafeBufferPointer { ocls in
        count.withUnsafeMutableBufferPointer { count in
        isUnmatchedFlags.withUnsafeMutableBufferPointer { isUnmatched in
            for v in 1..<max(min(n, counted.count, otherOf.count), 1) where counted[v] {
                let c = cls[Int(classOf[v])]
                count[c] += 1
                let o = Int(otherOf[v])
                if o != 0, o < otherCounted.count, otherCounted[o], ocls[Int(otherClassOf[o])] == c {
                    matched += 1
                } else {
                    if keepUnmatched { isUnmatched[v] = true }
                    unmatched[c] += 1
                    unmatchedBytes[c] &+= g.shallowSize(UInt32(v))
                }
            }
        }}}}}}}}}
        return SideCounts(count: count, unmatched: unmatched, unmatchedBytes: unmatchedBytes, matched: matched,
                          isUnmatched: isUnmatchedFlags)
    }

    /// Matches the objects flagged in `countedOld`/`countedNew` by object id, within classes of the same name; both
    /// sides are counted at once, one per core.
    public static func byID(old: HeapIndex, new: HeapIndex, ids: IDMatches? = nil, countedOld: NodeFlags,
                            countedNew: NodeFlags) -> ObjectMatch {
        let og = old.graph, ng = new.graph
        let matches = ids ?? IDMatches(old: og, new: ng)
        // One number per class name, shared by both dumps, so "same class" is an integer compare.
        var names: [String: Int] = [:]
        var nameList: [String] = []
        func canonical(_ g: HeapGraph) -> [Int] {
            (0..<g.classes.count).map { c in
                let n = g.classes[UInt32(c)]
                if let k = names[n] { return k }
                names[n] = nameList.count
                nameList.append(n)
                return nameList.count - 1
            }
        }
        let oldClass = canonical(og), newClass = canonical(ng)
        let k = nameList.count
        let sides = SideSlots()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 {
                sides.new = sideCounts(ng, classOf: newClass, counted: countedNew, otherOf: matches.oldOfNew, other: og,
                                       otherClass: oldClass, otherCounted: countedOld, names: k, keepUnmatched: true)
            } else {
                sides.old = sideCounts(og, classOf: oldClass, counted: countedOld, otherOf: matches.newOfOld, other: ng,
                                       otherClass: newClass, otherCounted: countedNew, names: k, keepUnmatched: false)
            }
        }
        guard let a = sides.old, let b = sides.new else { preconditionFailure("a matching side did not run") }
        // New objects grouped by class: a counting sort over the canonical class numbers.
        var start = [Int](repeating: 0, count: k + 1)
        for c in 0..<k { start[c + 1] = start[c] + b.unmatched[c] }
        var nodes = [UInt32](repeating: 0, count: start[k])
        if start[k] > 0 {
            var fill = start
            ng.classOf.withUnsafeBufferPointer { classOf in
                for v in 1..<ng.nodeCount where b.isUnmatched[v] {
                    let c = newClass[Int(classOf[v])]
                    nodes[fill[c]] = UInt32(v)
                    fill[c] += 1
                }
            }
        }
        var table: [String: Delta] = [:]
        var ranges: [String: Range<Int>] = [:]
        for c in 0..<k where a.count[c] > 0 || b.count[c] > 0 {
            var d = Delta()
            d.oldCount = a.count[c]
            d.newCount = b.count[c]
            d.added = b.unmatched[c]
            d.addedBytes = b.unmatchedBytes[c]
            d.removed = a.unmatched[c]
            d.removedBytes = a.unmatchedBytes[c]
            table[nameList[c]] = d
            if d.added > 0 { ranges[nameList[c]] = start[c]..<start[c + 1] }
        }
        return ObjectMatch(common: b.matched, perClass: table, newNodes: nodes, newRange: ranges)
    }

    /// Each thread writes only its own slot, and both are read after the threads joined.
    private final class SideSlots: @unchecked Sendable {
        var old: SideCounts?
        var new: SideCounts?
    }
}
