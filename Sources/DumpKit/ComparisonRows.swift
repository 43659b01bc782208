import HeapAnalysis
import HeapGraph

/// One class (HANA: allocator) compared between two dumps.
public struct ComparisonRow: Encodable, Sendable, Equatable {
    public struct Side: Encodable, Sendable, Equatable {
        public var count: Int
        public var shallow: UInt64
        public var retained: UInt64
    }

    public var `class`: String
    public var countDelta: Int
    public var shallowDelta: Int64
    public var retainedDelta: Int64
    public var old: Side
    public var new: Side
    /// Objects matched by id (V8 node ids of one process; HPROF addresses when the heap did not move): how many of the
    /// class are new in NEW and deleted since OLD (`countDelta == newObjects − deletedObjects`); nil when objects could
    /// not be matched. `added`/`removed` are the same numbers under their first names.
    public var newObjects: Int?
    public var deletedObjects: Int?
    public var added: Int?
    public var removed: Int?
    public var addedBytes: UInt64?
    public var removedBytes: UInt64?
}

/// A step of the dominator-tree path along which the heap grew most.
public struct GrowthStepRow: Encodable, Sendable, Equatable {
    public var key: String
    public var id: String
    public var oldId: String?
    public var oldRetained: UInt64
    public var newRetained: UInt64
    public var retainedDelta: Int64
}

extension DumpComparison {
    public func rows(top: Int? = nil, includeUnchanged: Bool = false) -> (rows: [ComparisonRow], total: Int) {
        let all = includeUnchanged ? histogram.rows : histogram.changed
        let shown = top.map { Array(all.prefix($0)) } ?? all
        let rows = shown.map { r in
            let m = objectMatch?[r.className]
            return ComparisonRow(
                class: r.className, countDelta: r.countDelta, shallowDelta: r.shallowDelta,
                retainedDelta: r.retainedDelta,
                old: .init(count: r.old.count, shallow: r.old.shallow, retained: r.old.retained),
                new: .init(count: r.new.count, shallow: r.new.shallow, retained: r.new.retained),
                newObjects: objectMatch.map { _ in m?.added ?? 0 }, deletedObjects: objectMatch.map { _ in m?.removed ?? 0 },
                added: objectMatch.map { _ in m?.added ?? 0 }, removed: objectMatch.map { _ in m?.removed ?? 0 },
                addedBytes: objectMatch.map { _ in m?.addedBytes ?? 0 },
                removedBytes: objectMatch.map { _ in m?.removedBytes ?? 0 })
        }
        return (rows, all.count)
    }

    public var growthRows: [GrowthStepRow] {
        growth.steps.map { s in
            GrowthStepRow(key: s.key, id: new.index.details.idString(s.newNode),
                          oldId: s.oldNode.map { old.index.details.idString($0) },
                          oldRetained: s.oldRetained, newRetained: s.newRetained, retainedDelta: s.delta)
        }
    }
}
