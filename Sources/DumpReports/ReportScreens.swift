import DumpKit
import HeapAnalysis
import HeapGraph
import HprofReader
import V8Reader

/// What the explorer's Reports screens show, in format-neutral values: the same findings `hdx report` computes
/// (HprofDump's duplicate strings, class loaders and threads; DevTools' statistics), with the nodes the screens open.
public struct ReportScreens: Sendable {
    public enum Screen: String, Sendable, CaseIterable {
        case duplicateStrings = "Duplicate strings"
        case underFilled = "Under-filled collections"
        case classLoaders = "Class loaders"
        case threads = "Threads"
        case statistics = "Statistics"
    }

    public struct Duplicate: Sendable {
        public var value: String
        public var copies: Int
        public var wastedBytes: UInt64
        public var example: UInt32
        /// Every copy, biggest first (V8: the Duplicate strings screen lists them on Enter); empty for Java.
        public var copyNodes: [UInt32] = []
        /// Self size of all copies together (V8).
        public var totalBytes: UInt64 = 0
    }

    public struct Loader: Sendable {
        public var node: UInt32
        public var className: String
        public var definedClasses: Int
        public var retained: UInt64
    }

    /// A class name defined by more than one loader, with those loaders' nodes (nil: the bootstrap loader).
    public struct DuplicateClass: Sendable {
        public var name: String
        public var loaders: [UInt32?]
    }

    public struct ThreadFrame: Sendable {
        public var text: String
        /// The objects this frame holds (Java frame roots), with their retained sizes.
        public var locals: [UInt32]
        /// What the locals retain together, each object once (a local below another in the dominator tree is not
        /// added again).
        public var retained: UInt64 = 0
    }

    public struct Thread: Sendable {
        public var name: String
        public var object: UInt32?
        public var retained: UInt64
        public var frames: [ThreadFrame]
        /// Objects held by the thread but not by one frame (JNI locals, native stack, thread block).
        public var otherLocals: [UInt32]
        /// What the thread object and all its locals retain together, each object once (MAT's thread overview
        /// counts the locals in the thread's retained heap).
        public var total: UInt64 = 0
    }

    public var duplicates: [Duplicate]?
    /// V8: how many texts are held more than once and what they waste (all of them, not only the listed ones).
    public var duplicateTotals: (groups: Int, wasted: UInt64)?
    public var underFilled: [UnderFilledCollection] = []
    public var underFilledFound = 0
    public var underFilledExamined = 0
    public var loaders: [Loader]?
    public var duplicateClasses: [DuplicateClass]?
    public var threads: [Thread]?
    public var statistics: V8Statistics?

    /// The screens that apply to this dump's format (none for HANA: its verdict and threads have their own tabs).
    public static func screens(for dump: LoadedDump) -> [Screen] {
        if dump.extras(HprofDump.self) != nil { return [.duplicateStrings, .underFilled, .classLoaders, .threads] }
        if dump.extras(V8Snapshot.self) != nil { return [.statistics, .underFilled, .duplicateStrings] }
        return []
    }

    /// Computes every screen of `dump` (seconds on a big dump: run it off the UI thread).
    public static func compute(_ dump: LoadedDump, duplicateLimit: Int = 500) -> ReportScreens {
        var r = ReportScreens()
        let index = dump.index
        let found = UnderFilledCollections.find(in: index)
        r.underFilled = found.rows
        r.underFilledExamined = found.examined
        r.underFilledFound = found.found
        if let hprof = dump.extras(HprofDump.self) {
            r.duplicates = hprof.duplicateStrings(limit: duplicateLimit).map {
                Duplicate(value: $0.value, copies: $0.copies, wastedBytes: $0.wastedBytes, example: $0.example)
            }
            r.loaders = hprof.classLoaders().map {
                Loader(node: $0.node, className: $0.className, definedClasses: $0.definedClasses, retained: $0.retained)
            }
            r.duplicateClasses = duplicateClasses(index)
            r.threads = hprof.threads.map { thread($0, index) }
                .sorted { $0.total != $1.total ? $0.total > $1.total : $0.name < $1.name }
        }
        if let v8 = dump.extras(V8Snapshot.self) {
            r.statistics = v8.statistics()
            let found = v8.duplicateStrings(limit: duplicateLimit)
            r.duplicates = found.rows.map {
                Duplicate(value: $0.value, copies: $0.copies.count, wastedBytes: $0.wastedBytes, example: $0.copies[0],
                          copyNodes: $0.copies, totalBytes: $0.totalBytes)
            }
            r.duplicateTotals = (found.groups, found.wasted)
        }
        return r
    }

    static func thread(_ t: JavaThread, _ index: HeapIndex) -> Thread {
        var frames = t.frames.map { ThreadFrame(text: $0.description, locals: []) }
        var other: [UInt32] = []
        for (f, n) in t.localRoots {
            if f >= 0 && Int(f) < frames.count {
                if !frames[Int(f)].locals.contains(n) { frames[Int(f)].locals.append(n) }
            } else if !other.contains(n) {
                other.append(n)
            }
        }
        var all = Set(other)
        for f in frames.indices {
            frames[f].retained = DominatorSets.retained(Set(frames[f].locals), tree: index.tree)
            all.formUnion(frames[f].locals)
        }
        if let o = t.object { all.insert(o) }
        return Thread(name: t.name, object: t.object, retained: t.object.map { index.tree.retained[Int($0)] } ?? 0,
                      frames: frames, otherLocals: other, total: DominatorSets.retained(all, tree: index.tree))
    }

    /// Class names defined more than once, each with its loaders (a class object's `<classloader>` field).
    static func duplicateClasses(_ index: HeapIndex) -> [DuplicateClass] {
        let classes = index.graph.classes
        var byName: [String: [Int]] = [:]
        for (k, name) in classes.names.enumerated() where classes.classObjects[k] != nil {
            byName[name, default: []].append(k)
        }
        var out: [DuplicateClass] = []
        for (name, ks) in byName where ks.count > 1 {
            let loaders = ks.map { k -> UInt32? in
                guard let co = classes.classObjects[k] else { return nil }
                return index.details.fields(of: co, limit: 4).first { $0.name == "<classloader>" }?.target
            }
            out.append(DuplicateClass(name: name, loaders: loaders))
        }
        return out.sorted { $0.loaders.count != $1.loaders.count ? $0.loaders.count > $1.loaders.count : $0.name < $1.name }
    }
}
