import HeapGraph

/// Two dumps matched object by object, as DevTools' Comparison view does (`calculateSnapshotDiff`): per class, the
/// ids of the counted objects of OLD and of NEW are merged; an id in both (in the same class) is the same object, an
/// id only in NEW is new, one only in OLD is deleted. So per class `newCount = common + new` and
/// `oldCount = common + deleted`, and the object delta is always `new − deleted`.
///
/// Which objects count is the caller's rule (`counted`): V8 uses DevTools' (a self size above 0, or a native node);
/// HPROF the reachable objects, as its histogram does.
public struct ObjectMatch: Sendable {
    public struct Delta: Sendable, Equatable {
        public var added = 0
        public var removed = 0
        public var addedBytes: UInt64 = 0
        public var removedBytes: UInt64 = 0
        /// Counted objects of the class in OLD and in NEW (`newCount − oldCount == added − removed`).
        public var oldCount = 0
        public var newCount = 0
        public init() {}
    }

    /// How many counted objects both dumps have (0: probably different processes).
    public let common: Int
    public let perClass: [String: Delta]
    /// NEW's new objects, grouped by class (`newStart[name]` is the range in `newNodes`).
    let newNodes: [UInt32]
    let newRange: [String: Range<Int>]

    /// The objects of class `name` that are new in NEW (NEW's node indices, in node order).
    public func newObjects(of name: String) -> ArraySlice<UInt32> {
        guard let r = newRange[name] else { return [] }
        return newNodes[r]
    }

    /// Matches the objects `countedOld`/`countedNew` accept by object id, within classes of the same name.
    /// `ids`: both dumps' objects looked up in the other (computed here when not given).
    public static func byID(old: HeapIndex, new: HeapIndex, ids: IDMatches? = nil, countedOld: (UInt32) -> Bool,
                            countedNew: (UInt32) -> Bool) -> ObjectMatch {
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
        var deltas = [Delta](repeating: Delta(), count: nameList.count)
        var isNew = [Bool](repeating: false, count: ng.nodeCount)
        var common = 0
        for v in 1..<ng.nodeCount where countedNew(UInt32(v)) {
            let c = newClass[Int(ng.classOf[v])]
            deltas[c].newCount += 1
            let o = matches.oldOfNew[v]
            if o != 0, countedOld(o), oldClass[Int(og.classOf[Int(o)])] == c {
                common += 1
            } else {
                isNew[v] = true
                deltas[c].added += 1
                deltas[c].addedBytes &+= ng.shallowSize(UInt32(v))
            }
        }
        for v in 1..<og.nodeCount where countedOld(UInt32(v)) {
            let c = oldClass[Int(og.classOf[v])]
            deltas[c].oldCount += 1
            let n = matches.newOfOld[v]
            if n != 0, countedNew(n), newClass[Int(ng.classOf[Int(n)])] == c {
                continue
            }
            deltas[c].removed += 1
            deltas[c].removedBytes &+= og.shallowSize(UInt32(v))
        }
        // New objects grouped by class: a counting sort over the canonical class numbers.
        var start = [Int](repeating: 0, count: nameList.count + 1)
        for c in 0..<nameList.count { start[c + 1] = start[c] + deltas[c].added }
        var fill = start
        var nodes = [UInt32](repeating: 0, count: start[nameList.count])
        for v in 1..<ng.nodeCount where isNew[v] {
            let c = newClass[Int(ng.classOf[v])]
            nodes[fill[c]] = UInt32(v)
            fill[c] += 1
        }
        var table: [String: Delta] = [:]
        var ranges: [String: Range<Int>] = [:]
        for (c, d) in deltas.enumerated() where d.oldCount > 0 || d.newCount > 0 {
            table[nameList[c]] = d
            if d.added > 0 { ranges[nameList[c]] = start[c]..<start[c + 1] }
        }
        return ObjectMatch(common: common, perClass: table, newNodes: nodes, newRange: ranges)
    }
}
