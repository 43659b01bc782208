import HeapGraph

/// The values `report`, `diff` and `paths` print as JSON (keys per shared/cli.md) and render as text or HTML.
public struct PathStep: Encodable, Sendable, Equatable {
    public var id: String
    public var `class`: String
    /// The field, element index or edge name that leads to the next step; absent on the last step.
    public var field: String?
    /// On the first step: why it is a GC root.
    public var root: [String]?
    /// On a long path shortened to its first and last steps: how many steps are left out right after this one
    /// (`field` still names the reference to the first of them).
    public var omittedSteps: Int?

    /// Steps shown of a path unless told otherwise (`paths --max-steps`): the first and last halves are kept.
    public static let defaultMaxSteps = 100

    /// Steps of a node path, from the GC root to the object. A path longer than `maxSteps` (at least 2) keeps its
    /// first ⌈max/2⌉ and last ⌊max/2⌋ steps and says how many lie between, so a chain of millions of objects gives
    /// a bounded result; only the kept steps are named.
    public static func make(_ path: [UInt32], index: HeapIndex, maxSteps: Int = defaultMaxSteps) -> [PathStep] {
        let limit = Swift.max(maxSteps, 2)
        let head = path.count > limit ? (limit + 1) / 2 : path.count
        let tailStart = path.count > limit ? path.count - limit / 2 : path.count
        var steps: [PathStep] = []
        steps.reserveCapacity(Swift.min(path.count, limit))
        for i in Array(0..<head) + Array(tailStart..<path.count) {
            let n = path[i]
            let next = i + 1 < path.count ? path[i + 1] : nil
            let rootKinds = i == 0 ? index.graph.rootRecords(of: n).map { rootLabel($0) } : nil
            steps.append(PathStep(id: index.details.idString(n), class: index.details.displayClassName(n),
                                  field: next.map { index.details.referenceName(from: n, to: $0) ?? "?" },
                                  root: rootKinds.map { Array(Set($0)).sorted() },
                                  omittedSteps: i == head - 1 && tailStart > head ? tailStart - head : nil))
        }
        return steps
    }

    public static func rootLabel(_ r: GCRoot) -> String {
        r.thread != 0 ? "\(r.kind.label) (thread \(r.thread)\(r.frame >= 0 ? ", frame \(r.frame)" : ""))" : r.kind.label
    }
}

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
    /// V8 pairs of one process: objects matched by node id.
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
