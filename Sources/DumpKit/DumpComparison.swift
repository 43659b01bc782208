import Dispatch
import DumpInput
import DumpProgress
import HanaReader
import HeapAnalysis
import HeapGraph

/// Two dumps of the same kind compared: class (HANA: allocator) rows aligned by name, and for V8 snapshots of one
/// process, objects matched by node id (new, deleted, and what the new ones weigh) as DevTools' Comparison view does.
public final class DumpComparison: Sendable {
    public let old: LoadedDump
    public let new: LoadedDump
    public let histogram: HistogramDiff
    /// Per class name: objects only in NEW / only in OLD, matched by id (V8 pairs from one process).
    public let objectMatch: [String: ObjectDelta]?
    public let notes: [String]
    /// The dominator-tree path along which the heap grew most (HANA: down the allocator tree).
    public let growth: GrowthPath
    /// HANA pairs: IPMM per process and globally, and thread stacks counted per dump.
    public let hana: HanaComparison?

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
        histogram = HistogramDiff(old: old.index, new: new.index)
        growth = GrowthPath(old: old.index, new: new.index)
        if let a = old.extras(HanaDump.self), let b = new.extras(HanaDump.self) { hana = HanaComparison(old: a, new: b) } else { hana = nil }
        var notes: [String] = []
        if old.format.stableIDs {
            let match = ObjectMatch.byID(old: old.index, new: new.index)
            if match.common == 0 {
                notes.append("the snapshots share no node ids (different processes?): compared by class only")
                objectMatch = nil
            } else {
                objectMatch = match.perClass
            }
        } else {
            objectMatch = nil
            if let note = old.format.movingIDsNote { notes.append(note + ": compared by class") }
        }
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
