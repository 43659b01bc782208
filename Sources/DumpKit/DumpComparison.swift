import Dispatch
import DumpInput
import DumpProgress
import HanaReader
import HeapAnalysis
import HeapGraph
import V8Reader

/// Two dumps of the same kind compared: class (HANA: allocator) rows aligned by name, and objects matched by id as
/// DevTools' Comparison view does (new, deleted, and what they weigh): V8 snapshots of one process by node id, HPROF
/// dumps by address when the heap did not move between them (`AddressStability`). When objects are matched, a
/// row's object counts are the matched ones, so its object delta is always new − deleted.
public final class DumpComparison: Sendable {
    public let old: LoadedDump
    public let new: LoadedDump
    public let histogram: HistogramDiff
    /// Per class name: objects only in NEW / only in OLD, matched by id (nil: objects could not be matched).
    public let objectMatch: [String: ObjectDelta]?
    /// The match itself (with NEW's new objects per class), when objects could be matched.
    public let match: ObjectMatch?
    /// How objects were matched: `node id`, `address`, or nil (by class counts only).
    public let matchedBy: String?
    /// Which objects the counts include, in words (V8: DevTools' rule), for headings and help; empty for allocators.
    public let countRule: String
    public let notes: [String]
    /// The dominator-tree path along which the heap grew most (HANA: down the allocator tree).
    public let growth: GrowthPath
    /// HANA pairs: IPMM per process and globally, and thread stacks counted per dump.
    public let hana: HanaComparison?
    /// Per node of NEW: OLD's node with its id (0: none), when objects were matched (the join is done once, for the
    /// match, and reused for the new retained objects).
    public let oldOfNew: ContiguousArray<UInt32>?

    public typealias ObjectDelta = ObjectMatch.Delta

    public enum Failure: Error, CustomStringConvertible {
        case differentKinds(String, String)
        public var description: String {
            switch self {
            case .differentKinds(let a, let b): return "cannot compare a \(a) dump with a \(b) dump"
            }
        }
    }

    public init(old: LoadedDump, new: LoadedDump) throws(Failure) {
        guard old.format == new.format else { throw .differentKinds(old.format.id, new.format.id) }
        self.old = old
        self.new = new
        growth = GrowthPath(old: old.index, new: new.index)
        if let a = old.extras(HanaDump.self), let b = new.extras(HanaDump.self) { hana = HanaComparison(old: a, new: b) } else { hana = nil }
        let (match, by, rule, notes, ids) = DumpComparison.matchObjects(old: old, new: new)
        self.match = match
        oldOfNew = match == nil ? nil : ids?.oldOfNew
        matchedBy = by
        countRule = rule
        objectMatch = match?.perClass
        histogram = HistogramDiff(old: old.index, new: new.index, counts: match?.perClass.mapValues { ($0.oldCount, $0.newCount) })
        self.notes = notes
    }

    /// Loads both dumps at the same time (one thread each), then compares them.
    /// `oldDump`/`newDump`: which heap dump of an HPROF file that holds several (1-based; nil = the first).
    public static func load(oldPath: String, newPath: String, oldDump: Int? = nil, newDump: Int? = nil,
                            progress: ProgressSink? = nil) throws -> DumpComparison {
        // Each thread stores its result in its own slot, under the lock.
        let slots = Locked<[Result<LoadedDump, DumpError>?]>([nil, nil])
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let path = i == 0 ? oldPath : newPath
            let sink = i == 0 ? progress : nil
            let number = i == 0 ? oldDump : newDump
            let result: Result<LoadedDump, DumpError>
            do throws(DumpError) {
                result = .success(try DumpLoader.load(path: path, dump: number, progress: sink))
            }
            catch { result = .failure(error) }
            slots.withLock { $0[i] = result }
        }
        let results = slots.withLock { $0 }
        let old = try results[0]!.get()
        let new = try results[1]!.get()
        return try DumpComparison(old: old, new: new)
    }
}
