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
        byID(old: old, new: new, ids: ids, countedOld: NodeFlags(count: old.graph.nodeCount, countedOld),
             countedNew: NodeFlags(count: new.graph.nodeCount, countedNew))
    }
}
